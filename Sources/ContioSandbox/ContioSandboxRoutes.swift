import Foundation
import GRDB
import SandboxCore

/// Sandbox-only routes under `/__sandbox/contio` (outside the vendor's API; every one behind the
/// sandbox's admin token, `ControlSurfaceGuard`):
/// - `GET  /__sandbox/contio/clock` → `{now, offset_seconds}` of the app's test clock (app auth).
/// - `POST /__sandbox/contio/clock/advance` `{seconds}` (or `{hours}`) → moves it forward (app auth).
/// - `POST /__sandbox/contio/trigger` `{event_type, data?}` → emits any catalogue event (app auth),
///   like `stripe trigger`; `data` defaults to a synthesised sample.
/// - `GET  /__sandbox/contio/events` → the event catalogue.
/// - `GET  /__sandbox/contio/entities` → the app's next steps, action buttons and shortcuts
///   (entities the admin API references by id but cannot list) (app auth).
/// - `POST /__sandbox/contio/dns` `{name, value}` → declares a TXT record for domain checks.
/// - `POST /__sandbox/contio/apps` `{name?, webhook_url?}` → a new partner app (a new tenant) with
///   its plain credentials, shown once. No app auth [I]: the admin token (`ControlSurfaceGuard`) suffices.
enum ContioSandboxRoutes {
    static let prefix = ContioRoute.controlPrefix

    static let all: [ContioRoute] = [
        .control("clock", .get, "/clock", "The app's test clock") { call in .json(clock(call)) },
        .control("clock.advance", .post, "/clock/advance", "Move the app's test clock forward") { call in
            let b = try call.body(allowEmpty: false)
            let seconds = try b.int("seconds", min: 0, max: 10 * 365 * 86400)
            let hours = try b.int("hours", min: 0, max: 10 * 365 * 24)
            guard seconds != nil || hours != nil else { throw SandboxError.invalid("seconds", "is required (or hours)") }
            guard Double((seconds ?? 0) + (hours ?? 0) * 3600) <= SandboxClock.maximumMove else {
                throw SandboxError.invalid("seconds", "the move must be at most 10 years (\(Int(SandboxClock.maximumMove)) seconds) in all")
            }
            let now = try SandboxClock.advance(tenant: call.app.id, by: Double((seconds ?? 0) + (hours ?? 0) * 3600), db: call.db)
            return .json(["now": .string(SandboxTime.format(now)),
                          "offset_seconds": .number(try SandboxClock.offset(tenant: call.app.id, db: call.db))])
        },
        .control("trigger", .post, "/trigger", "Emit any catalogue event to the app's webhook") { call in
            let b = try call.body(allowEmpty: false)
            let type = try b.requiredString("event_type")
            guard WebhookCatalog.isKnown(type) else {
                throw SandboxError(.badRequest, code: "validation_error", "event_type: unknown event type \(type)",
                                   extra: ["valid_event_types": .array(WebhookCatalog.eventTypes.map(JSONValue.string))])
            }
            let data = try b.object("data").map(JSONValue.object) ?? WebhookCatalog.sampleData(for: type, now: call.now)
            let (eventID, deliveryID) = try WebhookEmitter.emit(db: call.db, app: call.app, type: type, data: data, now: call.now)
            return .json(["event_id": .string(eventID), "event_type": .string(type), "delivery_id": .optional(deliveryID)], status: .created)
        },
        .control("entities", .get, "/entities", "Next steps, action buttons and shortcuts of the app") { call in
            var out: [String: JSONValue] = [:]
            for (section, kind) in ToolkitExport.kinds where kind.name != ContioKinds.template.name {
                out[section] = .array(try ContioDocuments.all(db: call.db, app: call.app.id, kind: kind))
            }
            return .json(.object(out))
        },
        .control("events", .get, "/events", access: .open, "The webhook event catalogue") { _ in
            .json(["event_types": .array(WebhookCatalog.eventTypes.map(JSONValue.string))])
        },
        .control("dns", .post, "/dns", access: .open, "Declare a DNS TXT record for domain checks") { call in
            let b = try call.body(allowEmpty: false)
            let name = try b.requiredString("name", min: 1, max: 255).lowercased()
            let value = try b.requiredString("value", min: 1, max: 1000)
            try call.db.execute(sql: "INSERT OR IGNORE INTO contio_dns_txt (name, value) VALUES (?, ?)", arguments: [name, value])
            return .json(["name": .string(name), "value": .string(value)], status: .created)
        },
        .control("apps", .post, "/apps", access: .open, "A new partner app (a new tenant) with its credentials, shown once") { call in
            let b = try call.body()
            let name = try b.string("name", min: 1, max: 255) ?? "Sandbox Partner App"
            let url = try b.string("webhook_url", max: 2000)
            if let url { try WebhookURL.validate(url, field: "webhook_url") }
            return .json(try ContioAppFactory.create(db: call.db, name: name, webhookURL: url).json, status: .created)
        },
    ]

    static func clock(_ call: ContioCall) -> JSONValue {
        ["now": .string(call.nowText), "offset_seconds": .number(call.now.timeIntervalSinceNow.rounded())]
    }
}
