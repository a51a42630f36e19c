import Foundation
import GRDB
import SandboxCore

/// `X-API-Key` + `X-Client-ID` authentication.
///
/// The presented key is hashed and looked up by digest; the digest and the client id are then
/// compared in constant time. A key authenticates while it is `current`, or `previous` with its
/// grace period (`valid_until`, on the app's clock) still running.
enum ContioAuth {
    static func authenticate(db: Database, apiKey: String?, clientID: String?) throws -> ContioApp {
        guard let apiKey, !apiKey.isEmpty, let clientID, !clientID.isEmpty else { throw SandboxError.unauthorized }
        let digest = SecretHasher.hash(apiKey)
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.secret_hash, c.state, c.valid_until, c.app_id FROM contio_credentials c
            WHERE c.secret_hash = ? AND c.type = 'api_key'
            """, arguments: [digest])
        for row in rows {
            guard SecretHasher.constantTimeEquals(row["secret_hash"], digest),
                  let app = try ContioApp.fetch(db: db, id: row["app_id"]),
                  SecretHasher.constantTimeEquals(app.clientID, clientID) else { continue }
            if (row["state"] as String) == "current" { return app }
            let now = try SandboxClock.now(tenant: app.id, db: db).timeIntervalSince1970
            if let until = row["valid_until"] as Double?, now < until { return app }
        }
        throw SandboxError.unauthorized
    }

    /// Records `last_used_at` of the key that authenticated.
    static func touch(db: Database, apiKey: String, now: Date) throws {
        try db.execute(sql: "UPDATE contio_credentials SET last_used_at = ? WHERE secret_hash = ? AND type = 'api_key'",
                       arguments: [now.timeIntervalSince1970, SecretHasher.hash(apiKey)])
    }
}
