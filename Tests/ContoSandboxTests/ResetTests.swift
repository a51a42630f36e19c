import Foundation
import HTTPTypes
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// `POST /__sandbox/reset` on the composed sandbox: every tenant of both APIs erased, the demo
/// app and org seeded again with the seed record's credentials, in one transaction.
final class ResetTests: XCTestCase {
    private var sandbox: TestSandbox!
    private var path: String { sandbox.dbPath }

    override func setUp() async throws {
        sandbox = try await TestSandbox.start(.router)
    }

    override func tearDown() async throws {
        await sandbox.stop()
    }

    private var orgKey: String { sandbox.contoOrgKey }

    /// Sends a request with the seeded credentials of the API the path belongs to (or `bearer`).
    private func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, bearer: String? = nil) async throws -> (Int, JSONValue) {
        var headers = ["Accept": "application/json"]
        if path.hasPrefix("/v1/partner/admin") {
            headers["X-API-Key"] = sandbox.contioAPIKey
            headers["X-Client-ID"] = sandbox.contioClientID
        } else {
            headers["Authorization"] = "Bearer \(bearer ?? orgKey)"
        }
        let reply = try await sandbox.send(method, path, headers: headers, body: body?.encoded())
        return (reply.status, reply.body.isEmpty ? .null : try JSONValue.parse(reply.body))
    }

    func testResetErasesEveryTenantAndKeepsTheSeededCredentials() async throws {
        let (created, _) = try await send(.post, "/api/agents", ["name": "before reset", "agentType": "CUSTOM"])
        XCTAssertEqual(created, 201)
        let (automation, _) = try await send(.post, "/v1/partner/admin/automation",
                                             ["name": "before reset", "trigger_type": "meeting_ended",
                                              "actions": [["type": "phrase_match", "config": ["phrases": ["x"]]]]])
        XCTAssertEqual(automation, 201)
        let (_, other) = try await send(.post, "/__sandbox/conto/orgs", ["name": "Second org"])
        let otherKey = try XCTUnwrap(other["orgApiKey"]?.stringValue)
        let advanced = try await send(.post, "/__sandbox/conto/clock/advance", ["seconds": 86400])
        XCTAssertEqual(advanced.0, 200)
        let fault = try await send(.post, "/__sandbox/faults", ["path_prefix": "/api/wallets", "status": 503, "count": 5])
        XCTAssertEqual(fault.0, 201)
        let recordBefore = try String(contentsOfFile: SeedRecord.path(forDatabase: path), encoding: .utf8)

        let (status, answer) = try await send(.post, "/__sandbox/reset")
        XCTAssertEqual(status, 200, answer.text)
        XCTAssertEqual(answer["reset"], true)
        XCTAssertEqual(answer["credentials"], "kept")
        XCTAssertEqual(answer["conto"]?["org_id"], sandbox.seed.conto?["org_id"])
        XCTAssertEqual(answer["contio"]?["client_id"], sandbox.seed.contio?["client_id"])
        XCTAssertFalse(answer.text.contains(orgKey), "the answer carries ids, never secrets")

        let (agents, list) = try await send(.get, "/api/agents")
        XCTAssertEqual(agents, 200, "the seeded org key still authenticates")
        XCTAssertEqual(list["agents"]?.arrayValue?.count, 0)
        let (automations, items) = try await send(.get, "/v1/partner/admin/automation")
        XCTAssertEqual(automations, 200, "the seeded Contio credentials still authenticate")
        XCTAssertEqual(items["items"]?.arrayValue?.count, 0)
        let otherTenant = try await send(.get, "/api/agents", bearer: otherKey)
        XCTAssertEqual(otherTenant.0, 401, "other tenants are gone")
        let clock = try await send(.get, "/__sandbox/conto/clock")
        XCTAssertEqual(clock.1["offsetSeconds"], 0, "the test clock is back to real time")
        let faults = try await send(.get, "/__sandbox/faults")
        XCTAssertEqual(faults.1["faults"]?.arrayValue?.count, 0, "fault rules are cleared")
        let wallets = try await send(.get, "/api/wallets")
        XCTAssertEqual(wallets.0, 200)
        XCTAssertEqual(try String(contentsOfFile: SeedRecord.path(forDatabase: path), encoding: .utf8), recordBefore)

        // The reset state is what a restart reads: seeded, not seeded again.
        try await sandbox.restart()
        XCTAssertFalse(sandbox.seededNow)
        let afterRestart = try await send(.get, "/api/agents")
        XCTAssertEqual(afterRestart.1["agents"]?.arrayValue?.count, 0)
    }

    func testResetWithoutASeedRecordRefusesAndChangesNothing() async throws {
        let kept = try await send(.post, "/api/agents", ["name": "kept", "agentType": "CUSTOM"])
        XCTAssertEqual(kept.0, 201)
        try FileManager.default.removeItem(atPath: SeedRecord.path(forDatabase: path))

        let (status, answer) = try await send(.post, "/__sandbox/reset")
        XCTAssertEqual(status, 409)
        XCTAssertEqual(answer["code"], "seed_record_missing")
        XCTAssertTrue(answer["message"]?.stringValue?.contains(path) ?? false, answer.text)
        let stillThere = try await send(.get, "/api/agents")
        XCTAssertEqual(stillThere.1["agents"]?.arrayValue?.count, 1)
    }

    func testResetOfAStateFileWithoutAServer() async throws {
        let offline = try await send(.post, "/api/agents", ["name": "offline", "agentType": "CUSTOM"])
        XCTAssertEqual(offline.0, 201)
        let answer = try await SandboxServer.reset(dbPath: path)
        XCTAssertEqual(answer["credentials"], "kept")
        // The running server on the same file serves the new state at once.
        let served = try await send(.get, "/api/agents")
        XCTAssertEqual(served.1["agents"]?.arrayValue?.count, 0)
        do {
            _ = try await SandboxServer.reset(dbPath: path + ".missing")
            XCTFail("a missing state file is an error")
        } catch let error as SandboxError {
            XCTAssertEqual(error.code, "not_found")
        }
    }
}
