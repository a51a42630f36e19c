import ContoSandbox
import HTTPTypes
import SandboxCore
import XCTest

/// The documented provisioning path, run over HTTP: policy with rules → agent → wallet →
/// provision → link with limits → assign policy → SDK key.
struct ProvisionedAgent {
    var policyId: String
    var agentId: String
    var walletId: String
    var walletAddress: String
    var sdkKeyId: String
    var sdkKey: String

    /// Allowed recipient (on the allow-list) and one that is not.
    static let vendor = "0x1111111111111111111111111111111111111111"
    static let stranger = "0x9999999999999999999999999999999999999999"

    /// Link limits: 100 per transaction, 250 per day, every day, all hours.
    static let perTx = 100.0
    static let daily = 250.0

    static func provision(_ sandbox: ContoHarness, key: String? = nil, rules: [JSONValue]? = nil) async throws -> ProvisionedAgent {
        let key = key ?? sandbox.orgKey
        func admin(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, expect: Int) async throws -> ContoHarness.Reply {
            let reply = try await sandbox.send(method, path, key: key, body)
            XCTAssertEqual(reply.status, expect, "\(method) \(path): \(reply.json.text)")
            return reply
        }
        let policy = try await admin(.post, "/api/policies", [
            "name": "Vendor payments", "policyType": "COMPOSITE", "priority": 60,
            "rules": .array(rules ?? [
                ["ruleType": "ALLOWED_COUNTERPARTIES", "operator": "IN_LIST", "value": .string("[\"\(vendor)\"]"), "action": "ALLOW"],
                ["ruleType": "REQUIRE_APPROVAL_ABOVE", "operator": "GT", "value": "80", "action": "REQUIRE_APPROVAL"],
            ]),
        ], expect: 201)
        let agent = try await admin(.post, "/api/agents", ["name": "Buyer", "agentType": "CUSTOM"], expect: 201)
        let wallet = try await admin(.post, "/api/wallets", ["name": "Ops", "custodyType": "EXTERNAL",
                                                             "address": .string(randomAddress())], expect: 201)
        try await admin(.post, "/api/wallets/provision", ["walletId": .string(wallet.string("id"))], expect: 200)
        try await admin(.post, "/api/agents/\(agent.string("id"))/wallets", [
            "walletId": .string(wallet.string("id")), "delegationType": "LIMITED", "spendLimitPerTx": .number(perTx),
            "spendLimitDaily": .number(daily), "allowedHoursStart": 0, "allowedHoursEnd": 24,
            "allowedDays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ], expect: 201)
        try await admin(.post, "/api/agents/\(agent.string("id"))/policies", ["policyId": .string(policy.string("id"))], expect: 201)
        let sdkKey = try await admin(.post, "/api/agents/\(agent.string("id"))/sdk-keys", ["name": "payments"], expect: 201)
        return ProvisionedAgent(policyId: policy.string("id"), agentId: agent.string("id"), walletId: wallet.string("id"),
                                walletAddress: wallet.string("address"), sdkKeyId: sdkKey.string("id"), sdkKey: sdkKey.string("key"))
    }

    /// A fresh EVM address (wallet creation is idempotent per address).
    static func randomAddress() -> String {
        "0x" + (0..<40).map { _ in String("0123456789abcdef".randomElement()!) }.joined()
    }

    /// `POST /api/sdk/payments/approve` with the agent's key.
    func approve(_ sandbox: ContoHarness, amount: Double, to recipient: String = vendor) async throws -> ContoHarness.Reply {
        try await sandbox.send(.post, "/api/sdk/payments/approve", key: sdkKey, [
            "amount": .number(amount), "recipientAddress": .string(recipient), "senderAddress": .string(walletAddress), "chainId": 42431,
        ])
    }

    /// Approves then confirms; asserts both succeed.
    func pay(_ sandbox: ContoHarness, amount: Double, file: StaticString = #filePath, line: UInt = #line) async throws {
        let approval = try await approve(sandbox, amount: amount)
        XCTAssertEqual(approval["approved"], true, approval.json.text, file: file, line: line)
        let confirmation = try await sandbox.send(.post, "/api/sdk/payments/\(approval.string("approvalId"))/confirm", key: sdkKey, [
            "txHash": "0x3333333333333333333333333333333333333333333333333333333333333333",
            "approvalToken": .string(approval.string("approvalToken")),
        ])
        XCTAssertEqual(confirmation.status, 200, confirmation.json.text, file: file, line: line)
        XCTAssertEqual(confirmation["confirmed"], true, file: file, line: line)
    }
}
