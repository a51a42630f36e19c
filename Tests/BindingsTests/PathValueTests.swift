import LuaHost
import XCTest

/// Path parameters with a fixed set of values are checked before any request.
final class PathValueTests: BindingsTestCase {
    func testRollbackRefusesAWebhookSecretBeforeSendingWithTheReason() async throws {
        let r = try await run("""
            local ok, e = pcall(contio.rollbackCredential, "webhook-secret", {rollback_token = "rb_x"})
            local ok2, e2 = pcall(contio.rollbackCredential, "apikey", {rollback_token = "rb_x"})
            return ok, e.code, e.status, e.message, ok2, e2.message
            """)
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1], "VALIDATION_FAILED")
        XCTAssertEqual(r[2], .nil, "refused before any request")
        XCTAssertEqual(r[3], "bad argument 'credentialType' to contio.rollbackCredential: webhook secrets cannot be rolled back: rotateWebhookSecret has no grace period and returns no rollback token")
        XCTAssertEqual(r[4], false)
        XCTAssertEqual(r[5], "bad argument 'credentialType' to contio.rollbackCredential: expected 'api-key' or 'client-secret', got 'apikey'")
    }

    func testRollbackAcceptsTheSpellingStatusAndHistoryUse() async throws {
        let r = try await run("""
            local rotated = contio.rotateAPIKey{confirmation_token = "c1", grace_period_hours = 1}
            local back = contio.rollbackCredential("api_key", {rollback_token = rotated.rollback_token})
            return back.credential_type, back.message
            """)
        XCTAssertEqual(r, ["api_key", "Credential rolled back successfully"])
    }
}
