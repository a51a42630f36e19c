import ContoSandbox
import SandboxCore
import XCTest

/// Restarts, tenant isolation, validation and all-or-nothing writes.
final class StateTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testStateSurvivesARestart() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        try await agent.pay(sandbox, amount: 42)
        let clockBefore = try await sandbox.admin(.get, "/__sandbox/conto/clock", expect: 200)
        try await sandbox.restart()
        let read = try await sandbox.admin(.get, "/api/agents/\(agent.agentId)", expect: 200)
        XCTAssertEqual(read["name"], "Buyer")
        XCTAssertEqual(read["wallets"]?.arrayValue?.first?["spentToday"], 42)
        XCTAssertEqual(read["policies"]?.arrayValue?.first?["id"]?.stringValue, agent.policyId)
        let wallet = try await sandbox.admin(.get, "/api/wallets/\(agent.walletId)", expect: 200)
        XCTAssertEqual(wallet["usdcBalance"], 9958)
        let clockAfter = try await sandbox.admin(.get, "/__sandbox/conto/clock", expect: 200)
        XCTAssertEqual(clockAfter["offsetSeconds"], clockBefore["offsetSeconds"], "the test clock is persisted")
        let approval = try await agent.approve(sandbox, amount: 10)
        XCTAssertEqual(approval["approved"], true, "the SDK key still authenticates after a restart")
    }

    func testTenantsAreIsolated() async throws {
        let mine = try await ProvisionedAgent.provision(sandbox)
        let other = try await sandbox.send(.post, "/__sandbox/conto/orgs", ["name": "Other Org"])
        XCTAssertEqual(other.status, 201)
        let otherKey = other.string("orgApiKey")
        try await sandbox.relax(otherKey)
        let theirs = try await ProvisionedAgent.provision(sandbox, key: otherKey)

        let list = try await sandbox.send(.get, "/api/agents", key: otherKey)
        XCTAssertEqual(list["agents"]?.arrayValue?.compactMap { $0["id"]?.stringValue }, [theirs.agentId])
        for path in ["/api/agents/\(mine.agentId)", "/api/wallets/\(mine.walletId)", "/api/policies/\(mine.policyId)"] {
            let reply = try await sandbox.send(.get, path, key: otherKey)
            XCTAssertEqual(reply.status, 404, path)
            XCTAssertEqual(reply["code"], "NOT_FOUND")
        }
        let crossLink = try await sandbox.send(.post, "/api/agents/\(theirs.agentId)/wallets", key: otherKey, ["walletId": .string(mine.walletId)])
        XCTAssertEqual(crossLink.status, 404, "another org's wallet cannot be linked")
        let crossAssign = try await sandbox.send(.post, "/api/agents/\(theirs.agentId)/policies", key: otherKey, ["policyId": .string(mine.policyId)])
        XCTAssertEqual(crossAssign.status, 404)
        // Clocks are per org: advancing one does not move the other.
        let mineBefore = try await sandbox.admin(.get, "/__sandbox/conto/clock", expect: 200)["offsetSeconds"]
        try await sandbox.send(.post, "/__sandbox/conto/clock/advance", key: otherKey, ["days": 3])
        let mineAfter = try await sandbox.admin(.get, "/__sandbox/conto/clock", expect: 200)["offsetSeconds"]
        XCTAssertEqual(mineBefore, mineAfter)
        let audit = try await sandbox.send(.get, "/api/audit-logs?resourceId=\(mine.agentId)", key: otherKey)
        XCTAssertEqual(audit["pagination"]?["total"], 0)
    }

    func testValidationNamesTheFieldAndWritesNothing() async throws {
        let cases: [(String, JSONValue, String)] = [
            ("/api/agents", ["name": .string(String(repeating: "x", count: 101)), "agentType": "CUSTOM"], "name"),
            ("/api/agents", ["name": "ok", "agentType": "ROBOT"], "agentType"),
            ("/api/agents", ["name": "ok", "agentType": "CUSTOM", "description": .string(String(repeating: "x", count: 501))], "description"),
            ("/api/agents", ["name": "ok", "agentType": "CUSTOM", "publicKey": "0x12"], "publicKey"),
            ("/api/wallets", ["name": "w", "custodyType": "EXTERNAL"], "address"),
            ("/api/wallets", ["name": "w", "chainType": "SOLANA", "chainId": "8453"], "chainId"),
            ("/api/policies", ["name": "p", "policyType": "SPEND_LIMIT", "priority": 101], "priority"),
            ("/api/policies", ["name": "p", "policyType": "SPEND_LIMIT", "rules": [["ruleType": "MAX_AMOUNT", "value": "lots"]]], "rules[0].value"),
            ("/api/policies", ["name": "p", "policyType": "SPEND_LIMIT", "rules": [["ruleType": "MAX_AMOUNT", "operator": "IN_LIST", "value": "5"]]], "rules[0].operator"),
            ("/api/counterparties", ["name": "c", "address": "nope"], "address"),
        ]
        for (path, body, field) in cases {
            let reply = try await sandbox.admin(.post, path, body, expect: 400)
            XCTAssertEqual(reply["code"], "VALIDATION_FAILED", path)
            XCTAssertTrue(reply.string("message").contains("'\(field)'"), "\(path): \(reply.string("message"))")
        }
        let agent = try await sandbox.admin(.post, "/api/agents", ["name": "Hours", "agentType": "CUSTOM"], expect: 201)
        let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "H"], expect: 201)
        let hours = try await sandbox.admin(.post, "/api/agents/\(agent.string("id"))/wallets",
                                            ["walletId": .string(wallet.string("id")), "allowedHoursEnd": 25], expect: 400)
        XCTAssertTrue(hours.string("message").contains("allowedHoursEnd"))
        let malformed = try await sandbox.admin(.post, "/api/agents", .string("{"), expect: 400)
        XCTAssertEqual(malformed["code"], "VALIDATION_FAILED")

        // A policy naming an unknown agent is refused as a whole: no policy is left behind.
        try await sandbox.admin(.post, "/api/policies", ["name": "partial", "policyType": "SPEND_LIMIT", "agentIds": ["agt_nobody"]], expect: 404)
        let policies = try await sandbox.admin(.get, "/api/policies", expect: 200)
        XCTAssertEqual(policies["policies"]?.arrayValue?.count, 0)
        let audit = try await sandbox.admin(.get, "/api/audit-logs?resource=policy", expect: 200)
        XCTAssertEqual(audit["pagination"]?["total"], 0)
    }

    func testLinkDefaultsAndRuleManagement() async throws {
        let agent = try await sandbox.admin(.post, "/api/agents", ["name": "Defaults", "agentType": "CUSTOM"], expect: 201)
        let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "D"], expect: 201)
        let link = try await sandbox.admin(.post, "/api/agents/\(agent.string("id"))/wallets", ["walletId": .string(wallet.string("id"))], expect: 201)
        XCTAssertEqual(link["delegationType"], "LIMITED")
        XCTAssertEqual(link["spendLimitPerTx"], 100)
        XCTAssertEqual(link["spendLimitDaily"], 1000)
        XCTAssertEqual(link["spendLimitWeekly"], .null)
        XCTAssertEqual(link["allowedDays"], ["Mon", "Tue", "Wed", "Thu", "Fri"])
        XCTAssertEqual(link["allowedHoursEnd"], 24)
        let cleared = try await sandbox.admin(.patch, "/api/agents/\(agent.string("id"))/wallets/\(wallet.string("id"))",
                                              ["spendLimitDaily": .null, "spendLimitWeekly": 700], expect: 200)
        XCTAssertEqual(cleared["spendLimitDaily"], .null)
        XCTAssertEqual(cleared["spendLimitWeekly"], 700)

        let policy = try await sandbox.admin(.post, "/api/policies", ["name": "Rules", "policyType": "CATEGORY"], expect: 201)
        XCTAssertEqual(policy["priority"], 50)
        let path = "/api/policies/\(policy.string("id"))/rules"
        let one = try await sandbox.admin(.post, path, ["ruleType": "ALLOWED_CATEGORIES", "value": ["CLOUD", "SAAS"]], expect: 201)
        XCTAssertEqual(one["operator"], "IN_LIST")
        XCTAssertEqual(one["value"], "[\"CLOUD\",\"SAAS\"]", "structured values are stored as JSON text")
        let two = try await sandbox.admin(.post, path, ["rules": [["ruleType": "MAX_AMOUNT", "operator": "LESS_THAN_OR_EQUAL", "value": "5"]]], expect: 201)
        XCTAssertEqual(two["rules"]?.arrayValue?.first?["operator"], "LTE")
        let ruleId = one.string("id")
        let updated = try await sandbox.admin(.patch, "\(path)/\(ruleId)", ["value": "[\"CLOUD\"]"], expect: 200)
        XCTAssertEqual(updated["value"], "[\"CLOUD\"]")
        try await sandbox.admin(.patch, "\(path)/\(ruleId)", ["value": "CLOUD"], expect: 400)
        try await sandbox.admin(.delete, "\(path)/\(ruleId)", expect: 200)
        let rules = try await sandbox.admin(.get, path, expect: 200)
        XCTAssertEqual(rules["rules"]?.arrayValue?.count, 1)
        try await sandbox.admin(.delete, "\(path)/\(ruleId)", expect: 404)
    }
}
