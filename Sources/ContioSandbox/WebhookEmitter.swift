import Foundation
import GRDB
import SandboxCore

/// Records an event and queues a delivery to the app's webhook URL, in the caller's transaction.
enum WebhookEmitter {
    /// Emits `type` with `data`. Returns `(eventID, deliveryID?)`; no delivery is queued when the
    /// app has no webhook URL or its filter excludes the type. While webhooks are disabled the
    /// delivery is held as `pending` without a schedule.
    @discardableResult
    static func emit(db: Database, app: ContioApp, type: String, data: JSONValue, now: Date,
                     actorUserID: String? = nil) throws -> (eventID: String, deliveryID: String?) {
        let eventID = SandboxIDs.uuid()
        var envelope: JSONValue = [
            "event_type": .string(type), "event_id": .string(eventID), "timestamp": .string(SandboxTime.format(now)),
            "partner_app_id": .string(app.id), "data": data,
        ]
        if let actorUserID { envelope["actor_user_id"] = .string(actorUserID) }
        try db.execute(sql: "INSERT INTO contio_events (id, app_id, event_type, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [eventID, app.id, type, envelope.encoded(), now.timeIntervalSince1970])
        guard app.webhookURL != nil, passesFilter(app.webhookFilter, type: type) else { return (eventID, nil) }
        let deliveryID = SandboxIDs.uuid()
        try db.execute(sql: """
            INSERT INTO contio_deliveries (id, app_id, event_id, event_type, status, next_retry_at, created_at)
            VALUES (?, ?, ?, ?, 'pending', ?, ?)
            """, arguments: [deliveryID, app.id, eventID, type,
                             app.webhookEnabled ? now.timeIntervalSince1970 : nil, now.timeIntervalSince1970])
        return (eventID, deliveryID)
    }

    /// include → only the listed types; exclude → all but them; no filter → everything.
    static func passesFilter(_ filter: JSONValue?, type: String) -> Bool {
        guard let filter, let kind = filter["type"]?.stringValue else { return true }
        let listed = (filter["events"]?.arrayValue ?? []).contains(.string(type))
        return kind == "include" ? listed : !listed
    }
}
