import Foundation
import GRDB
import SandboxCore

/// The partner app that sent a request, and the key it used.
struct ContioPrincipal {
    var app: ContioApp
    /// Digest of the API key that authenticated (stamped as used).
    var keyDigest: String
    /// When that key was last stamped as used (seconds since 1970).
    var lastUsedAt: Double?
}

/// `X-API-Key` + `X-Client-ID` authentication.
///
/// The presented key is hashed and looked up by digest; the digest and the client id are then
/// compared in constant time. A key authenticates while it is `current`, or `previous` with its
/// grace period (`valid_until`, on the app's clock) still running.
enum ContioAuth {
    /// `last_used_at` is kept to this resolution: a key used many times a second is stamped once,
    /// so reads need no write of their own on every request.
    static let lastUsedResolution: TimeInterval = 1

    static func authenticate(db: Database, apiKey: String?, clientID: String?) throws -> ContioPrincipal {
        guard let apiKey, !apiKey.isEmpty, let clientID, !clientID.isEmpty else { throw SandboxError.unauthorized }
        let digest = SecretHasher.hash(apiKey)
        let rows = try Row.fetchAll(db, sql: """
            SELECT c.secret_hash, c.state, c.valid_until, c.app_id, c.last_used_at FROM contio_credentials c
            WHERE c.secret_hash = ? AND c.type = 'api_key'
            """, arguments: [digest])
        for row in rows {
            guard let storedHash = row["secret_hash"] as String?, SecretHasher.constantTimeEquals(storedHash, digest),
                  let appID = row["app_id"] as String?, let app = try ContioApp.fetch(db: db, id: appID),
                  SecretHasher.constantTimeEquals(app.clientID, clientID) else { continue }
            let principal = ContioPrincipal(app: app, keyDigest: digest, lastUsedAt: row["last_used_at"])
            if (row["state"] as String?) == "current" { return principal }
            let now = try SandboxClock.now(tenant: app.id, db: db).timeIntervalSince1970
            if let until = row["valid_until"] as Double?, now < until { return principal }
        }
        throw SandboxError.unauthorized
    }

    /// Whether a key last stamped at `last` should be stamped again at `now`.
    static func isDue(_ last: Double?, _ now: Date) -> Bool {
        guard let last else { return true }
        return now.timeIntervalSince1970 - last >= lastUsedResolution
    }

    /// Records `last_used_at` of the key that authenticated.
    static func touch(db: Database, keyDigest: String, now: Date) throws {
        try db.execute(sql: "UPDATE contio_credentials SET last_used_at = ? WHERE secret_hash = ? AND type = 'api_key'",
                       arguments: [now.timeIntervalSince1970, keyDigest])
    }
}
