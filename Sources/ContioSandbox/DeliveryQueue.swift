import Foundation
import GRDB
import SandboxCore

/// Delivery state transitions in SQLite. The retry schedule is measured on the app's clock.
enum DeliveryQueue {
    /// Delay before retry n (1-based) after a failed attempt: 1 min, 5 min, 30 min, 2 h, 6 h.
    /// After the 5th retry fails the delivery is `abandoned`. [I] (the spec gives no schedule)
    static let retryDelays: [TimeInterval] = [60, 300, 1800, 7200, 21600]

    /// A claimed delivery ready to send.
    struct Job: Sendable {
        var deliveryID: String
        var appID: String
        var url: String
        var secret: String
        var eventType: String
        var payload: Data
    }

    /// Claims every due delivery of enabled apps (marks it in progress for 60 s of real time).
    static func claimDue(db: Database) throws -> [Job] {
        let realNow = Date().timeIntervalSince1970
        let offsets = try SandboxClock.allOffsets(db: db)
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.id, d.app_id, d.event_type, d.next_retry_at, a.webhook_url, sandbox_open(a.webhook_secret) AS webhook_secret, e.payload
            FROM contio_deliveries d JOIN contio_apps a ON a.id = d.app_id JOIN contio_events e ON e.id = d.event_id
            WHERE d.status IN ('pending', 'failed') AND d.next_retry_at IS NOT NULL AND a.webhook_enabled = 1
              AND (d.claimed_until IS NULL OR d.claimed_until < ?)
            ORDER BY d.seq LIMIT 200
            """, arguments: [realNow])
        var jobs: [Job] = []
        for row in rows {
            let appID: String = row["app_id"]
            let due: Double = row["next_retry_at"]
            guard due <= realNow + (offsets[appID] ?? 0) else { continue }
            let id: String = row["id"]
            guard let url = row["webhook_url"] as String? else {
                try finish(db: db, deliveryID: id, attempt: nil, errorText: "no webhook_url configured")
                continue
            }
            try db.execute(sql: "UPDATE contio_deliveries SET claimed_until = ? WHERE id = ?", arguments: [realNow + 60, id])
            jobs.append(Job(deliveryID: id, appID: appID, url: url, secret: row["webhook_secret"],
                            eventType: row["event_type"], payload: row["payload"]))
        }
        return jobs
    }

    /// One attempt as sent and answered (for the attempt log).
    struct Attempt {
        var url: String
        var requestHeaders: [String: String]
        var requestBody: Data
        var result: OutboundHTTP.Result
    }

    /// Records an attempt and moves the delivery to delivered / failed (+ next retry) / abandoned.
    static func finish(db: Database, deliveryID: String, attempt: Attempt?, errorText: String? = nil) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT app_id, retry_count, attempts FROM contio_deliveries WHERE id = ?",
                                         arguments: [deliveryID]) else { return }
        let appID: String = row["app_id"]
        let now = try SandboxClock.now(tenant: appID, db: db).timeIntervalSince1970
        let attempts = (row["attempts"] as Int) + 1
        // The first attempt is not a retry.
        let retryCount = max(0, attempts - 1)
        let status = attempt?.result.status ?? 0
        let ok = (200..<300).contains(status)
        if let attempt {
            let encode = { (h: [String: String]) in JSONValue.object(h.mapValues(JSONValue.string)).text }
            try db.execute(sql: """
                INSERT INTO contio_delivery_attempts (delivery_id, attempted_at, url, request_headers, request_body,
                  response_status, response_headers, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [deliveryID, now, attempt.url, encode(attempt.requestHeaders),
                                 String(decoding: attempt.requestBody, as: UTF8.self), attempt.result.status,
                                 encode(attempt.result.headers), attempt.result.body, attempt.result.error])
        }
        if ok {
            try db.execute(sql: """
                UPDATE contio_deliveries SET status = 'delivered', http_status_code = ?, attempts = ?, retry_count = ?,
                  next_retry_at = NULL, delivered_at = ?, error_message = '', claimed_until = NULL WHERE id = ?
                """, arguments: [status, attempts, retryCount, now, deliveryID])
            return
        }
        let message = errorText ?? attempt?.result.error.map { "request failed: \($0)" } ?? "endpoint answered HTTP \(status)"
        let exhausted = retryCount >= retryDelays.count
        try db.execute(sql: """
            UPDATE contio_deliveries SET status = ?, http_status_code = ?, attempts = ?, retry_count = ?, next_retry_at = ?,
              error_message = ?, claimed_until = NULL WHERE id = ?
            """, arguments: [exhausted ? "abandoned" : "failed", status, attempts, retryCount,
                             exhausted ? nil : now + retryDelays[retryCount], message, deliveryID])
    }

    /// On re-enable: schedule held deliveries now, or abandon them.
    static func releaseHeld(db: Database, appID: String, abandon: Bool, now: Date) throws {
        if abandon {
            try db.execute(sql: """
                UPDATE contio_deliveries SET status = 'abandoned', error_message = 'abandoned when webhooks were re-enabled'
                WHERE app_id = ? AND status = 'pending' AND next_retry_at IS NULL
                """, arguments: [appID])
        } else {
            try db.execute(sql: "UPDATE contio_deliveries SET next_retry_at = ? WHERE app_id = ? AND status = 'pending' AND next_retry_at IS NULL",
                           arguments: [now.timeIntervalSince1970, appID])
        }
    }
}
