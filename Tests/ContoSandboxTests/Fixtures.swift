import ContoSandbox
import SandboxCore
import XCTest

/// One of everything, for tests that walk every route: path parameter values by name.
enum Fixtures {
    /// Creates the resources and returns `{parameterName: id}` plus `approvalToken`.
    static func make(_ sandbox: ContoHarness) async throws -> [String: String] {
        let agent = try await ProvisionedAgent.provision(sandbox)
        let ruleList = try await sandbox.admin(.get, "/api/policies/\(agent.policyId)/rules", expect: 200)
        let counterparty = try await sandbox.admin(.post, "/api/counterparties", [
            "name": "Vendor", "address": .string(ProvisionedAgent.randomAddress()), "status": "TRUSTED", "country": "US",
        ], expect: 201)
        try await agent.pay(sandbox, amount: 10)
        let transactions = try await sandbox.admin(.get, "/api/transactions", expect: 200)
        let approval = try await agent.approve(sandbox, amount: 5)
        // A second agent frozen and unfrozen gives an alert without blocking the first.
        let other = try await sandbox.admin(.post, "/api/agents", ["name": "Other", "agentType": "LANGCHAIN"], expect: 201)
        try await sandbox.admin(.post, "/api/agents/\(other.string("id"))/freeze", expect: 200)
        try await sandbox.admin(.post, "/api/agents/\(other.string("id"))/unfreeze", expect: 200)
        let alerts = try await sandbox.admin(.get, "/api/alerts", expect: 200)
        // A provisioned managed wallet, so /request has a wallet of its kind.
        let managed = try await sandbox.admin(.post, "/api/wallets", ["name": "Managed"], expect: 201)
        try await sandbox.admin(.post, "/api/wallets/provision", ["walletId": .string(managed.string("id"))], expect: 200)
        try await sandbox.admin(.post, "/api/agents/\(agent.agentId)/wallets", [
            "walletId": .string(managed.string("id")), "allowedDays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ], expect: 201)
        return [
            "agentId": agent.agentId, "walletId": agent.walletId, "policyId": agent.policyId, "keyId": agent.sdkKeyId,
            "ruleId": ruleList["rules"]?.arrayValue?.first?["id"]?.stringValue ?? "",
            "counterpartyId": counterparty.string("id"),
            "transactionId": transactions["transactions"]?.arrayValue?.first?["id"]?.stringValue ?? "",
            "alertId": alerts["alerts"]?.arrayValue?.first?["id"]?.stringValue ?? "",
            "paymentId": approval.string("approvalId"), "approvalToken": approval.string("approvalToken"),
            "sdkKey": agent.sdkKey, "managedWalletId": managed.string("id"),
        ]
    }

    /// `template` with each `{name}` replaced by its fixture id.
    static func fill(_ template: String, _ ids: [String: String]) -> String {
        var path = template
        for (name, id) in ids { path = path.replacingOccurrences(of: "{\(name)}", with: id) }
        return path
    }

    /// A JSON value with `"{name}"` strings replaced by fixture ids.
    static func fill(_ value: JSONValue, _ ids: [String: String]) -> JSONValue {
        switch value {
        case .string(let text):
            if text.hasPrefix("{"), text.hasSuffix("}"), let id = ids[String(text.dropFirst().dropLast())] { return .string(id) }
            return value
        case .array(let items): return .array(items.map { fill($0, ids) })
        case .object(let members): return .object(members.mapValues { fill($0, ids) })
        default: return value
        }
    }

    /// The operations of the served OpenAPI document: (method, path template, operation object).
    static func operations(_ sandbox: ContoHarness) async throws -> [(method: String, path: String, operation: JSONValue)] {
        let document = try await sandbox.send(.get, "/api/openapi")
        XCTAssertEqual(document.status, 200)
        var result: [(String, String, JSONValue)] = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] { result.append((method.uppercased(), path, operation)) }
        }
        return result.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
    }
}
