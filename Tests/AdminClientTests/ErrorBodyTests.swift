@testable import AdminClient
import AdminSurface
import XCTest

/// Error bodies that the sandbox does not produce (non-JSON, proxies) and URL joining.
final class ErrorBodyTests: XCTestCase {
    func testNonJSONBodyKeepsStatusAndAnExcerpt() {
        let error = ErrorBody.error(status: 502, headers: [("X-Request-ID", "req_1")], body: Array("<html>\nBad gateway</html>".utf8),
                                    platform: .conto, operation: "conto.agents.list")
        XCTAssertEqual(error.code, "HTTP_502")
        XCTAssertEqual(error.requestID, "req_1")
        XCTAssertTrue(error.retryable)
        XCTAssertTrue(error.message.contains("Bad gateway"), error.message)
    }

    func testContoBodyExtrasBecomeDetails() {
        let body = #"{"error":"Insufficient scope: requires policies:write","code":"INSUFFICIENT_SCOPE","message":"Insufficient scope: requires policies:write","requiredScope":"policies:write"}"#
        let error = ErrorBody.error(status: 403, headers: [], body: Array(body.utf8), platform: .conto, operation: "conto.policies.create")
        XCTAssertEqual(error.code, "INSUFFICIENT_SCOPE")
        XCTAssertEqual(error.details["requiredScope"], "policies:write")
        XCTAssertFalse(error.retryable)
        XCTAssertEqual(error.description, "conto.policies.create: INSUFFICIENT_SCOPE (403): Insufficient scope: requires policies:write")
    }

    func testPathJoining() {
        XCTAssertEqual(RequestTarget.joinPaths("", "/api/agents"), "/api/agents")
        XCTAssertEqual(RequestTarget.joinPaths("/api/", "/api/agents"), "/api/agents")
        XCTAssertEqual(RequestTarget.joinPaths("/v1/partner/admin", "/v1/partner/admin/app"), "/v1/partner/admin/app")
        XCTAssertEqual(RequestTarget.joinPaths("/proxy", "/api/agents"), "/proxy/api/agents")
        XCTAssertEqual(RequestTarget.formEncode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9")
    }
}
