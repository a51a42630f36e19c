import Foundation
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// Contio through the shared pipeline, in-process: its OpenAPI document comes from the route
/// declarations, and an idempotency key is recorded in the same transaction as its effect.
final class PipelineTests: XCTestCase {
    var fixture: SandboxFixture!

    override func setUp() async throws { fixture = try await SandboxFixture.start(.router) }
    override func tearDown() async throws { await fixture.stop() }

    func testOpenAPIDocumentListsEveryDeclaredOperation() async throws {
        let reply = try await fixture.sandbox.send(.get, "/v1/partner/admin/openapi.json")
        XCTAssertEqual(reply.status, 200, "the document needs no credential")
        let document = try XCTUnwrap(reply.json)
        XCTAssertEqual(document["openapi"], "3.1.0")
        let paths = try XCTUnwrap(document["paths"]?.objectValue)
        for route in RouteTable.contio where route.role == .api {
            for path in [route.path] + route.variantPaths {
                let operation = paths[path]?[route.method.lowercased()]
                XCTAssertEqual(operation?["operationId"]?.stringValue, String(route.name.dropFirst("contio.".count)), "\(route)")
                XCTAssertEqual(operation?["security"], [["apiKey": []]], "\(route)")
            }
        }
        XCTAssertNotNil(paths["/v1/partner/admin/openapi.json"]?["get"])
        XCTAssertFalse(paths.keys.contains { $0.hasPrefix("/__sandbox") }, "control routes are not part of the API")
        XCTAssertNil(paths["/v1/partner/admin/toolkits/{toolkitId}"]?["put"], "SDK extras are not documented")
        XCTAssertNotNil(paths["/v1/partner/admin/workspaces"]?["get"], "getWorkspaces is a catalog operation")
        let documented = paths.values.reduce(0) { $0 + ($1.objectValue?.count ?? 0) }
        let declared = RouteTable.contio.filter { $0.role == .api }.reduce(0) { $0 + 1 + $1.variantPaths.count }
        XCTAssertEqual(documented, declared + 1, "every API route and variant, and the document itself")
    }

    func testFailedCallLeavesNoIdempotencyKeyAndASuccessfulOneReplays() async throws {
        let app = fixture.demo
        let key = ["Idempotency-Key": "create-durable-1"]
        let refused = try await app.call("POST", "/templates", ["name": ""], headers: key)
        XCTAssertEqual(refused.status, 400)
        // The refusal rolled back with its transaction: the key is free for the corrected call.
        let created = try await app.call("POST", "/templates", ["name": "Durable"], headers: key)
        XCTAssertEqual(created.status, 201)
        XCTAssertNil(created.header("Idempotent-Replayed"))
        let replayed = try await app.call("POST", "/templates", ["name": "Durable"], headers: key)
        XCTAssertEqual(replayed.status, 201)
        XCTAssertEqual(replayed.header("Idempotent-Replayed"), "true")
        XCTAssertEqual(replayed["id"], created["id"])
        XCTAssertEqual(replayed.header("X-Request-ID"), created.header("X-Request-ID"), "the recorded answer, as it was")
        let list = try await app.call("GET", "/templates")
        XCTAssertEqual(list["items"]?.arrayValue?.filter { $0["name"] == "Durable" }.count, 1, "one effect for two calls")
        let conflict = try await app.call("POST", "/templates", ["name": "Other"], headers: key)
        XCTAssertEqual(conflict.status, 409)
        XCTAssertEqual(conflict["code"], "idempotency_key_reused")
    }

    /// GETs run in a read transaction; the key's last use is stamped afterwards, when due.
    func testReadsStampTheKeysLastUseAfterwards() async throws {
        let app = fixture.demo
        func lastUsed() async throws -> Date? {
            let status = try await app.call("GET", "/credentials")
            XCTAssertEqual(status.status, 200)
            return status["api_key"]?["last_used_at"]?.stringValue.flatMap(SandboxTime.parse)
        }
        _ = try await lastUsed()
        let stamped = try await lastUsed()
        let first = try XCTUnwrap(stamped, "a read stamps the key it used")
        try await app.advanceClock(seconds: 60)
        _ = try await lastUsed()
        let restamped = try await lastUsed()
        let later = try XCTUnwrap(restamped)
        XCTAssertGreaterThanOrEqual(later.timeIntervalSince(first), 59, "stamped on the app's clock, once due again")
    }

    func testListsPageInTheStoreAndCountEverything() async throws {
        let app = fixture.demo
        for index in 0..<7 {
            let created = try await app.call("POST", "/templates", ["name": .string("T\(index)")])
            XCTAssertEqual(created.status, 201)
        }
        let before = try await app.call("GET", "/templates?limit=100")
        let total = try XCTUnwrap(before["total"]?.intValue)
        let page = try await app.call("GET", "/templates?limit=3&offset=\(total - 5)")
        XCTAssertEqual(page["total"]?.intValue, total)
        XCTAssertEqual(page["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["T2", "T3", "T4"], "creation order")
        let tail = try await app.call("GET", "/templates?limit=3&offset=\(total - 1)")
        XCTAssertEqual(tail["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["T6"])
    }
}
