import Foundation
import HTTPTypes
import SandboxCore
import XCTest

/// The shared pipeline's fixed order, observed on Conto (in-process): fault injection before
/// authentication, authentication before the idempotency check, scope before the rate limit.
final class PipelineOrderTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testFaultInjectionAnswersBeforeAuthentication() async throws {
        let fault = try await sandbox.send(.post, "/__sandbox/faults", ["path_prefix": "/api/agents", "method": "GET", "status": 503])
        XCTAssertEqual(fault.status, 201)
        let faulted = try await sandbox.send(.get, "/api/agents")   // no key at all
        XCTAssertEqual(faulted.status, 503, faulted.json.text)
        let next = try await sandbox.send(.get, "/api/agents")
        XCTAssertEqual(next.status, 401, "the rule is spent; now authentication answers")
        XCTAssertEqual(next["code"], "AUTH_FAILED")
    }

    func testAuthenticationComesBeforeTheIdempotencyCheck() async throws {
        let anonymous = try await sandbox.send(.post, "/api/agents", ["name": "x", "agentType": "CUSTOM"], idempotencyKey: "bad\tkey")
        XCTAssertEqual(anonymous.status, 401)
        let known = try await sandbox.send(.post, "/api/agents", key: sandbox.orgKey, ["name": "x", "agentType": "CUSTOM"], idempotencyKey: "bad\tkey")
        XCTAssertEqual(known.status, 400)
        XCTAssertTrue(known.string("message").contains("Idempotency-Key"), known.string("message"))
    }

    func testRefusedScopeDrawsNothingFromTheRateBudget() async throws {
        let readOnly = try await sandbox.orgKey(preset: "READ_ONLY")
        try await sandbox.admin(.patch, "/__sandbox/conto/settings", ["adminRequestsPerWindow": 1, "windowSeconds": 60], expect: 200)
        for _ in 0..<3 {
            let refused = try await sandbox.send(.post, "/api/agents", key: readOnly, ["name": "x", "agentType": "CUSTOM"])
            XCTAssertEqual(refused.status, 403)
            XCTAssertNil(refused.header("X-RateLimit-Remaining"), "refused before the rate limit")
        }
        let allowed = try await sandbox.send(.get, "/api/agents", key: readOnly)
        XCTAssertEqual(allowed.status, 200, "the refusals used none of the one request allowed")
        XCTAssertEqual(allowed.header("X-RateLimit-Remaining"), "0")
        let limited = try await sandbox.send(.get, "/api/agents", key: readOnly)
        XCTAssertEqual(limited.status, 429)
        XCTAssertEqual(limited["code"], "RATE_LIMITED")
    }
}
