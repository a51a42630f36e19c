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
/// 3. `record` stores its answer: its body sealed (`ResponseSealer`, AES-GCM under the key file
///    beside the state), since answers carry new secrets; never a 429 or a 5xx, which a retry
///    with the same key must get past.
/// The three steps commit together or not at all, so a crash can never leave a key recorded
/// without its effect, nor an effect without its key. SQLite runs writers one at a time: a
/// concurrent repeat waits for the first request's commit and then replays it.
public enum IdempotencyLedger {
    /// How long a finished response is replayed.
    public static let replayWindow: TimeInterval = 24 * 3600

    /// Validates an `Idempotency-Key` header value (see `IdempotencyKey`).
    public static func validate(_ key: String) throws { try IdempotencyKey.validate(key) }

    /// SHA-256 of method, path and body: what makes two requests "the same".
    public static func fingerprint(method: String, path: String, body: Data?) -> String {
        var bytes = Data("\(method) \(path)\n".utf8)
        bytes.append(body ?? Data())
        return SecretHasher.hash(String(decoding: bytes, as: UTF8.self))
    }

    /// Step 1: the recorded answer to send again, or nil to run the request. `now` is the
    /// tenant's clock, so test clocks also expire records. An expired record is removed.
    public static func replay(db: Database, scope: String, key: String, fingerprint: String, now: Date,
                              sealer: ResponseSealer) throws -> StoredResponse? {
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
        var body: Data? = nil
        if let sealed = row["body"] as Data? {
            guard let opened = sealer.open(sealed, context: sealContext(scope: scope, key: key)) else {
                // Sealed under a key file that is gone: the answer cannot be given again.
                try db.execute(sql: "DELETE FROM sandbox_idempotency WHERE scope = ? AND key = ?", arguments: [scope, key])
                return nil
            }
            body = opened
        }
        var headers = (try? JSONDecoder().decode([String: String].self, from: Data((row["headers"] as String? ?? "{}").utf8))) ?? [:]
        headers["Idempotent-Replayed"] = "true"
        return StoredResponse(status: row["status"] as Int? ?? 200, headers: headers, body: body)
    }

    /// Whether an answer is kept for replay: not a 429 (the budget frees up) nor a 5xx (the
    /// failure is the server's), so a retry with the same key runs the request again.
    public static func isRecordable(_ response: StoredResponse) -> Bool {
        response.status != 429 && response.status < 500
    }

    /// What a sealed body is bound to: its record.
    static func sealContext(scope: String, key: String) -> String { "\(scope)\n\(key)" }

    /// Step 3: records the answer, in the request's own transaction.
    /// A 429 or 5xx is not recorded (`isRecordable`).
    public static func record(db: Database, scope: String, key: String, fingerprint: String, response: StoredResponse, now: Date,
                              sealer: ResponseSealer) throws {
        guard isRecordable(response) else { return }
        let body = try response.body.map { try sealer.seal($0, context: sealContext(scope: scope, key: key)) }
        let headers = String(decoding: (try? JSONEncoder().encode(response.headers)) ?? Data("{}".utf8), as: UTF8.self)
        try db.execute(sql: """
            INSERT OR REPLACE INTO sandbox_idempotency (scope, key, fingerprint, state, status, headers, body, created_at)
            VALUES (?, ?, ?, 'done', ?, ?, ?, ?)
            """, arguments: [scope, key, fingerprint, response.status, headers, body, now.timeIntervalSince1970])
    }
}
