import Foundation
import GRDB
import SandboxCore

/// Rotation, rollback and status rules for the three credential types.
///
/// - api_key / client_secret rotate with a grace period (default 24 h, 0...168 h): the replaced
///   credential stays valid until `valid_until`. Rotating again during a grace period ends the
///   earlier grace: only the new credential and the one it replaced remain.
/// - Each such rotation issues a single-use rollback token valid 1 h (stored hashed).
/// - webhook_secret rotates immediately: no grace, no rollback; signing switches at once.
/// - At most 3 successful rotations per type per rolling 24 h (app clock); the 4th is 429.
/// Requests run in SQLite write transactions, which are serialised, so concurrent rotations
/// see each other and the limit holds exactly.
enum CredentialRotation {
    static let maxRotationsPerDay = 3
    static let window: TimeInterval = 24 * 3600
    static let rollbackLifetime: TimeInterval = 3600
    static let defaultGraceHours = 24
    static let maxGraceHours = 168

    static let types = ["api_key", "client_secret", "webhook_secret"]
    static let prefixes = ["api_key": "ctio_", "client_secret": "cs_", "webhook_secret": "whs_"]

    /// Path segment (`api-key`) → type (`api_key`).
    static func type(fromSegment s: String) -> String { s.replacingOccurrences(of: "-", with: "_") }

    static func rotate(_ call: inout ContioCall, type: String) throws -> ContioReply {
        let b = try call.body(code: "bad_request", allowEmpty: false)
        _ = try b.string("confirmation_token", required: true, min: 1)
        let reason = try b.string("reason", max: 1000) ?? ""
        let grace = try b.int("grace_period_hours", min: 0, max: maxGraceHours) ?? defaultGraceHours
        let now = call.now.timeIntervalSince1970

        let recent = try Double.fetchAll(call.db, sql: """
            SELECT created_at FROM contio_credential_history WHERE app_id = ? AND credential_type = ? AND action = 'rotated'
              AND outcome = 'succeeded' AND created_at > ? ORDER BY created_at
            """, arguments: [call.app.id, type, now - window])
        if recent.count >= maxRotationsPerDay {
            let retryAfter = Int((recent[0] + window - now).rounded(.up))
            try History.record(call, type: type, action: "rotated", outcome: "failed", reason: reason,
                               metadata: ["error": "rate_limit_exceeded", "grace_period_hours": .int(grace)])
            return .committedFailure(SandboxError(
                .tooManyRequests, code: "rate_limit_exceeded",
                "Rate limit exceeded: at most \(maxRotationsPerDay) \(type) rotations per 24 hours",
                headers: ["Retry-After": String(max(1, retryAfter))]))
        }

        let secret = SecretHasher.token(prefix: prefixes[type, default: ""])
        let newID = SandboxIDs.uuid()
        var response: JSONValue = ["credential_type": .string(type), "new_credential": .string(secret)]
        var metadata: JSONValue = ["result": "succeeded"]

        if type == "webhook_secret" {
            try call.db.execute(sql: "DELETE FROM contio_credentials WHERE app_id = ? AND type = ?", arguments: [call.app.id, type])
            try insertCurrent(call, id: newID, type: type, secret: secret)
            call.app.webhookSecret = secret
            call.app.updatedAt = now
            try call.app.save(db: call.db)
        } else {
            guard let currentID = try String.fetchOne(call.db, sql: """
                SELECT id FROM contio_credentials WHERE app_id = ? AND type = ? AND state = 'current'
                """, arguments: [call.app.id, type]) else { throw SandboxError.notFound(type) }
            // End any running grace period: only the credential being replaced stays valid.
            try call.db.execute(sql: "DELETE FROM contio_credentials WHERE app_id = ? AND type = ? AND state = 'previous'",
                                arguments: [call.app.id, type])
            let graceEnds = now + Double(grace) * 3600
            try call.db.execute(sql: "UPDATE contio_credentials SET state = 'previous', valid_until = ? WHERE id = ?",
                                arguments: [graceEnds, currentID])
            try insertCurrent(call, id: newID, type: type, secret: secret)
            let token = SecretHasher.token(prefix: "rb_")
            try call.db.execute(sql: """
                INSERT INTO contio_rollback_tokens (token_hash, app_id, type, previous_credential_id, new_credential_id, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [SecretHasher.hash(token), call.app.id, type, currentID, newID, now + rollbackLifetime])
            response["grace_period_ends_at"] = .string(SandboxTime.format(Date(timeIntervalSince1970: graceEnds)))
            response["rollback_token"] = .string(token)
            response["rollback_expires_at"] = .string(SandboxTime.format(Date(timeIntervalSince1970: now + rollbackLifetime)))
            metadata["grace_period_hours"] = .int(grace)
            metadata["rollback_token"] = .string(SecretHasher.redact(token))
        }
        try History.record(call, type: type, action: "rotated", outcome: "succeeded", reason: reason, metadata: metadata)
        return .json(response)
    }

    static func rollback(_ call: inout ContioCall, type: String) throws -> ContioReply {
        let b = try call.body(code: "bad_request", allowEmpty: false)
        let token = try b.requiredString("rollback_token", min: 1)
        let reason = try b.string("reason", max: 1000) ?? ""
        let now = call.now.timeIntervalSince1970
        func fail(_ message: String) throws -> ContioReply {
            try History.record(call, type: type, action: "rollback", outcome: "failed", reason: reason, metadata: ["error": .string(message)])
            return .committedFailure(SandboxError.invalid("rollback_token", message, code: "bad_request"))
        }
        guard let row = try Row.fetchOne(call.db, sql: """
            SELECT * FROM contio_rollback_tokens WHERE token_hash = ? AND app_id = ? AND type = ?
            """, arguments: [SecretHasher.hash(token), call.app.id, type]) else { return try fail("unknown rollback token") }
        if (row["used_at"] as Double?) != nil { return try fail("rollback token already used") }
        if now >= (row["expires_at"] as Double) { return try fail("rollback token expired") }
        let previousID: String = row["previous_credential_id"], newID: String = row["new_credential_id"]
        let stillCurrent = try Bool.fetchOne(call.db, sql: "SELECT state = 'current' FROM contio_credentials WHERE id = ?",
                                             arguments: [newID]) ?? false
        let previousExists = try Bool.fetchOne(call.db, sql: "SELECT 1 FROM contio_credentials WHERE id = ?", arguments: [previousID]) ?? false
        guard stillCurrent, previousExists else { return try fail("superseded by a later rotation") }
        try call.db.execute(sql: "DELETE FROM contio_credentials WHERE id = ?", arguments: [newID])
        try call.db.execute(sql: "UPDATE contio_credentials SET state = 'current', valid_until = NULL WHERE id = ?", arguments: [previousID])
        try call.db.execute(sql: "UPDATE contio_rollback_tokens SET used_at = ? WHERE token_hash = ?",
                            arguments: [now, SecretHasher.hash(token)])
        try History.record(call, type: type, action: "rollback", outcome: "succeeded", reason: reason, metadata: ["result": "succeeded"])
        return .json(["credential_type": .string(type), "message": "Credential rolled back successfully",
                      "rolled_back_at": .string(call.nowText)])
    }

    /// `map<credential.CredentialStatusResponse>` keyed by type.
    static func status(_ call: ContioCall) throws -> JSONValue {
        var out: [String: JSONValue] = [:]
        let now = call.now.timeIntervalSince1970
        for type in types {
            guard let current = try Row.fetchOne(call.db, sql: """
                SELECT * FROM contio_credentials WHERE app_id = ? AND type = ? AND state = 'current'
                """, arguments: [call.app.id, type]) else { continue }
            let createdAt: Double = current["created_at"]
            let graceEnds = try Double.fetchOne(call.db, sql: """
                SELECT valid_until FROM contio_credentials WHERE app_id = ? AND type = ? AND state = 'previous' AND valid_until > ?
                """, arguments: [call.app.id, type, now])
            let lastRotated = try Double.fetchOne(call.db, sql: """
                SELECT MAX(created_at) FROM contio_credential_history WHERE app_id = ? AND credential_type = ?
                  AND action IN ('rotated', 'rollback') AND outcome = 'succeeded'
                """, arguments: [call.app.id, type])
            let ageDays = Int(max(0, now - createdAt) / 86400)
            var entry: JSONValue = [
                "credential_type": .string(type),
                "status": .string(graceEnds == nil ? "active" : "transitioning"),
                "created_at": .string(SandboxTime.format(Date(timeIntervalSince1970: createdAt))),
                "age_days": .int(ageDays),
                "recommended_action": .string(recommendation(ageDays: ageDays)),
            ]
            if let lastRotated { entry["last_rotated_at"] = .string(SandboxTime.format(Date(timeIntervalSince1970: lastRotated))) }
            if let used = current["last_used_at"] as Double? { entry["last_used_at"] = .string(SandboxTime.format(Date(timeIntervalSince1970: used))) }
            if let graceEnds { entry["grace_period_ends_at"] = .string(SandboxTime.format(Date(timeIntervalSince1970: graceEnds))) }
            out[type] = entry
        }
        return .object(out)
    }

    /// [I] < 60 days ok, < 90 days rotate_soon, else rotate_now (spec vocabulary).
    static func recommendation(ageDays: Int) -> String {
        ageDays < 60 ? "ok" : ageDays < 90 ? "rotate_soon" : "rotate_now"
    }

    private static func insertCurrent(_ call: ContioCall, id: String, type: String, secret: String) throws {
        try call.db.execute(sql: """
            INSERT INTO contio_credentials (id, app_id, type, secret_hash, state, created_at) VALUES (?, ?, ?, ?, 'current', ?)
            """, arguments: [id, call.app.id, type, SecretHasher.hash(secret), call.now.timeIntervalSince1970])
    }
}

/// The credential audit log.
enum History {
    static func record(_ call: ContioCall, type: String, action: String, outcome: String, reason: String, metadata: JSONValue) throws {
        try call.db.execute(sql: """
            INSERT INTO contio_credential_history (id, app_id, credential_type, action, outcome, initiated_by, ip_address,
              user_agent, reason, metadata, created_at) VALUES (?, ?, ?, ?, ?, 'partner', ?, ?, ?, ?, ?)
            """, arguments: [SecretHasher.token(prefix: "evt_", byteCount: 12), call.app.id, type, action, outcome,
                             call.header("X-Forwarded-For") ?? "127.0.0.1", call.header("User-Agent") ?? "",
                             reason, metadata.setting("result", .string(outcome)).text, call.now.timeIntervalSince1970])
    }

    /// `{events, pagination{limit, offset, count}}`, newest first.
    static func list(_ call: ContioCall) throws -> JSONValue {
        let page = try call.page(defaultLimit: 20)
        var sql = "SELECT * FROM contio_credential_history WHERE app_id = ?"
        var args: [DatabaseValueConvertible] = [call.app.id]
        if let type = call.query("credential_type") {
            guard CredentialRotation.types.contains(type) else {
                throw SandboxError.invalid("credential_type", "must be one of api_key, client_secret, webhook_secret", code: "invalid_request")
            }
            sql += " AND credential_type = ?"; args.append(type)
        }
        if let action = call.query("action") {
            let actions = ["rotated", "accessed", "rollback", "disabled", "enabled", "viewed", "tested"]
            guard actions.contains(action) else {
                throw SandboxError.invalid("action", "must be one of \(actions.joined(separator: ", "))", code: "invalid_request")
            }
            sql += " AND action = ?"; args.append(action)
        }
        sql += " ORDER BY seq DESC LIMIT ? OFFSET ?"
        args.append(page.limit); args.append(page.offset)
        let events = try Row.fetchAll(call.db, sql: sql, arguments: StatementArguments(args)).map { row -> JSONValue in
            [
                "id": .string(row["id"]), "partner_app_id": .string(row["app_id"]),
                "credential_type": .string(row["credential_type"]), "action": .string(row["action"]),
                "initiated_by": .string(row["initiated_by"]), "ip_address": .string(row["ip_address"]),
                "user_agent": .string(row["user_agent"]), "reason": .string(row["reason"]),
                "metadata": (try? JSONValue.parse(Data((row["metadata"] as String).utf8))) ?? [:],
                "created_at": .string(SandboxTime.format(Date(timeIntervalSince1970: row["created_at"]))),
            ]
        }
        return ["events": .array(events),
                "pagination": ["limit": .int(page.limit), "offset": .int(page.offset), "count": .int(events.count)]]
    }
}

/// Routes #14–20.
enum CredentialRoutes {
    static let all: [ContioRoute] = [
        .api("getCredentialStatus", .get, "/credentials", tag: "Credentials", "Status of the three credentials") { call in
            .json(try CredentialRotation.status(call))
        },
        .api("rotateAPIKey", .post, "/credentials/api-key/rotate", tag: "Credentials", "Rotate the API key (with a grace period)") { call in
            try CredentialRotation.rotate(&call, type: "api_key")
        },
        .api("rotateClientSecret", .post, "/credentials/client-secret/rotate", tag: "Credentials",
             "Rotate the client secret (with a grace period)") { call in
            try CredentialRotation.rotate(&call, type: "client_secret")
        },
        .api("rotateWebhookSecret", .post, "/credentials/webhook-secret/rotate", tag: "Credentials",
             "Rotate the webhook secret (at once)") { call in
            try CredentialRotation.rotate(&call, type: "webhook_secret")
        },
        // One SDK method for the spec's two rollbacks; the webhook secret has none.
        .api("rollbackCredential", .post, "/credentials/{credentialType}/rollback", tag: "Credentials",
             "Undo a rotation with its rollback token") { call in
            let segment = call.parameter("credentialType")
            guard ["api-key", "client-secret"].contains(segment) else {
                throw SandboxError(.notFound, code: "not_found", "no such endpoint: POST \(call.request.path)")
            }
            return try CredentialRotation.rollback(&call, type: CredentialRotation.type(fromSegment: segment))
        },
        .api("getCredentialHistory", .get, "/credentials/history", tag: "Credentials", "The credential audit log, newest first",
             query: .page) { call in
            .json(try History.list(call))
        },
    ]
}
