import ContoSandbox
import HTTPTypes
import SandboxCore
import XCTest

/// Every operation of `/api/openapi` is served, and its responses validate against the document.
final class ContractTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testEveryDocumentedOperationIsServedAndMatchesItsSchemas() async throws {
        let document = try await sandbox.send(.get, "/api/openapi")
        XCTAssertEqual(document["openapi"], "3.1.0")
        let validator = SchemaValidator(components: document["components"]?["schemas"]?.objectValue ?? [:])
        let operations = try await Fixtures.operations(sandbox)
        XCTAssertGreaterThanOrEqual(operations.count, 60)
        // Deletes last, and each against fresh fixtures, so no operation removes another's inputs.
        let ordered = operations.filter { $0.method != "DELETE" } + operations.filter { $0.method == "DELETE" }
        var ids = try await Fixtures.make(sandbox)
        for (method, template, operation) in ordered {
            let operationId = operation["operationId"]?.stringValue ?? ""
            if method == "DELETE" || operationId == "payments.confirm" || operationId == "payments.execute" {
                ids = try await Fixtures.make(sandbox)
            }
            var body = operation["requestBody"]?["content"]?["application/json"]?["example"].map { Fixtures.fill($0, ids) }
            if operationId == "payments.execute" {
                // A /request payment (managed wallet) to execute, with a key that may execute.
                ids["paymentId"] = try await managedRequest(ids)
                ids["sdkKey"] = try await sandbox.admin(.post, "/api/agents/\(ids["agentId"]!)/sdk-keys",
                                                        ["name": "exec", "keyType": "admin"], expect: 201).string("key")
            }
            if operationId == "agents.linkWallet" {
                // The fixture wallet is already linked: link a new one.
                let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "Another"], expect: 201)
                body = Fixtures.fill(body ?? .null, ["walletId": wallet.string("id")])
            }
            let key = template.hasPrefix("/api/sdk/") ? ids["sdkKey"] : sandbox.orgKey
            let reply = try await sandbox.send(HTTPRequest.Method(method)!, Fixtures.fill(template, ids), key: key, body)
            let expected = operation["responses"]?.objectValue ?? [:]
            XCTAssertTrue(reply.status < 300, "\(method) \(template) → \(reply.status): \(reply.json.text)")
            guard let schema = expected[String(reply.status)]?["content"]?["application/json"]?["schema"] else {
                XCTFail("\(method) \(template) answered \(reply.status), which the document does not declare")
                continue
            }
            let problems = validator.problems(reply.json, schema)
            XCTAssertEqual(problems, [], "\(method) \(template)")
        }
    }

    func testErrorsAndEveryMutationIsAudited() async throws {
        let document = try await sandbox.send(.get, "/api/openapi")
        let validator = SchemaValidator(components: document["components"]?["schemas"]?.objectValue ?? [:])
        let errorSchema: JSONValue = ["$ref": "#/components/schemas/Error"]
        let before = try await sandbox.admin(.get, "/api/audit-logs?limit=100", expect: 200)["pagination"]?["total"]?.numberValue ?? 0
        try await sandbox.admin(.post, "/api/agents", ["name": "Audited", "agentType": "CUSTOM"], expect: 201)
        let after = try await sandbox.admin(.get, "/api/audit-logs?resource=agent&action=CREATE", expect: 200)
        XCTAssertEqual(after["auditLogs"]?.arrayValue?.first?["actorType"], "API_KEY")
        let total = try await sandbox.admin(.get, "/api/audit-logs", expect: 200)["pagination"]?["total"]?.numberValue ?? 0
        XCTAssertEqual(total, before + 1)

        let failures: [(HTTPRequest.Method, String, JSONValue?, Int)] = [
            (.post, "/api/agents", ["name": "", "agentType": "CUSTOM"], 400),
            (.get, "/api/agents/agt_missing", nil, 404),
            (.get, "/api/agents?limit=0", nil, 400),
        ]
        for (method, path, body, status) in failures {
            let reply = try await sandbox.admin(method, path, body, expect: status)
            XCTAssertEqual(validator.problems(reply.json, errorSchema), [], path)
        }
        let unchanged = try await sandbox.admin(.get, "/api/audit-logs", expect: 200)["pagination"]?["total"]?.numberValue ?? 0
        XCTAssertEqual(unchanged, total, "failed calls write no audit entry")
    }

    /// A managed wallet linked to the fixture agent and a /request payment from it.
    private func managedRequest(_ ids: [String: String]) async throws -> String {
        let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "Managed"], expect: 201)
        try await sandbox.admin(.post, "/api/wallets/provision", ["walletId": .string(wallet.string("id"))], expect: 200)
        try await sandbox.admin(.post, "/api/agents/\(ids["agentId"]!)/wallets", [
            "walletId": .string(wallet.string("id")), "allowedDays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        ], expect: 201)
        let request = try await sandbox.send(.post, "/api/sdk/payments/request", key: ids["sdkKey"], [
            "amount": 5, "recipientAddress": .string(ProvisionedAgent.vendor), "walletId": .string(wallet.string("id")),
        ])
        XCTAssertEqual(request["status"], "APPROVED", request.json.text)
        return request.string("requestId")
    }
}
