import Foundation
import GRDB
import SandboxCore

/// Webhook deliveries (#54–56), newest first.
enum DeliveryRoutes {
    static let statuses = ["pending", "delivered", "failed", "abandoned"]

    static let all: [ContioRoute] = [
        .api("getWebhookDeliveries", .get, "/webhook-deliveries", tag: "Webhooks", "List webhook deliveries, newest first",
             query: .page + [.init(name: "status", schema: .enumeration(statuses), description: "Only deliveries in this status"),
                             .init(name: "event_type", schema: .string, description: "Only deliveries of this event type")]) { call in
            let page = try call.page()
            var sql = "FROM contio_deliveries WHERE app_id = ?"
            var args: [DatabaseValueConvertible] = [call.app.id]
            if let status = call.query("status") {
                guard statuses.contains(status) else {
                    throw SandboxError.invalid("status", "must be one of \(statuses.joined(separator: ", "))", code: "invalid_request")
                }
                sql += " AND status = ?"; args.append(status)
            }
            if let type = call.query("event_type") { sql += " AND event_type = ?"; args.append(type) }
            let total = try Int.fetchOne(call.db, sql: "SELECT COUNT(*) " + sql, arguments: StatementArguments(args)) ?? 0
            let rows = try Row.fetchAll(call.db, sql: "SELECT * " + sql + " ORDER BY seq DESC LIMIT ? OFFSET ?",
                                        arguments: StatementArguments(args + [page.limit, page.offset]))
            return .json(["deliveries": .array(rows.map(json)), "total": .int(total),
                          "limit": .int(page.limit), "offset": .int(page.offset)])
        },
        .api("getWebhookDelivery", .get, "/webhook-deliveries/{deliveryId}", tag: "Webhooks", "One delivery with its attempts") { call in
            let row = try load(call)
            // Sandbox extension: every attempt with its request and response, for debugging.
            var doc = json(row)
            doc["attempts"] = .array(try attempts(call, deliveryID: row["id"]))
            return .json(doc)
        },
        .api("retryWebhookDelivery", .post, "/webhook-deliveries/{deliveryId}/retry", tag: "Webhooks", "Retry a delivery now") { call in
            let row = try load(call)
            let id: String = row["id"], status: String = row["status"]
            // [I] Retrying a delivered delivery, or one held while webhooks are disabled, schedules nothing.
            let held = status == "pending" && (row["next_retry_at"] as Double?) == nil
            guard status != "delivered", !held, call.app.webhookEnabled else {
                return .json(["delivery_id": .string(id), "message": .string("Delivery is \(status); no retry scheduled"),
                              "retry_scheduled": false, "retry_count": .int(row["retry_count"]), "next_retry_at": nil])
            }
            try call.db.execute(sql: "UPDATE contio_deliveries SET status = 'pending', next_retry_at = ?, claimed_until = NULL WHERE id = ?",
                                arguments: [call.now.timeIntervalSince1970, id])
            return .json(["delivery_id": .string(id), "message": "Webhook delivery retry scheduled successfully",
                          "retry_scheduled": true, "retry_count": .int(row["retry_count"]), "next_retry_at": .string(call.nowText)])
        },
    ]

    static func load(_ call: ContioCall) throws -> Row {
        let id = try call.uuidParameter("deliveryId")
        guard let row = try Row.fetchOne(call.db, sql: "SELECT * FROM contio_deliveries WHERE id = ? AND app_id = ?",
                                         arguments: [id, call.app.id]) else { throw SandboxError.notFound("webhook delivery") }
        return row
    }

    static func time(_ t: Double?) -> JSONValue { t.map { .string(SandboxTime.format(Date(timeIntervalSince1970: $0))) } ?? .null }

    /// `webhook.WebhookDeliveryResponse`; unset timestamps are omitted.
    static func json(_ row: Row) -> JSONValue {
        var doc: [String: JSONValue] = [
            "id": .string(row["id"]), "partner_app_id": .string(row["app_id"]), "event_type": .string(row["event_type"]),
            "event_id": .string(row["event_id"]), "delivery_status": .string(row["status"]),
            "http_status_code": .int(row["http_status_code"]), "retry_count": .int(row["retry_count"]),
            "error_message": .string(row["error_message"]), "created_at": time(row["created_at"]),
        ]
        if let t = row["next_retry_at"] as Double?, ["pending", "failed"].contains(row["status"] as String) { doc["next_retry_at"] = time(t) }
        if let t = row["delivered_at"] as Double? { doc["delivered_at"] = time(t) }
        return .object(doc)
    }

    static func attempts(_ call: ContioCall, deliveryID: String) throws -> [JSONValue] {
        try Row.fetchAll(call.db, sql: "SELECT * FROM contio_delivery_attempts WHERE delivery_id = ? ORDER BY seq", arguments: [deliveryID]).map { a in
            let parse = { (s: String) in (try? JSONValue.parse(Data(s.utf8))) ?? [:] }
            var response: JSONValue = ["headers": parse(a["response_headers"]), "body": .string(a["response_body"])]
            if let s = a["response_status"] as Int? { response["status"] = .int(s) }
            var attempt: JSONValue = ["attempted_at": time(a["attempted_at"]), "url": .string(a["url"]),
                                      "request": ["headers": parse(a["request_headers"]), "body": .string(a["request_body"])],
                                      "response": response]
            if let e = a["error"] as String? { attempt["error"] = .string(e) }
            return attempt
        }
    }
}
