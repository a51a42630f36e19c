import AdminClient
import AdminSurface
import Foundation
import XCTest

/// Retries against the sandbox's fault-injection switch: bounded, honouring `Retry-After`,
/// and never applying a mutating request twice.
final class RetryTests: XCTestCase {
    var sandbox: SandboxFixture!

    override func setUp() async throws { sandbox = try await SandboxFixture.start() }
    override func tearDown() async throws { await sandbox.stop() }

    private func agentCount(named name: String) async throws -> Int {
        let response = try await sandbox.control.perform(TestOperations.contoListAgents, pathArguments: [],
                                                         query: [("search", name), ("limit", "100")], body: nil)
        let agents = try XCTUnwrap(try json(response)["agents"] as? [[String: Any]])
        return agents.filter { $0["name"] as? String == name }.count
    }

    func testTwo503sThenSuccessCreatesExactlyOneAgent() async throws {
        let name = "retry-agent-\(UUID().uuidString.prefix(8))"
        try await sandbox.injectFault(["path_prefix": "/api/agents", "method": "POST", "status": 503, "count": 2])

        let response = try await sandbox.withClient { client in
            try await client.perform(TestOperations.contoCreateAgent, pathArguments: [], query: [],
                                     body: try body(["name": name, "agentType": "CUSTOM"]))
        }
        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(try json(response)["name"] as? String, name)
        let count = try await agentCount(named: name)
        XCTAssertEqual(count, 1, "exactly one effect")

        // Both failed attempts were answered by the fault and carried the same Idempotency-Key.
        let injected = try await sandbox.injected()
        XCTAssertEqual(injected.count, 2)
        let keys = Set(injected.compactMap { $0["idempotency_key"] as? String })
        XCTAssertEqual(keys.count, 1, "one key reused across attempts: \(injected)")
        XCTAssertEqual(injected.first?["method"] as? String, "POST")
    }

    func testLostResponseIsReplayedNotReapplied() async throws {
        // The fault runs the request, then answers 503: the effect happened but the client never saw it.
        let name = "lost-response-\(UUID().uuidString.prefix(8))"
        try await sandbox.injectFault(["path_prefix": "/v1/partner/admin/templates", "method": "POST", "status": 503,
                                       "count": 1, "when": "after"])
        let response = try await sandbox.withClient { client in
            try await client.perform(TestOperations.contioCreateTemplate, pathArguments: [], query: [], body: try body(["name": name]))
        }
        XCTAssertEqual(response.status, 201)
        XCTAssertTrue(response.replayed, "the retry was answered from the sandbox's idempotency store")

        let list = try await sandbox.control.perform(TestOperations.contioListTemplates, pathArguments: [], query: [("limit", "100")], body: nil)
        let items = try XCTUnwrap(try json(list)["items"] as? [[String: Any]])
        XCTAssertEqual(items.filter { $0["name"] as? String == name }.count, 1, "the template exists once")
        XCTAssertEqual(items.first { $0["name"] as? String == name }?["id"] as? String, try json(response)["id"] as? String)
    }

    func testRetryAfterIsHonoured() async throws {
        try await sandbox.injectFault(["path_prefix": "/api/agents", "method": "GET", "status": 429, "count": 1, "retry_after": 1])
        let started = Date()
        let response = try await sandbox.withClient { client in
            try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
        }
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(response.status, 200)
        // The backoff alone would wait at most 10 ms (baseDelay 0.01): only Retry-After explains ≥ 1 s.
        XCTAssertGreaterThanOrEqual(elapsed, 0.9)
        let injectedCount = try await sandbox.injected().count
        XCTAssertEqual(injectedCount, 1)
    }

    func testPersistent503StopsAfterMaxAttempts() async throws {
        try await sandbox.injectFault(["path_prefix": "/api/agents", "method": "POST", "status": 503, "count": 50])
        let configuration = sandbox.configuration(retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 1))
        let error = await adminError {
            _ = try await self.sandbox.withClient(configuration) { client in
                try await client.perform(TestOperations.contoCreateAgent, pathArguments: [], query: [],
                                         body: try body(["name": "never", "agentType": "CUSTOM"]))
            }
        }
        XCTAssertEqual(error?.status, 503)
        XCTAssertEqual(error?.code, "service_unavailable")
        XCTAssertEqual(error?.retryable, true)
        XCTAssertEqual(error?.details["attempts"], "3")
        XCTAssertNotNil(error?.requestID)
        let injectedCount = try await sandbox.injected().count
        XCTAssertEqual(injectedCount, 3, "exactly maxAttempts requests were sent")
        let count = try await agentCount(named: "never")
        XCTAssertEqual(count, 0)
    }

    func testRetryAfterBeyondTheLongestWaitIsReportedNotAwaited() async throws {
        try await sandbox.injectFault(["path_prefix": "/api/agents", "status": 429, "count": 5, "retry_after": 120])
        let error = await adminError {
            _ = try await self.sandbox.withClient { client in
                try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.status, 429)
        XCTAssertEqual(error?.retryable, true)
        XCTAssertEqual(error?.details["retry_after"], "120")
        let injectedCount = try await sandbox.injected().count
        XCTAssertEqual(injectedCount, 1)
    }

    func testClientErrorsAreNotRetried() async throws {
        try await sandbox.injectFault(["path_prefix": "/api/agents", "status": 400, "count": 5, "code": "VALIDATION_FAILED"])
        let error = await adminError {
            _ = try await self.sandbox.withClient { client in
                try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.code, "VALIDATION_FAILED")
        XCTAssertEqual(error?.retryable, false)
        let injectedCount = try await sandbox.injected().count
        XCTAssertEqual(injectedCount, 1)
    }

    func testConnectionFailureIsRetryableAndBounded() async throws {
        // Port 1 on loopback: nothing listens, the connection is refused.
        let configuration = ClientConfiguration(conto: Endpoint(baseURL: "http://127.0.0.1:1", credentials: .conto(orgKey: sandbox.contoKey)),
                                                timeout: 1, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 1))
        let error = await adminError {
            _ = try await self.sandbox.withClient(configuration) { client in
                try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.code, "CONNECTION_FAILED")
        XCTAssertNil(error?.status)
        XCTAssertEqual(error?.retryable, true)
        XCTAssertEqual(error?.details["attempts"], "2")
        XCTAssertFalse(error?.message.contains(sandbox.contoKey) ?? true)
        XCTAssertTrue(error?.message.contains("127.0.0.1:1") ?? false, error?.message ?? "")
    }

    func testFaultsCanBeCleared() async throws {
        try await sandbox.injectFault(["path_prefix": "/api", "status": 503, "count": 10])
        let clear = AdminOperation(platform: .conto, luaName: "test.clearFaults", group: "sandbox", method: .delete,
                                   path: "/__sandbox/faults", summary: "clear")
        let cleared = try await sandbox.control.perform(clear, pathArguments: [], query: [], body: nil)
        XCTAssertEqual(try json(cleared)["cleared"] as? Int, 1)
        let response = try await sandbox.control.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
        XCTAssertEqual(response.status, 200)
    }
}
