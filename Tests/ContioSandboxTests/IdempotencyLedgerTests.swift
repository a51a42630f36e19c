import Foundation
import GRDB
import SandboxCore
import XCTest

/// The shared ledger on a real SQLite file: replay, conflict, expiry and all-or-nothing commits.
final class IdempotencyLedgerTests: XCTestCase {
    func testRecordedAnswerReplaysOnlyForTheSameRequestInTheSameScope() async throws {
        let store = try SandboxStore.temporary(migrations: [])
        let now = Date()
        let fp = IdempotencyLedger.fingerprint(method: "POST", path: "/x", body: Data("{}".utf8))
        let first = try await store.write { db in try IdempotencyLedger.replay(db: db, scope: "t", key: "k", fingerprint: fp, now: now, sealer: store.sealer) }
        XCTAssertNil(first, "an unused key runs the request")
        let stored = StoredResponse.json(.created, ["id": "1"])
        try await store.write { db in try IdempotencyLedger.record(db: db, scope: "t", key: "k", fingerprint: fp, response: stored, now: now, sealer: store.sealer) }
        let replay = try await store.write { db in try IdempotencyLedger.replay(db: db, scope: "t", key: "k", fingerprint: fp, now: now, sealer: store.sealer) }
        XCTAssertEqual(replay?.status, 201)
        XCTAssertEqual(replay?.body, stored.body)
        XCTAssertEqual(replay?.headers["Idempotent-Replayed"], "true")
        // The same key with another body is a conflict.
        let otherBody = IdempotencyLedger.fingerprint(method: "POST", path: "/x", body: Data("{\"a\":1}".utf8))
        do {
            _ = try await store.write { db in try IdempotencyLedger.replay(db: db, scope: "t", key: "k", fingerprint: otherBody, now: now, sealer: store.sealer) }
            XCTFail("a reused key with another body must be refused")
        } catch let error as SandboxError {
            XCTAssertEqual(error.status, .conflict)
            XCTAssertEqual(error.code, "idempotency_key_reused")
        }
        // Another scope (tenant or endpoint) never sees the key.
        let other = try await store.write { db in try IdempotencyLedger.replay(db: db, scope: "u", key: "k", fingerprint: fp, now: now, sealer: store.sealer) }
        XCTAssertNil(other, "keys are scoped")
        // Past the replay window the record is gone.
        let later = now.addingTimeInterval(IdempotencyLedger.replayWindow + 1)
        let expired = try await store.write { db in try IdempotencyLedger.replay(db: db, scope: "t", key: "k", fingerprint: fp, now: later, sealer: store.sealer) }
        XCTAssertNil(expired)
        XCTAssertThrowsError(try IdempotencyLedger.validate(String(repeating: "k", count: 256)))
        XCTAssertThrowsError(try IdempotencyLedger.validate("tab\there"))
    }

    /// Check, effect and record share one transaction: an effect that fails takes its record with it.
    func testFailedEffectLeavesNoRecord() async throws {
        struct EffectFailed: Error {}
        let store = try SandboxStore.temporary(migrations: [])
        let now = Date()
        let fp = IdempotencyLedger.fingerprint(method: "POST", path: "/x", body: nil)
        do {
            try await store.write { db in
                XCTAssertNil(try IdempotencyLedger.replay(db: db, scope: "t", key: "k", fingerprint: fp, now: now, sealer: store.sealer))
                try IdempotencyLedger.record(db: db, scope: "t", key: "k", fingerprint: fp, response: StoredResponse(status: 204), now: now, sealer: store.sealer)
                throw EffectFailed()
            }
            XCTFail("the transaction must fail")
        } catch is EffectFailed {}
        let after = try await store.write { db in try IdempotencyLedger.replay(db: db, scope: "t", key: "k", fingerprint: fp, now: now, sealer: store.sealer) }
        XCTAssertNil(after, "a rolled-back request leaves no key behind")
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
