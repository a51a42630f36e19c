import AdminClient
import XCTest

/// The backoff schedule stays within its documented bounds.
final class RetryPolicyTests: XCTestCase {
    func testBackoffIsJitteredExponentialAndCapped() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.2, maxDelay: 1)
        for _ in 0..<50 {
            XCTAssertTrue((0.1...0.2).contains(policy.backoff(beforeRetry: 1)))
            XCTAssertTrue((0.2...0.4).contains(policy.backoff(beforeRetry: 2)))
            XCTAssertTrue((0.4...0.8).contains(policy.backoff(beforeRetry: 3)))
            XCTAssertTrue((0.5...1.0).contains(policy.backoff(beforeRetry: 4)), "capped at maxDelay")
            XCTAssertTrue((0.5...1.0).contains(policy.backoff(beforeRetry: 40)))
        }
    }

    func testDefaultsAndClamping() {
        let defaults = RetryPolicy()
        XCTAssertEqual(defaults.maxAttempts, 4)
        XCTAssertEqual(defaults.baseDelay, 0.2)
        XCTAssertEqual(defaults.maxDelay, 10)
        XCTAssertEqual(RetryPolicy(maxAttempts: 0).maxAttempts, 1, "at least one attempt")
        XCTAssertEqual(ClientConfiguration().timeout, 30)
    }
}

/// Failed connections back off in seconds; a refusal by this machine itself gets one retry.
final class ConnectionRetryPolicyTests: XCTestCase {
    func testFailedConnectionsBackOffFromASecond() {
        let policy = RetryPolicy()
        for _ in 0..<50 {
            XCTAssertTrue((0.5...1.0).contains(policy.connectionBackoff(beforeRetry: 1)))
            XCTAssertTrue((1.0...2.0).contains(policy.connectionBackoff(beforeRetry: 2)))
            XCTAssertTrue((2.0...4.0).contains(policy.connectionBackoff(beforeRetry: 3)))
        }
    }

    func testALoopbackRefusalGetsOneRetryAfterASecond() {
        let policy = RetryPolicy()
        XCTAssertEqual(policy.attempts(refusedOnLoopback: true), 2)
        XCTAssertEqual(policy.attempts(refusedOnLoopback: false), 4)
        XCTAssertEqual(policy.loopbackRetryDelay, 1)
        XCTAssertEqual(RetryPolicy(maxAttempts: 1).attempts(refusedOnLoopback: true), 1, "never more than the policy allows")
        XCTAssertEqual(RetryPolicy(maxDelay: 0.3).loopbackRetryDelay, 0.3, "capped by maxDelay")
    }
}
