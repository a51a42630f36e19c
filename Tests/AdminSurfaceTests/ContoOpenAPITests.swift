import AdminSurface
import XCTest

/// The Conto catalog against the sandbox's own OpenAPI document (`GET /api/openapi`), which is
/// generated from the route table the sandbox serves.
final class ContoOpenAPITests: XCTestCase {
    /// The API's routes: under `/api` (admin and agent-key `/api/sdk/*`), minus the document itself.
    static func isAPIRoute(_ path: String) -> Bool {
        path.hasPrefix("/api/") && path != "/api/openapi"
    }

    func apiRoutes() async throws -> [SpecOperation] {
        let session = try await SandboxSession.start()
        let reply = try await session.send("GET", "/api/openapi")
        await session.stop()
        XCTAssertEqual(reply.status, 200)
        let document = try XCTUnwrap(reply.json as? JSONObject, "GET /api/openapi did not answer a JSON object")
        return SpecOperation.openAPI(document, include: Self.isAPIRoute)
    }

    func testCatalogAndSandboxServeTheSameRoutes() async throws {
        let routes = try await apiRoutes()
        XCTAssertFalse(routes.isEmpty)
        let served = Set(routes.map { "\($0.method) \($0.path)" })
        let declared = Set(Catalog.conto.map { "\($0.method.rawValue) \($0.path)" })
        XCTAssertEqual(declared.subtracting(served).sorted(), [], "in the catalog, not served by the sandbox")
        XCTAssertEqual(served.subtracting(declared).sorted(), [], "served by the sandbox, not in the catalog")
        XCTAssertEqual(declared.count, Catalog.conto.count, "two catalog entries share a route")
    }

    func testNamesScopesAndParametersAgree() async throws {
        var problems: [String] = []
        for route in try await apiRoutes() {
            guard let op = Catalog.conto.first(where: { $0.method.rawValue == route.method && $0.path == route.path }) else { continue }
            if op.luaName != route.operationId { problems.append("\(route): catalog name \(op.luaName)") }
            if op.scope != route.scope { problems.append("\(route): catalog scope \(op.scope ?? "nil"), sandbox \(route.scope ?? "nil")") }
            let ourQuery = Set(op.parameters.filter { $0.location == .query }.map(\.name))
            if ourQuery != Set(route.query.keys) { problems.append("\(route): query \(ourQuery.sorted()) vs \(route.query.keys.sorted())") }
            problems += ParameterConformance.problems(op, route)
        }
        XCTAssertEqual(problems, [], problems.joined(separator: "\n"))
    }
}
