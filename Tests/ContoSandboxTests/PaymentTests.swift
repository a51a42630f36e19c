import ContoSandbox
import SandboxCore
import XCTest

/// Payments with an SDK key from the provisioning path, over real HTTP.
final class PaymentTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testLimitsAllowListApprovalAndNextDay() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)

        // Under every limit: approved, with the daily view of the link.
        let first = try await agent.approve(sandbox, amount: 60)
        XCTAssertEqual(first["approved"], true, first.json.text)
        XCTAssertEqual(first["limits"]?["dailyLimit"], 250)
        XCTAssertEqual(first.string("approvalToken").count, 64)
        try await agent.pay(sandbox, amount: 60)

        // Over the per-transaction link limit (100).
        let perTx = try await agent.approve(sandbox, amount: 150)
        XCTAssertEqual(perTx["approved"], false)
        XCTAssertEqual(perTx["violations"]?.arrayValue?.first?["type"], "PER_TX_LIMIT")
        XCTAssertEqual(perTx["violations"]?.arrayValue?.first?["limit"], 100)

        // 60 + 70 + 70 = 200 spent; a further 70 would make 270 > 250.
        try await agent.pay(sandbox, amount: 70)
        try await agent.pay(sandbox, amount: 70)
        let daily = try await agent.approve(sandbox, amount: 70)
        XCTAssertEqual(daily["approved"], false, daily.json.text)
        let violation = daily["violations"]?.arrayValue?.first
        XCTAssertEqual(violation?["type"], "DAILY_LIMIT")
        XCTAssertEqual(violation?["current"], 200)
        XCTAssertEqual(violation?["limit"], 250)
        XCTAssertEqual(daily["requiresHumanApproval"], false)

        // The next day the counter starts again.
        try await sandbox.admin(.post, "/__sandbox/conto/clock/advance", ["days": 1], expect: 200)
        let nextDay = try await agent.approve(sandbox, amount: 70)
        XCTAssertEqual(nextDay["approved"], true, nextDay.json.text)
        XCTAssertEqual(nextDay["limits"]?["dailyUsed"], 0)

        // Above the APPROVAL_THRESHOLD rule (80) but under the link limits: a human must approve.
        let large = try await agent.approve(sandbox, amount: 90)
        XCTAssertEqual(large["approved"], false)
        XCTAssertEqual(large["requiresHumanApproval"], true, large.json.text)

        // Not on the counterparty allow-list.
        let stranger = try await agent.approve(sandbox, amount: 10, to: ProvisionedAgent.stranger)
        XCTAssertEqual(stranger["approved"], false)
        XCTAssertEqual(stranger["violations"]?.arrayValue?.first?["type"], "WHITELIST_VIOLATION")

        // Confirmed payments show in transactions, lowered the balance and count on the link.
        let transactions = try await sandbox.admin(.get, "/api/transactions?agentId=\(agent.agentId)", expect: 200)
        XCTAssertEqual(transactions["transactions"]?.arrayValue?.count, 3)
        XCTAssertEqual(transactions["transactions"]?.arrayValue?.first?["status"], "CONFIRMED")
        let wallet = try await sandbox.admin(.get, "/api/wallets/\(agent.walletId)", expect: 200)
        XCTAssertEqual(wallet["usdcBalance"], 9800)
        let links = try await sandbox.admin(.get, "/api/agents/\(agent.agentId)/wallets", expect: 200)
        XCTAssertEqual(links["wallets"]?.arrayValue?.first?["spentToday"], 0)

        // Denials raised POLICY_VIOLATION alerts and PAYMENT_DENIED audit entries.
        let alerts = try await sandbox.admin(.get, "/api/alerts?type=POLICY_VIOLATION", expect: 200)
        XCTAssertEqual(alerts["pagination"]?["total"], 3)
        let denied = try await sandbox.admin(.get, "/api/audit-logs?action=PAYMENT_DENIED", expect: 200)
        XCTAssertEqual(denied["auditLogs"]?.arrayValue?.first?["actorType"], "AGENT")
    }

    func testFrozenAgentIsDeniedAndUnfreezeRestores() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        let frozen = try await sandbox.admin(.post, "/api/agents/\(agent.agentId)/freeze", expect: 200)
        XCTAssertEqual(frozen["status"], "SUSPENDED")
        let wallet = try await sandbox.admin(.get, "/api/wallets/\(agent.walletId)", expect: 200)
        XCTAssertEqual(wallet["status"], "FROZEN")
        let refused = try await agent.approve(sandbox, amount: 10)
        XCTAssertEqual(refused["approved"], false)
        XCTAssertEqual(refused["violations"]?.arrayValue?.first?["type"], "AGENT_NOT_ACTIVE")
        let alerts = try await sandbox.admin(.get, "/api/alerts?type=AGENT_SUSPENDED", expect: 200)
        XCTAssertEqual(alerts["alerts"]?.arrayValue?.first?["severity"], "CRITICAL")

        try await sandbox.admin(.post, "/api/agents/\(agent.agentId)/unfreeze", expect: 200)
        let restored = try await sandbox.admin(.get, "/api/wallets/\(agent.walletId)", expect: 200)
        XCTAssertEqual(restored["status"], "ACTIVE")
        let allowed = try await agent.approve(sandbox, amount: 10)
        XCTAssertEqual(allowed["approved"], true, allowed.json.text)
    }

    func testInsufficientBalance() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        let set = try await sandbox.admin(.put, "/__sandbox/conto/wallets/\(agent.walletId)/balance", ["balance": 20], expect: 200)
        XCTAssertEqual(set["balance"], 20)
        let refused = try await agent.approve(sandbox, amount: 30)
        XCTAssertEqual(refused["violations"]?.arrayValue?.first?["type"], "INSUFFICIENT_BALANCE", refused.json.text)

        // Approved while funded, then drained before confirming: the confirm is refused and nothing settles.
        let approval = try await agent.approve(sandbox, amount: 15)
        XCTAssertEqual(approval["approved"], true)
        try await sandbox.admin(.put, "/__sandbox/conto/wallets/\(agent.walletId)/balance", ["balance": 5], expect: 200)
        let confirm = try await sandbox.send(.post, "/api/sdk/payments/\(approval.string("approvalId"))/confirm", key: agent.sdkKey,
                                             ["approvalToken": .string(approval.string("approvalToken"))])
        XCTAssertEqual(confirm.status, 400)
        XCTAssertEqual(confirm["code"], "INSUFFICIENT_BALANCE")
        let transactions = try await sandbox.admin(.get, "/api/transactions", expect: 200)
        XCTAssertEqual(transactions["pagination"]?["total"], 0)
    }

    func testConfirmNeedsTheTokenAndHappensOnce() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        let approval = try await agent.approve(sandbox, amount: 10)
        let path = "/api/sdk/payments/\(approval.string("approvalId"))/confirm"
        let wrong = try await sandbox.send(.post, path, key: agent.sdkKey, ["approvalToken": .string(String(repeating: "0", count: 64))])
        XCTAssertEqual(wrong.status, 400)
        XCTAssertEqual(wrong["code"], "VALIDATION_FAILED")
        let right = try await sandbox.send(.post, path, key: agent.sdkKey, ["approvalToken": .string(approval.string("approvalToken"))])
        XCTAssertEqual(right.status, 200)
        XCTAssertEqual(right["status"], "CONFIRMING")
        let again = try await sandbox.send(.post, path, key: agent.sdkKey, ["approvalToken": .string(approval.string("approvalToken"))])
        XCTAssertEqual(again["code"], "INVALID_STATUS")

        // An approval expires after 10 minutes on the tenant clock.
        let late = try await agent.approve(sandbox, amount: 10)
        try await sandbox.admin(.post, "/__sandbox/conto/clock/advance", ["minutes": 11], expect: 200)
        let expired = try await sandbox.send(.post, "/api/sdk/payments/\(late.string("approvalId"))/confirm", key: agent.sdkKey,
                                             ["approvalToken": .string(late.string("approvalToken"))])
        XCTAssertEqual(expired["code"], "EXPIRED")
    }

    func testManagedWalletRequestExecuteAndEffectivePolicies() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        let managed = try await sandbox.admin(.post, "/api/wallets", ["name": "Managed"], expect: 201)
        XCTAssertEqual(managed["custodyType"], "PRIVY")
        XCTAssertEqual(managed["chainId"], "42431")
        XCTAssertEqual(managed["usdcBalance"], 10000)
        try await sandbox.admin(.post, "/api/agents/\(agent.agentId)/wallets", [
            "walletId": .string(managed.string("id")), "allowedDays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ], expect: 201)
        let body: JSONValue = ["amount": 40, "recipientAddress": .string(ProvisionedAgent.vendor), "idempotencyKey": "order-1"]

        // Not provisioned yet: the managed wallet cannot pay.
        let unprovisioned = try await sandbox.send(.post, "/api/sdk/payments/request", key: agent.sdkKey, body)
        XCTAssertEqual(unprovisioned["status"], "DENIED")
        XCTAssertEqual(unprovisioned["violations"]?.arrayValue?.first?["type"], "WALLET_CONFIG_ERROR")

        try await sandbox.admin(.post, "/api/wallets/provision", ["walletId": .string(managed.string("id"))], expect: 200)
        let request = try await sandbox.send(.post, "/api/sdk/payments/request", key: agent.sdkKey,
                                             ["amount": 40, "recipientAddress": .string(ProvisionedAgent.vendor), "idempotencyKey": "order-2"])
        XCTAssertEqual(request["status"], "APPROVED", request.json.text)
        XCTAssertEqual(request["wallet"]?["id"]?.stringValue, managed.string("id"), "PRIVY is preferred over EXTERNAL")
        let replay = try await sandbox.send(.post, "/api/sdk/payments/request", key: agent.sdkKey,
                                            ["amount": 40, "recipientAddress": .string(ProvisionedAgent.vendor), "idempotencyKey": "order-2"])
        XCTAssertEqual(replay.string("requestId"), request.string("requestId"))
        let conflict = try await sandbox.send(.post, "/api/sdk/payments/request", key: agent.sdkKey,
                                              ["amount": 41, "recipientAddress": .string(ProvisionedAgent.vendor), "idempotencyKey": "order-2"])
        XCTAssertEqual(conflict.status, 409)

        // The standard key lacks payments:execute; /confirm settles a /request payment too.
        let execute = try await sandbox.send(.post, "/api/sdk/payments/\(request.string("requestId"))/execute", key: agent.sdkKey)
        XCTAssertEqual(execute.status, 403)
        XCTAssertEqual(execute["requiredScope"], "payments:execute")
        let confirm = try await sandbox.send(.post, "/api/sdk/payments/\(request.string("requestId"))/confirm", key: agent.sdkKey, [:])
        XCTAssertEqual(confirm.status, 200, confirm.json.text)
        let wallet = try await sandbox.admin(.get, "/api/wallets/\(managed.string("id"))", expect: 200)
        XCTAssertEqual(wallet["usdcBalance"], 9960)

        let policies = try await sandbox.send(.get, "/api/sdk/policies?walletId=\(managed.string("id"))", key: agent.sdkKey)
        XCTAssertEqual(policies.status, 200)
        XCTAssertEqual(policies["policies"]?.arrayValue?.first?["id"]?.stringValue, agent.policyId)
        XCTAssertEqual(policies["walletLimits"]?["spentToday"], 40)
    }
}
