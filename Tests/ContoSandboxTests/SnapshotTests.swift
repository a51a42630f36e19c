import ContoSandbox
import Foundation
import GRDB
import HTTPTypes
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// `/__sandbox/snapshots`: a consistent copy of the whole state, restored in one step into the
/// running sandbox, and the diff between two states.
final class SnapshotTests: XCTestCase {
    private var sandbox: TestSandbox!

    override func setUp() async throws {
        sandbox = try await TestSandbox.start(.router)
    }

    override func tearDown() async throws {
        await sandbox.stop()
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil) async throws -> (Int, JSONValue) {
        var headers = ["Accept": "application/json"]
        if path.hasPrefix("/v1/partner/admin") {
            headers["X-API-Key"] = sandbox.contioAPIKey
            headers["X-Client-ID"] = sandbox.contioClientID
        } else {
            headers["Authorization"] = "Bearer \(sandbox.contoOrgKey)"
        }
        if body != nil { headers["Content-Type"] = "application/json" }
        let reply = try await sandbox.send(method, path, headers: headers, body: body?.encoded())
        return (reply.status, reply.body.isEmpty ? .null : try JSONValue.parse(reply.body))
    }

    private func agentCount() async throws -> Int? {
        try await send(.get, "/api/agents").1["total"]?.intValue
    }

    func testARestoredSnapshotIsWhatTheRunningSandboxServesAtOnce() async throws {
        let (created, kept) = try await send(.post, "/api/agents", ["name": "kept", "agentType": "CUSTOM"])
        XCTAssertEqual(created, 201)
        let (status, info) = try await send(.post, "/__sandbox/snapshots", ["name": "before"])
        XCTAssertEqual(status, 200, info.text)
        let file = try XCTUnwrap(info["path"]?.stringValue)

        _ = try await send(.post, "/api/agents", ["name": "later", "agentType": "CUSTOM"])
        _ = try await send(.post, "/v1/partner/admin/templates", ["name": "later template"])
        let agentsBefore = try await agentCount()
        XCTAssertEqual(agentsBefore, 2)

        let (restored, answer) = try await send(.post, "/__sandbox/snapshots/before/restore")
        XCTAssertEqual(restored, 200, answer.text)
        XCTAssertEqual(answer["restored"], true)
        let agentsAfter = try await agentCount()
        XCTAssertEqual(agentsAfter, 1, "the live pool serves the restored state on its next read")
        let one = try await send(.get, "/api/agents/\(kept["id"]?.stringValue ?? "")")
        XCTAssertEqual(one.0, 200)
        let templates = try await send(.get, "/v1/partner/admin/templates")
        XCTAssertEqual(templates.1["total"], 0, "both platforms are restored")
        let created2 = try await send(.post, "/api/agents", ["name": "after restore", "agentType": "CUSTOM"])
        XCTAssertEqual(created2.0, 201, "the restored state takes writes")
        let agentsNow = try await agentCount()
        XCTAssertEqual(agentsNow, 2, "the counts kept by triggers follow the restored rows")

        // Private files: 0600 in a 0700 folder, the seed record beside the copy.
        let folder = (file as NSString).deletingLastPathComponent
        XCTAssertEqual(try mode(folder), 0o700)
        XCTAssertEqual(try mode(file), 0o600)
        XCTAssertEqual(try mode((folder as NSString).appendingPathComponent("before.seed.json")), 0o600)
        let (_, list) = try await send(.get, "/__sandbox/snapshots")
        XCTAssertEqual(list["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["before"])
    }

    func testTheDiffNamesEachTypeAndRedactsSecrets() async throws {
        let (_, agent) = try await send(.post, "/api/agents", ["name": "Buyer", "agentType": "CUSTOM", "description": "old"])
        let id = try XCTUnwrap(agent["id"]?.stringValue)
        _ = try await send(.post, "/__sandbox/snapshots", ["name": "a"])
        _ = try await send(.patch, "/api/agents/\(id)", ["description": "new"])
        let (keyStatus, key) = try await send(.post, "/api/agents/\(id)/sdk-keys", ["name": "payments"])
        XCTAssertEqual(keyStatus, 201, key.text)
        let secret = try XCTUnwrap(key["key"]?.stringValue ?? key["apiKey"]?.stringValue ?? key["sdkKey"]?["key"]?.stringValue, key.text)

        let (status, diff) = try await send(.get, "/__sandbox/snapshots/diff?from=a")
        XCTAssertEqual(status, 200, diff.text)
        let changed = try XCTUnwrap(diff["changed"]?["agents"]?.arrayValue?.first)
        XCTAssertEqual(changed["id"]?.stringValue, id)
        XCTAssertEqual(changed["fields"]?["description"], ["old": "old", "new": "new"])
        let keys = try XCTUnwrap(diff["created"]?["sdkKeys"]?.arrayValue)
        XCTAssertEqual(keys.count, 1)
        XCTAssertEqual(keys[0]["record"]?["keyHash"], "[redacted]")
        XCTAssertEqual(diff["summary"]?["sdkKeys"]?["created"], 1)
        XCTAssertFalse(diff.text.contains(secret), "no secret in a diff")
        XCTAssertFalse(diff.text.contains(SecretHasher.hash(secret)), "not even its hash")
        XCTAssertNil(diff["changed"]?["orgApiKeys"], "a key's last use is not a change")
    }

    func testARestoreOfAnotherVersionsSnapshotIsRefusedAndChangesNothing() async throws {
        let (_, info) = try await send(.post, "/__sandbox/snapshots", ["name": "old"])
        let file = try XCTUnwrap(info["path"]?.stringValue)
        let queue = try DatabaseQueue(path: file)
        try await queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('conto.v99.future')") }
        try queue.close()
        _ = try await send(.post, "/api/agents", ["name": "stays", "agentType": "CUSTOM"])

        let (status, error) = try await send(.post, "/__sandbox/snapshots/old/restore")
        XCTAssertEqual(status, 409, error.text)
        XCTAssertEqual(error["code"], "snapshot_incompatible")
        let agents = try await agentCount()
        XCTAssertEqual(agents, 1, "nothing changed")
    }

    func testNamesAreFileNamesAndMissingSnapshotsAreNamed() async throws {
        for name in ["../escape", ".hidden", "", String(repeating: "x", count: 65), "a/b"] {
            let (status, error) = try await send(.post, "/__sandbox/snapshots", ["name": .string(name)])
            XCTAssertEqual(status, 400, "\(name): \(error.text)")
            XCTAssertEqual(error["code"], "invalid_snapshot_name")
        }
        let (status, error) = try await send(.post, "/__sandbox/snapshots/nothing-here/restore")
        XCTAssertEqual(status, 404)
        XCTAssertEqual(error["code"], "snapshot_not_found")
        let (unnamed, _) = try await send(.post, "/__sandbox/snapshots", [:])
        XCTAssertEqual(unnamed, 400)
    }

    /// scripts/bench B8 measures 100,000 agents in a release build; here 20,000 in a debug one.
    func testSnapshotAndRestoreOfALargeStateTakeSeconds() async throws {
        guard let orgId = sandbox.seed.conto?["org_id"]?.stringValue else { return XCTFail("no seeded org") }
        _ = try await BulkSeeding.addAgents(20_000, org: orgId, store: sandbox.store)
        let snapshots = SandboxSnapshots(store: sandbox.store)
        var started = Date()
        _ = try await snapshots.snapshot("big")
        let snapshotSeconds = Date().timeIntervalSince(started)
        _ = try await send(.post, "/api/agents", ["name": "one more", "agentType": "CUSTOM"])
        started = Date()
        _ = try await snapshots.restore("big")
        let restoreSeconds = Date().timeIntervalSince(started)
        let total = try await agentCount()
        XCTAssertEqual(total, 20_000)
        XCTAssertLessThan(snapshotSeconds, 5, "snapshot of 20,000 agents")
        XCTAssertLessThan(restoreSeconds, 5, "restore of 20,000 agents")
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0) & 0o777
    }
}
