import ContoSandbox
import SandboxCore
import XCTest

/// List routes page, filter and count in SQL; reads stamp key usage without a write per request.
final class ListingTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    private func createAgent(_ name: String, description: String? = nil) async throws -> String {
        var body: [String: JSONValue] = ["name": .string(name), "agentType": "CUSTOM"]
        if let description { body["description"] = .string(description) }
        return try await sandbox.admin(.post, "/api/agents", .object(body), expect: 201).string("id")
    }

    private func names(_ reply: ContoHarness.Reply, _ key: String = "agents") -> [String] {
        reply[key]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    }

    func testAgentListFiltersSearchesCountsAndPagesInCreationOrder() async throws {
        _ = try await createAgent("Alpha")
        _ = try await createAgent("ÉCLAIR helper")
        _ = try await createAgent("Gamma", description: "Buys éclairs for the office")
        let deleted = try await createAgent("Delta éclair")
        _ = try await createAgent("Epsilon")
        try await sandbox.admin(.delete, "/api/agents/\(deleted)", expect: 200)

        let all = try await sandbox.admin(.get, "/api/agents", expect: 200)
        XCTAssertEqual(names(all), ["Alpha", "ÉCLAIR helper", "Gamma", "Epsilon"], "revoked agents are left out unless asked for")
        XCTAssertEqual(all["total"], 4)

        // Case folding beyond ASCII, in name or description; the revoked match stays out.
        let search = try await sandbox.admin(.get, "/api/agents?search=%C3%A9clair", expect: 200)
        XCTAssertEqual(names(search), ["ÉCLAIR helper", "Gamma"])
        XCTAssertEqual(search["total"], 2)

        let revoked = try await sandbox.admin(.get, "/api/agents?status=REVOKED&search=%C3%89CLAIR", expect: 200)
        XCTAssertEqual(names(revoked), ["Delta éclair"])

        let page = try await sandbox.admin(.get, "/api/agents?limit=2&offset=1", expect: 200)
        XCTAssertEqual(names(page), ["ÉCLAIR helper", "Gamma"])
        XCTAssertEqual(page["total"], 4, "total counts every match, not the page")
        XCTAssertEqual(page["limit"], 2)
        XCTAssertEqual(page["offset"], 1)

        let beyond = try await sandbox.admin(.get, "/api/agents?offset=10", expect: 200)
        XCTAssertEqual(names(beyond), [])
        XCTAssertEqual(beyond["total"], 4)
    }

    func testNewestFirstListsPageFromTheNewestAndFilterBeforeCounting() async throws {
        for name in ["One", "Two", "Three"] { _ = try await createAgent(name) }
        let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "Ops", "custodyType": "EXTERNAL",
                                                                     "address": .string(ProvisionedAgent.randomAddress())], expect: 201)
        let audit = try await sandbox.admin(.get, "/api/audit-logs?resource=agent&action=CREATE&limit=2", expect: 200)
        let created = audit["auditLogs"]?.arrayValue?.compactMap { $0["newState"]?["name"]?.stringValue }
        XCTAssertEqual(created, ["Three", "Two"], audit.json.text)
        XCTAssertEqual(audit["pagination"]?["total"], 3)
        XCTAssertEqual(audit["pagination"]?["hasMore"], true)
        let walletEntries = try await sandbox.admin(.get, "/api/audit-logs?resourceId=\(wallet.string("id"))", expect: 200)
        XCTAssertEqual(walletEntries["pagination"]?["total"], 1)
        XCTAssertEqual(walletEntries["pagination"]?["hasMore"], false)

        let wallets = try await sandbox.admin(.get, "/api/wallets?chainType=EVM&status=ACTIVE", expect: 200)
        XCTAssertEqual(wallets["wallets"]?.arrayValue?.count, 1)
        try await sandbox.admin(.delete, "/api/wallets/\(wallet.string("id"))", expect: 200)
        let afterDelete = try await sandbox.admin(.get, "/api/wallets", expect: 200)
        XCTAssertEqual(afterDelete["pagination"]?["total"], 0, "deleted wallets are not listed")
    }

    func testReadsStampLastUsedAtWithoutLosingIt() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        func lastUsed() async throws -> Date? {
            let keys = try await sandbox.admin(.get, "/api/agents/\(agent.agentId)/sdk-keys", expect: 200)
            let key = keys["sdkKeys"]?.arrayValue?.first { $0["id"]?.stringValue == agent.sdkKeyId }
            return key?["lastUsedAt"]?.stringValue.flatMap(ISO8601.parse)
        }
        let unused = try await lastUsed()
        XCTAssertNil(unused, "a new key was never used")

        let read = try await sandbox.send(.get, "/api/sdk/policies?walletId=\(agent.walletId)", key: agent.sdkKey)
        XCTAssertEqual(read.status, 200, read.json.text)
        let stamped = try await lastUsed()
        let first = try XCTUnwrap(stamped, "a GET stamps the key")

        try await sandbox.admin(.post, "/__sandbox/conto/clock/advance", ["seconds": 3600], expect: 200)
        _ = try await sandbox.send(.get, "/api/sdk/policies?walletId=\(agent.walletId)", key: agent.sdkKey)
        let restamped = try await lastUsed()
        let second = try XCTUnwrap(restamped)
        XCTAssertGreaterThanOrEqual(second.timeIntervalSince(first), 3600, "the next read an hour later stamps again")

        try await sandbox.restart()
        let reread = try await lastUsed()
        let afterRestart = try XCTUnwrap(reread)
        XCTAssertEqual(afterRestart.timeIntervalSince1970, second.timeIntervalSince1970, accuracy: 0.001, "the stamp was committed")
    }
}

/// `Idempotency-Key` on mutating calls: a repeat replays, a different body conflicts.
final class IdempotencyTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testARepeatedCreateIsAppliedOnceAndADifferentBodyConflicts() async throws {
        let body: JSONValue = ["name": "Once", "agentType": "CUSTOM"]
        let first = try await sandbox.send(.post, "/api/agents", key: sandbox.orgKey, body, idempotencyKey: "create-once-1")
        let second = try await sandbox.send(.post, "/api/agents", key: sandbox.orgKey, body, idempotencyKey: "create-once-1")
        XCTAssertEqual(first.status, 201)
        XCTAssertEqual(second.status, 201, "the replay answers as the first call did")
        XCTAssertEqual(second.string("id"), first.string("id"), "the same agent, not a second one")
        let list = try await sandbox.admin(.get, "/api/agents?search=Once", expect: 200)
        XCTAssertEqual(list["total"], 1)

        let other = try await sandbox.send(.post, "/api/agents", key: sandbox.orgKey, ["name": "Twice", "agentType": "CUSTOM"],
                                           idempotencyKey: "create-once-1")
        XCTAssertEqual(other.status, 409)
        XCTAssertEqual(other["code"], "IDEMPOTENCY_CONFLICT")

        let failed = try await sandbox.send(.post, "/api/agents", key: sandbox.orgKey, ["name": "", "agentType": "CUSTOM"],
                                            idempotencyKey: "create-once-2")
        XCTAssertEqual(failed.status, 400)
        let retried = try await sandbox.send(.post, "/api/agents", key: sandbox.orgKey, ["name": "", "agentType": "CUSTOM"],
                                             idempotencyKey: "create-once-2")
        XCTAssertEqual(retried.status, 400, "a failed call committed nothing, so its key runs the call again")
        let audit = try await sandbox.admin(.get, "/api/audit-logs?action=CREATE&resource=agent", expect: 200)
        XCTAssertEqual(audit["pagination"]?["total"], 1, "one agent created, one audit entry")
    }
}
