import Foundation
import GRDB
import HTTPTypes

/// `Idempotency-Key` support shared by both emulators.
///
/// Protocol, per key and scope (scope = tenant + method + path, so keys never collide across
/// tenants or endpoints):
/// 1. `begin` in its own write transaction: a finished record younger than 24 h → replay it (the
///    caller adds nothing; `Idempotent-Replayed: true` is already set); a record still in flight →
///    409 with `Retry-After: 1`; otherwise an in-flight marker is written and the caller proceeds.
/// 2. The caller performs the operation in its write transaction and calls `complete` **inside
///    that same transaction**, so the effect and its recorded response commit together.
/// 3. If the operation fails without producing a response, `abandon` removes the marker.
/// The same key with a different request (method, path or body) gives 409 as well. [I]
public enum IdempotencyLedger {
    /// How long a finished response is replayed.
    public static let replayWindow: TimeInterval = 24 * 3600

    /// What `begin` decided.
    public enum Outcome: Sendable {
        /// No usable record: perform the operation.
        case proceed
        /// Send this stored response again.
        case replay(StoredResponse)
    }

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

    /// Step 1. `now` is the tenant's clock, so test clocks also expire idempotency records.
    public static func begin(db: Database, scope: String, key: String, fingerprint: String, now: Date) throws -> Outcome {
        try validate(key)
        if let row = try Row.fetchOne(db, sql: "SELECT * FROM sandbox_idempotency WHERE scope = ? AND key = ?", arguments: [scope, key]) {
            let createdAt: Double = row["created_at"]
            let fresh = now.timeIntervalSince1970 - createdAt < replayWindow
            if fresh {
                guard (row["fingerprint"] as String) == fingerprint else {
                    throw SandboxError(.conflict, code: "idempotency_key_reused",
                                       "Idempotency-Key: already used for a different request")
                }
                if (row["state"] as String) == "in_flight" {
                    throw SandboxError(.conflict, code: "idempotency_in_flight",
                                       "Idempotency-Key: a request with this key is still in progress",
                                       headers: ["Retry-After": "1"])
                }
                var headers = (try? JSONDecoder().decode([String: String].self, from: Data((row["headers"] as String? ?? "{}").utf8))) ?? [:]
                headers["Idempotent-Replayed"] = "true"
                return .replay(StoredResponse(status: row["status"], headers: headers, body: row["body"]))
            }
            try db.execute(sql: "DELETE FROM sandbox_idempotency WHERE scope = ? AND key = ?", arguments: [scope, key])
        }
        try db.execute(sql: """
            INSERT INTO sandbox_idempotency (scope, key, fingerprint, state, created_at) VALUES (?, ?, ?, 'in_flight', ?)
            """, arguments: [scope, key, fingerprint, now.timeIntervalSince1970])
        return .proceed
    }

    /// Step 2: records the final response, in the operation's own transaction.
    public static func complete(db: Database, scope: String, key: String, response: StoredResponse) throws {
        let headers = String(decoding: (try? JSONEncoder().encode(response.headers)) ?? Data("{}".utf8), as: UTF8.self)
        try db.execute(sql: """
            UPDATE sandbox_idempotency SET state = 'done', status = ?, headers = ?, body = ? WHERE scope = ? AND key = ?
            """, arguments: [response.status, headers, response.body, scope, key])
    }

    /// Step 3: forgets an in-flight marker whose operation produced no response.
    public static func abandon(db: Database, scope: String, key: String) throws {
        try db.execute(sql: "DELETE FROM sandbox_idempotency WHERE scope = ? AND key = ? AND state = 'in_flight'", arguments: [scope, key])
    }
}
