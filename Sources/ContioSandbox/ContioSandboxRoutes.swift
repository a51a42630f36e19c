import Foundation
import HTTPTypes
import GRDB
import Hummingbird
import SandboxCore

/// Sandbox-only routes under `/__sandbox/contio` (outside the vendor's API):
/// - `GET  /__sandbox/contio/clock` → `{now, offset_seconds}` of the app's test clock (app auth).
/// - `POST /__sandbox/contio/clock/advance` `{seconds}` (or `{hours}`) → moves it forward (app auth).
/// - `POST /__sandbox/contio/trigger` `{event_type, data?}` → emits any catalogue event (app auth),
///   like `stripe trigger`; `data` defaults to a synthesised sample.
/// - `GET  /__sandbox/contio/events` → the event catalogue.
/// - `GET  /__sandbox/contio/entities` → the app's next steps, action buttons and shortcuts
///   (entities the admin API references by id but cannot list) (app auth).
/// - `POST /__sandbox/contio/dns` `{name, value}` → declares a TXT record for domain checks.
/// - `POST /__sandbox/contio/apps` `{name?, webhook_url?}` → a new partner app (a new tenant) with
///   its plain credentials, shown once. No auth [I]: the sandbox listens on loopback only.
enum ContioSandboxRoutes {
    static let prefix = "/__sandbox/contio"

    static func add(to r: ContioRouter, router: Router<SandboxRequestContext>) {
        let sandbox = ContioRouter(router: router, store: r.store, prefix: prefix)
        sandbox.add(.get, "/clock") { call in .json(clock(call)) }
        sandbox.add(.post, "/clock/advance") { call in
            let b = try call.body(allowEmpty: false)
            let seconds = try b.int("seconds", min: 0, max: 10 * 365 * 86400)
            let hours = try b.int("hours", min: 0, max: 10 * 365 * 24)
            guard seconds != nil || hours != nil else { throw SandboxError.invalid("seconds", "is required (or hours)") }
            let now = try SandboxClock.advance(tenant: call.app.id, by: Double((seconds ?? 0) + (hours ?? 0) * 3600), db: call.db)
            return .json(["now": .string(SandboxTime.format(now)),
                          "offset_seconds": .number(try SandboxClock.offset(tenant: call.app.id, db: call.db))])
        }
        sandbox.add(.post, "/trigger") { call in
            let b = try call.body(allowEmpty: false)
            let type = try b.string("event_type", required: true)!
            guard WebhookCatalog.isKnown(type) else {
                throw SandboxError(.badRequest, code: "validation_error", "event_type: unknown event type \(type)",
                                   extra: ["valid_event_types": .array(WebhookCatalog.eventTypes.map(JSONValue.string))])
            }
            let data = try b.objectField("data").map(JSONValue.object) ?? WebhookCatalog.sampleData(for: type, now: call.now)
            let (eventID, deliveryID) = try WebhookEmitter.emit(db: call.db, app: call.app, type: type, data: data, now: call.now)
            return .json(["event_id": .string(eventID), "event_type": .string(type), "delivery_id": .optional(deliveryID)], status: .created)
        }
        sandbox.add(.get, "/entities") { call in
            var out: [String: JSONValue] = [:]
            for (section, kind) in ToolkitExport.kinds where kind != "template" {
                out[section] = .array(try ContioDocuments.all(db: call.db, app: call.app.id, kind: kind))
            }
            return .json(.object(out))
        }
        router.get(RouterPath(prefix + "/events")) { _, _ in
            StoredResponse.json(.ok, ["event_types": .array(WebhookCatalog.eventTypes.map(JSONValue.string))]).response()
        }
        let store = r.store
        router.post(RouterPath(prefix + "/dns")) { request, context in
            await open(request, context, store: store, status: .created) { db, body in
                let b = try BodyFields(body, allowEmpty: false)
                let name = try b.string("name", required: true, min: 1, max: 255)!.lowercased()
                let value = try b.string("value", required: true, min: 1, max: 1000)!
                try db.execute(sql: "INSERT OR IGNORE INTO contio_dns_txt (name, value) VALUES (?, ?)", arguments: [name, value])
                return ["name": .string(name), "value": .string(value)]
            }
        }
        router.post(RouterPath(prefix + "/apps")) { request, context in
            await open(request, context, store: store, status: .created) { db, body in
                let b = try BodyFields(body)
                let name = try b.string("name", min: 1, max: 255) ?? "Sandbox Partner App"
                let url = try b.string("webhook_url", max: 2000)
                if let url { try WebhookURL.validate(url, field: "webhook_url") }
                return try ContioAppFactory.create(db: db, name: name, webhookURL: url).json
            }
        }
    }

    static func clock(_ call: ContioCall) -> JSONValue {
        ["now": .string(call.nowText), "offset_seconds": .number(call.now.timeIntervalSinceNow.rounded())]
    }

    /// An unauthenticated sandbox route: one transaction, Contio's error shape.
    static func open(_ request: Request, _ context: SandboxRequestContext, store: SandboxStore, status: HTTPResponse.Status,
                     _ body: @escaping (Database, Data?) throws -> JSONValue) async -> Response {
        do {
            let data = try await SandboxHTTP.body(of: request, context: context)
            let result = try await store.write { db in try body(db, data) }
            return StoredResponse.json(status, result).response()
        } catch let e as SandboxError {
            return ContioErrorBody.response(e, requestID: context.requestID).response()
        } catch {
            let e = SandboxError(.internalServerError, code: "internal_error", "internal error")
            return ContioErrorBody.response(e, requestID: context.requestID).response()
        }
    }
}
