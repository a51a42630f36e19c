import Foundation
import GRDB
import SandboxCore
import XCTest

/// The shared ledger on a real SQLite file: the in-flight window that HTTP tests cannot hit
/// deterministically.
final class IdempotencyLedgerTests: XCTestCase {
    func testInFlightKeyIsRefusedWithRetryAfterThenReplayed() async throws {
        let store = try SandboxStore.temporary(migrations: [])
        let now = Date()
        let fp = IdempotencyLedger.fingerprint(method: "POST", path: "/x", body: Data("{}".utf8))
        let first = try await store.write { db in try IdempotencyLedger.begin(db: db, scope: "t", key: "k", fingerprint: fp, now: now) }
        guard case .proceed = first else { return XCTFail("first use must proceed") }
        do {
            _ = try await store.write { db in try IdempotencyLedger.begin(db: db, scope: "t", key: "k", fingerprint: fp, now: now) }
            XCTFail("second use while in flight must be refused")
        } catch let error as SandboxError {
            XCTAssertEqual(error.status, .conflict)
            XCTAssertEqual(error.headers["Retry-After"], "1")
        }
        let stored = StoredResponse.json(.created, ["id": "1"])
        try await store.write { db in try IdempotencyLedger.complete(db: db, scope: "t", key: "k", response: stored) }
        let replay = try await store.write { db in try IdempotencyLedger.begin(db: db, scope: "t", key: "k", fingerprint: fp, now: now) }
        guard case .replay(let response) = replay else { return XCTFail("finished key must replay") }
        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(response.body, stored.body)
        XCTAssertEqual(response.headers["Idempotent-Replayed"], "true")
        // Another scope (tenant or endpoint) never sees the key.
        let other = try await store.write { db in try IdempotencyLedger.begin(db: db, scope: "u", key: "k", fingerprint: fp, now: now) }
        guard case .proceed = other else { return XCTFail("keys are scoped") }
        XCTAssertThrowsError(try IdempotencyLedger.validate(String(repeating: "k", count: 256)))
        XCTAssertThrowsError(try IdempotencyLedger.validate("tab\there"))
    }

    func testSecretHelpers() {
        let hash = SecretHasher.hash("ctio_abc")
        XCTAssertEqual(hash.count, 64)
        XCTAssertTrue(SecretHasher.matches("ctio_abc", storedHash: hash))
        XCTAssertFalse(SecretHasher.matches("ctio_abd", storedHash: hash))
        XCTAssertFalse(SecretHasher.constantTimeEquals("abc", "abcd"))
        let token = SecretHasher.token(prefix: "rb_")
        XCTAssertTrue(token.hasPrefix("rb_"))
        XCTAssertEqual(token.count, 3 + 48)
        XCTAssertNotEqual(token, SecretHasher.token(prefix: "rb_"))
        // RFC 4231 test case 2.
        XCTAssertEqual(SecretHasher.hmacSHA256Hex(key: "Jefe", body: Data("what do ya want for nothing?".utf8)),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        XCTAssertFalse(SecretHasher.redact("ctio_0123456789abcdef").contains("0123456789"))
    }
}
