import Foundation
import SandboxCore

/// App info, app status, webhook filter and webhook status (#1–4, #57–59 and SDK aliases).
enum AppRoutes {
    static let all: [ContioRoute] = [
        .api("getApp", .get, "/app", tag: "App", "The partner app") { call in .json(call.app.json) },
        .api("updateApp", .patch, "/app", tag: "App", "Update the app's fields", handler: update),
        .api("replaceApp", .put, "/app", tag: "App", "Replace the app's fields", handler: update),
        .api("updateAppStatus", .put, "/app/status", tag: "App", "Set the app's status", handler: setStatus),
        // The spec's paths, each with the SDK's /app/... variant.
        .api("setWebhookFilter", .put, "/webhook-filter", variant: "/app/webhook-filter", tag: "Webhooks",
             "Include or exclude webhook event types", handler: setFilter),
        .api("removeWebhookFilter", .delete, "/webhook-filter", variant: "/app/webhook-filter", tag: "Webhooks",
             "Remove the webhook filter", handler: removeFilter),
        .api("updateWebhookStatus", .put, "/webhook-status", variant: "/app/webhook-status", tag: "Webhooks",
             "Enable or disable webhooks", handler: setWebhookStatus),
    ]

    @Sendable static func update(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "validation_error")
        var app = call.app
        if let v = try b.string("name", min: 1, max: 255) { app.name = v }
        if let v = try b.string("description", max: 1000) { app.description = v }
        if let v = try b.string("slug", min: 3, max: 63) {
            guard v.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) else {
                throw SandboxError.invalid("slug", "may contain only lowercase letters, digits and '-'")
            }
            app.slug = v
        }
        if b.has("webhook_url") {
            let url = try b.string("webhook_url", max: 2000, nullable: true)
            if let url, !url.isEmpty { try WebhookURL.validate(url, field: "webhook_url") }
            app.webhookURL = (url?.isEmpty ?? true) ? nil : url
        }
        if b.has("default_toolkit_id") {
            let id = try b.string("default_toolkit_id", nullable: true)
            if let id, !id.isEmpty {
                guard SandboxIDs.isUUID(id) else { throw SandboxError.invalid("default_toolkit_id", "must be a UUID") }
                guard try ContioDocuments.get(db: call.db, app: app.id, kind: ContioKinds.toolkit, id: id.lowercased()) != nil else {
                    throw SandboxError.invalid("default_toolkit_id", "no such toolkit")
                }
                app.defaultToolkitID = id.lowercased()
            } else {
                app.defaultToolkitID = nil
            }
        }
        app.updatedAt = call.now.timeIntervalSince1970
        try app.save(db: call.db)
        return .json(app.json)
    }

    @Sendable static func setStatus(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "invalid_status", allowEmpty: false)
        var app = call.app
        app.status = try b.requiredString("status", oneOf: ["active", "suspended", "inactive"])
        app.updatedAt = call.now.timeIntervalSince1970
        try app.save(db: call.db)
        return .json(app.json)
    }

    @Sendable static func setFilter(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "validation_error", allowEmpty: false)
        let type = try b.requiredString("type", oneOf: ["include", "exclude"])
        let events = try b.requiredStrings("events", minCount: 1)
        let unknown = events.filter { !WebhookCatalog.isKnown($0) }
        guard unknown.isEmpty else {
            throw SandboxError(.badRequest, code: "validation_error",
                               "events: unknown event type(s) \(unknown.joined(separator: ", "))",
                               extra: ["valid_event_types": .array(WebhookCatalog.eventTypes.map(JSONValue.string))])
        }
        var app = call.app
        app.webhookFilter = ["type": .string(type), "events": .array(events.map(JSONValue.string))]
        app.updatedAt = call.now.timeIntervalSince1970
        try app.save(db: call.db)
        return .json(app.json)
    }

    @Sendable static func removeFilter(_ call: inout ContioCall) throws -> ContioReply {
        var app = call.app
        app.webhookFilter = nil
        app.updatedAt = call.now.timeIntervalSince1970
        try app.save(db: call.db)
        return .json(app.json)
    }

    /// Disabling holds new deliveries as `pending`; re-enabling with `deliver` schedules the
    /// backlog now, with `abandon` marks it abandoned. [I] Re-enabling without a disposition
    /// delivers the backlog (the spec makes the field optional).
    @Sendable static func setWebhookStatus(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "invalid_request_body", allowEmpty: false)
        let enabled = try b.requiredBool("enabled")
        let disposition = try b.string("pending_disposition", oneOf: ["deliver", "abandon"])
        var app = call.app
        if enabled && !app.webhookEnabled {
            try DeliveryQueue.releaseHeld(db: call.db, appID: app.id, abandon: disposition == "abandon", now: call.now)
        }
        app.webhookEnabled = enabled
        app.updatedAt = call.now.timeIntervalSince1970
        try app.save(db: call.db)
        return .json(app.json)
    }
}

/// Webhook URL rules.
enum WebhookURL {
    /// Accepts absolute http(s) URLs with a host.
    static func validate(_ url: String, field: String) throws {
        guard let u = URL(string: url), let scheme = u.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = u.host, !host.isEmpty else {
            throw SandboxError.invalid(field, "must be an absolute http(s) URL")
        }
    }
}
