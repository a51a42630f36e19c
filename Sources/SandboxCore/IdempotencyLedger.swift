import Foundation
import GRDB
import HTTPTypes

/// `Idempotency-Key` records shared by both emulators.
///
/// Per key and scope (scope = tenant + method + path, so keys never collide across tenants or
/// endpoints), inside the request's one write transaction:
/// 1. `replay`: a record younger than 24 h for the same request is sent again (with
///    `Idempotent-Replayed: true`); for a different request (method, path or body) it is 409;
/// 2. the handler runs;
/// 3. `record` stores its answer.
/// The three steps commit together or not at all, so a crash can never leave a key recorded
/// without its effect, nor an effect without its key. SQLite runs writers one at a time: a
/// concurrent repeat waits for the first request's commit and then replays it.
public enum IdempotencyLedger {
    /// How long a finished response is replayed.
    public static let replayWindow: TimeInterval = 24 * 3600

    /// Validates an `Idempotency-Key` header value (≤255 printable ASCII characters).
    public static func validate(_ key: String) throws {
        let printable = key.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7f }
        guard !key.isEmpty, key.count <= 255, printable else {
            throw SandboxError.invalid("Idempotency-Key", "must be 1-255 printable ASCII characters", code: "invalid_request")
        }
    }

    /// SHA-256 of method, path and body: what makes two requests "the same".
    public static func fingerprint(method: String, path: String, body: Data?) -> String {
        var bytes = Data("\(method) \(path)\n".utf8)
        bytes.append(body ?? Data())
        return SecretHasher.hash(String(decoding: bytes, as: UTF8.self))
    }

    /// Step 1: the recorded answer to send again, or nil to run the request. `now` is the
    /// tenant's clock, so test clocks also expire records. An expired record is removed.
    public static func replay(db: Database, scope: String, key: String, fingerprint: String, now: Date) throws -> StoredResponse? {
        try validate(key)
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sandbox_idempotency WHERE scope = ? AND key = ?", arguments: [scope, key]) else {
            return nil
        }
        let createdAt: Double = row["created_at"]
        guard now.timeIntervalSince1970 - createdAt < replayWindow else {
            try db.execute(sql: "DELETE FROM sandbox_idempotency WHERE scope = ? AND key = ?", arguments: [scope, key])
            return nil
        }
        guard (row["fingerprint"] as String) == fingerprint else {
            throw SandboxError(.conflict, code: "idempotency_key_reused", "Idempotency-Key: already used for a different request")
        }
        var headers = (try? JSONDecoder().decode([String: String].self, from: Data((row["headers"] as String? ?? "{}").utf8))) ?? [:]
        headers["Idempotent-Replayed"] = "true"
        return StoredResponse(status: row["status"] as Int? ?? 200, headers: headers, body: row["body"])
    }

    /// Step 3: records the answer, in the request's own transaction.
    public static func record(db: Database, scope: String, key: String, fingerprint: String, response: StoredResponse, now: Date) throws {
        let headers = String(decoding: (try? JSONEncoder().encode(response.headers)) ?? Data("{}".utf8), as: UTF8.self)
        try db.execute(sql: """
            INSERT OR REPLACE INTO sandbox_idempotency (scope, key, fingerprint, state, status, headers, body, created_at)
            VALUES (?, ?, ?, 'done', ?, ?, ?, ?)
            """, arguments: [scope, key, fingerprint, response.status, headers, response.body, now.timeIntervalSince1970])
    }
}
