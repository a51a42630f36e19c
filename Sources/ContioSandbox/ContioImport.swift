import Foundation
import GRDB
import SandboxCore

/// Writes a partner app read from a real Contio API (as its admin endpoints answer) into a fresh
/// sandbox state: the app with its id, client id and settings, and every document with its id,
/// straight into the store (the API would mint new ids).
///
/// Secrets are never copied: the clone's app gets a new API key, client secret and webhook secret,
/// and the IdP configuration is kept without its client secret (the API never shows it). Imported
/// webhook deliveries are history only: none is scheduled for another attempt.
public enum ContioImport {
    /// What was read, as the API answered.
    public struct Source: Sendable {
        public var app: JSONValue
        public var automations: [JSONValue] = []
        public var templates: [JSONValue] = []
        /// Template id → the items of `getTemplateNextSteps`.
        public var templateNextSteps: [String: [JSONValue]] = [:]
        public var toolkits: [JSONValue] = []
        /// Items of `listToolkitVersions` (each names its toolkit, manifest included).
        public var toolkitVersions: [JSONValue] = []
        public var connections: [JSONValue] = []
        public var workspaces: [JSONValue] = []
        public var workflowTemplates: [JSONValue] = []
        public var idp: JSONValue?
        public var deliveries: [JSONValue] = []

        public init(app: JSONValue) { self.app = app }
    }

    /// The clone's credentials (its part of the seed record).
    public struct Credentials: Sendable {
        public var appID: String
        public var clientID: String
        public var apiKey: String
        public var clientSecret: String
        public var webhookSecret: String

        public var seedPart: JSONValue {
            ["app_id": .string(appID), "client_id": .string(clientID), "api_key": .string(apiKey),
             "client_secret": .string(clientSecret), "webhook_secret": .string(webhookSecret)]
        }
    }

    /// Writes the app inside `db`'s transaction and returns its fresh credentials.
    public static func write(_ source: Source, into db: Database) throws -> Credentials {
        let app = source.app
        guard let appID = app["id"]?.stringValue, let clientID = app["client_id"]?.stringValue else {
            throw SandboxError.invalid("app", "the app read has no id or client_id")
        }
        let credentials = Credentials(appID: appID, clientID: clientID, apiKey: SecretHasher.token(prefix: "ctio_"),
                                      clientSecret: SecretHasher.token(prefix: "cs_"), webhookSecret: SecretHasher.token(prefix: "whs_"))
        let created = time(app["created_at"]) ?? Date().timeIntervalSince1970
        let updated = time(app["updated_at"]) ?? created
        func text(_ key: String) -> String { app[key]?.stringValue ?? "" }
        let webhookURL = text("webhook_url")
        let defaultToolkit = text("default_toolkit_id")
        try db.execute(sql: """
            INSERT INTO contio_apps (id, client_id, name, description, company_name, primary_contact_email, slug, status,
              webhook_url, webhook_enabled, webhook_filter, default_toolkit_id, webhook_secret, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, sandbox_seal(?), ?, ?)
            """, arguments: [appID, clientID, text("name"), text("description"), text("company_name"), text("primary_contact_email"),
                             text("slug"), app["status"]?.stringValue ?? "active", webhookURL.isEmpty ? nil : webhookURL,
                             app["webhook_enabled"]?.boolValue ?? false, app["webhook_filter"]?.text,
                             defaultToolkit.isEmpty ? nil : defaultToolkit, credentials.webhookSecret, created, updated])
        let now = Date().timeIntervalSince1970
        for (type, secret) in [("api_key", credentials.apiKey), ("client_secret", credentials.clientSecret),
                               ("webhook_secret", credentials.webhookSecret)] {
            try db.execute(sql: "INSERT INTO contio_credentials (id, app_id, type, secret_hash, state, created_at) VALUES (?, ?, ?, ?, 'current', ?)",
                           arguments: [SandboxIDs.uuid(), appID, type, SecretHasher.hash(secret), now])
        }

        func put<K: ContioKind>(_ kind: K.Type, _ items: [JSONValue], id member: String = "id") throws {
            for item in items {
                guard let id = item[member]?.stringValue else { continue }
                try ContioDocuments.insert(db: db, app: appID, kind: kind, id: id, body: item)
            }
        }
        try put(ContioKinds.automation, source.automations)
        try put(ContioKinds.template, source.templates)
        try put(ContioKinds.toolkit, source.toolkits)
        try put(ContioKinds.toolkitVersion, source.toolkitVersions)
        try put(ContioKinds.connection, source.connections)
        try put(ContioKinds.workspace, source.workspaces, id: "workspace_id")
        try put(ContioKinds.workflowTemplate, source.workflowTemplates)
        if let idp = source.idp { try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.idp, id: "config", body: idp) }
        // In the templates' order, each template's steps as listed: ties of sort_order keep it.
        let templateOrder = source.templates.compactMap { $0["id"]?.stringValue }
        let linked = templateOrder + source.templateNextSteps.keys.filter { !templateOrder.contains($0) }.sorted()
        for templateID in linked {
            for step in source.templateNextSteps[templateID] ?? [] {
                guard let stepID = step["id"]?.stringValue else { continue }
                // A next step is readable only through the templates that link it: its name.
                if try ContioDocuments.get(db: db, app: appID, kind: ContioKinds.nextStep, id: stepID) == nil {
                    try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.nextStep, id: stepID,
                                               body: ["id": .string(stepID), "name": step["name"] ?? ""])
                }
                let linkID = templateID + ":" + stepID
                try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.templateNextStep, id: linkID, body: [
                    "id": .string(linkID), "template_id": .string(templateID), "next_step_id": .string(stepID),
                    "autopilot": step["autopilot"] ?? false, "sort_order": step["sort_order"] ?? 0,
                ])
            }
        }
        // Oldest first, so the listing (newest first, by insertion) reads as the source's.
        for delivery in source.deliveries.reversed() {
            guard let id = delivery["id"]?.stringValue, let eventID = delivery["event_id"]?.stringValue else { continue }
            let type = delivery["event_type"]?.stringValue ?? ""
            let createdAt = time(delivery["created_at"]) ?? now
            try db.execute(sql: "INSERT OR IGNORE INTO contio_events (id, app_id, event_type, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [eventID, appID, type, Data("{}".utf8), createdAt])
            try db.execute(sql: """
                INSERT INTO contio_deliveries (id, app_id, event_id, event_type, status, http_status_code, retry_count, attempts,
                  next_retry_at, delivered_at, error_message, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)
                """, arguments: [id, appID, eventID, type, delivery["delivery_status"]?.stringValue ?? "delivered",
                                 delivery["http_status_code"]?.intValue ?? 0, delivery["retry_count"]?.intValue ?? 0,
                                 delivery["retry_count"]?.intValue ?? 0, time(delivery["delivered_at"]),
                                 delivery["error_message"]?.stringValue ?? "", createdAt])
        }
        return credentials
    }

    /// An API timestamp as the seconds since 1970 the tables keep: a quarter into its
    /// millisecond, so formatting it again (which truncates) gives the same text.
    static func time(_ value: JSONValue?) -> Double? {
        guard let text = value?.stringValue, !text.isEmpty, let date = SandboxTime.parse(text) else { return nil }
        return ((date.timeIntervalSince1970 * 1000).rounded() + 0.25) / 1000
    }
}
