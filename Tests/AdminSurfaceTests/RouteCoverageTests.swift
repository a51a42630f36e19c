import AdminSurface
import Sandbox
import SandboxCore
import XCTest

/// The catalog and the sandbox's route declarations describe the same surface: on both
/// platforms every catalog operation has exactly one route (method, path and variant path as
/// the catalog says), and every API route is a catalog operation.
final class RouteCoverageTests: XCTestCase {
    func testContioRoutesMatchTheCatalog() {
        XCTAssertEqual(problems(.contio, RouteTable.contio), [])
    }

    func testContoRoutesMatchTheCatalog() {
        XCTAssertEqual(problems(.conto, RouteTable.conto), [])
    }

    /// The check itself notices a missing route, a stray one and a wrong path.
    func testCoverageCheckNoticesMissingStrayAndMisplacedRoutes() {
        var routes = RouteTable.contio.filter { $0.name != "contio.getApp" }
        routes.append(RouteDeclaration(name: "contio.noSuchOperation", role: .api, method: "GET", path: "/v1/partner/admin/nothing", variantPaths: []))
        if let index = routes.firstIndex(where: { $0.name == "contio.getTemplates" }) { routes[index].path += "s" }
        let found = problems(.contio, routes)
        XCTAssertTrue(found.contains { $0.hasPrefix("contio.getApp: 0 routes") }, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("contio.noSuchOperation") && $0.contains("no such contio operation") }, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("contio.getTemplates") && $0.contains("the catalog says GET /v1/partner/admin/templates") }, "\(found)")
    }

    /// What disagrees between the catalog's operations of `platform` and `routes`.
    private func problems(_ platform: Platform, _ routes: [RouteDeclaration]) -> [String] {
        var problems: [String] = []
        let operations = Catalog.all.filter { $0.platform == platform }
        XCTAssertFalse(operations.isEmpty, "the catalog lists no \(platform) operation")
        let api = routes.filter { $0.role == .api }
        for operation in operations {
            let served = api.filter { $0.name == operation.qualifiedName }
            guard served.count == 1, let route = served.first else {
                problems.append("\(operation.qualifiedName): \(served.count) routes")
                continue
            }
            if route.method != operation.method.rawValue || route.path != operation.path {
                problems.append("\(route): the catalog says \(operation.method.rawValue) \(operation.path)")
            }
            if route.variantPaths != [operation.variantPath].compactMap({ $0 }) {
                problems.append("\(route): variant paths \(route.variantPaths), the catalog says \(operation.variantPath ?? "none")")
            }
        }
        for route in api where Catalog.operation(route.name)?.platform != platform {
            problems.append("\(route): no such \(platform) operation in the catalog")
        }
        for route in routes where route.role == .control {
            if !route.name.hasPrefix("sandbox.") || !route.path.hasPrefix("/__sandbox/") {
                problems.append("\(route): a control route is named sandbox.* and lives under /__sandbox/")
            }
        }
        for route in routes where route.role == .sdkExtra && Catalog.operation(route.name) != nil {
            problems.append("\(route): an SDK extra that is a catalog operation must be an API route")
        }
        if routes.filter({ $0.role == .document }).count != 1 {
            problems.append("\(platform): one OpenAPI document route expected")
        }
        // No two routes answer the same method and path.
        var seen: [String: String] = [:]
        for route in routes {
            for path in [route.path] + route.variantPaths {
                let key = "\(route.method) \(path)"
                if let other = seen[key] { problems.append("\(key): both \(other) and \(route.name)") }
                seen[key] = route.name
            }
        }
        return problems
    }
}
