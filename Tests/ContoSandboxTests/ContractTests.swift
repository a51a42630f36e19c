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
        XCTAssertGreaterThanOrEqual(operations.count, 55)
        // Reads share one set of fixtures; every other operation gets fresh ones, so no operation
        // consumes another's inputs (a resolved alert, a replaced rule, a deleted agent).
        let shared = try await Fixtures.make(sandbox)
        for (method, template, operation) in operations {
            let operationId = operation["operationId"]?.stringValue ?? ""
            var ids = method == "GET" ? shared : try await Fixtures.make(sandbox)
            if operationId == "agents.linkWallet" {
                // The fixture wallets are linked already: link a new one.
                ids["walletId"] = try await sandbox.admin(.post, "/api/wallets", ["name": "Another"], expect: 201).string("id")
            }
            if operationId == "sdk.payments.execute" {
                // A /request payment from the managed wallet, and a key that may execute.
                ids["paymentId"] = try await managedRequest(ids)
                ids["sdkKey"] = try await sandbox.admin(.post, "/api/agents/\(ids["agentId"]!)/sdk-keys",
                                                        ["name": "exec", "keyType": "admin"], expect: 201).string("key")
            }
            let body = operation["requestBody"]?["content"]?["application/json"]?["example"].map { Fixtures.fill($0, ids) }
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

    /// A /request payment from the fixture's managed wallet.
    private func managedRequest(_ ids: [String: String]) async throws -> String {
        let request = try await sandbox.send(.post, "/api/sdk/payments/request", key: ids["sdkKey"], [
            "amount": 5, "recipientAddress": .string(ProvisionedAgent.vendor), "walletId": .string(ids["managedWalletId"]!),
        ])
        XCTAssertEqual(request["status"], "APPROVED", request.json.text)
        return request.string("requestId")
    }
}
