import Foundation
import GRDB
import SandboxCore

/// A partner app: the Contio tenant.
struct ContioApp {
    var id: String
    var clientID: String
    var name: String
    var description: String
    var companyName: String
    var contactEmail: String
    var slug: String
    var status: String
    var webhookURL: String?
    var webhookEnabled: Bool
    var webhookFilter: JSONValue?
    var defaultToolkitID: String?
    var webhookSecret: String
    var createdAt: Double
    var updatedAt: Double

    init(id: String, clientID: String, name: String, description: String = "", companyName: String = "",
         contactEmail: String = "", slug: String = "", status: String = "active", webhookURL: String? = nil,
         webhookEnabled: Bool = false, webhookFilter: JSONValue? = nil, defaultToolkitID: String? = nil,
         webhookSecret: String = "", createdAt: Double = 0, updatedAt: Double = 0) {
        self.id = id; self.clientID = clientID; self.name = name; self.description = description
        self.companyName = companyName; self.contactEmail = contactEmail; self.slug = slug; self.status = status
        self.webhookURL = webhookURL; self.webhookEnabled = webhookEnabled; self.webhookFilter = webhookFilter
        self.defaultToolkitID = defaultToolkitID; self.webhookSecret = webhookSecret
        self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    /// The tenant of an open sandbox route: no app. Its empty id matches no stored row.
    static let nobody = ContioApp(id: "", clientID: "", name: "")

    init(row: Row) {
        id = row["id"]; clientID = row["client_id"]; name = row["name"]; description = row["description"]
        companyName = row["company_name"]; contactEmail = row["primary_contact_email"]; slug = row["slug"]
        status = row["status"]; webhookURL = row["webhook_url"]; webhookEnabled = row["webhook_enabled"]
        webhookFilter = (row["webhook_filter"] as String?).flatMap { try? JSONValue.parse(Data($0.utf8)) }
        defaultToolkitID = row["default_toolkit_id"]; webhookSecret = row["webhook_secret_plain"] ?? ""
        createdAt = row["created_at"]; updatedAt = row["updated_at"]
    }

    static func fetch(db: Database, id: String) throws -> ContioApp? {
        try Row.fetchOne(db, sql: "SELECT *, sandbox_open(webhook_secret) AS webhook_secret_plain FROM contio_apps WHERE id = ?", arguments: [id]).map(ContioApp.init(row:))
    }

    /// Writes every mutable column back.
    func save(db: Database) throws {
        try db.execute(sql: """
            UPDATE contio_apps SET name = ?, description = ?, slug = ?, status = ?, webhook_url = ?, webhook_enabled = ?,
              webhook_filter = ?, default_toolkit_id = ?, webhook_secret = sandbox_seal(?), updated_at = ? WHERE id = ?
            """, arguments: [name, description, slug, status, webhookURL, webhookEnabled, webhookFilter?.text,
                             defaultToolkitID, webhookSecret, updatedAt, id])
    }

    /// `shared.PartnerAppResponse`.
    var json: JSONValue {
        var app: [String: JSONValue] = [
            "id": .string(id), "client_id": .string(clientID), "name": .string(name),
            "description": .string(description), "company_name": .string(companyName),
            "primary_contact_email": .string(contactEmail), "slug": .string(slug), "status": .string(status),
            "webhook_url": .string(webhookURL ?? ""), "webhook_enabled": .bool(webhookEnabled),
            "default_toolkit_id": .string(defaultToolkitID ?? ""),
            "created_at": .string(SandboxTime.format(Date(timeIntervalSince1970: createdAt))),
            "updated_at": .string(SandboxTime.format(Date(timeIntervalSince1970: updatedAt))),
        ]
        // The spec's `webhook_filter` is an object, not nullable: an app without a filter has none.
        if let webhookFilter { app["webhook_filter"] = webhookFilter }
        return .object(app)
    }
}

/// The plain credentials of a newly created app (returned once, never stored in plain).
struct ContioAppCredentials {
    var appID: String
    var clientID: String
    var apiKey: String
    var clientSecret: String
    var webhookSecret: String

    var json: JSONValue {
        ["partner_app_id": .string(appID), "client_id": .string(clientID), "api_key": .string(apiKey),
         "client_secret": .string(clientSecret), "webhook_secret": .string(webhookSecret)]
    }
}

enum ContioAppFactory {
    /// Creates a partner app with fresh credentials and demo fixtures (connections, workflow
    /// templates, next steps, workspaces) so read-only endpoints have data.
    /// Credentials decided elsewhere (the seed record, on a reset) instead of fresh ones.
    struct GivenCredentials {
        var clientID: String
        var apiKey: String
        var clientSecret: String
        var webhookSecret: String
    }

    static func create(db: Database, name: String, webhookURL: String?, credentials given: GivenCredentials? = nil) throws -> ContioAppCredentials {
        let id = SandboxIDs.uuid()
        let now = Date().timeIntervalSince1970
        let creds = ContioAppCredentials(
            appID: id,
            clientID: given?.clientID ?? SecretHasher.token(prefix: "partner_", byteCount: 8),
            apiKey: given?.apiKey ?? SecretHasher.token(prefix: "ctio_"),
            clientSecret: given?.clientSecret ?? SecretHasher.token(prefix: "cs_"),
            webhookSecret: given?.webhookSecret ?? SecretHasher.token(prefix: "whs_"))
        let slug = String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40)) + "-" + String(id.prefix(6))
        try db.execute(sql: """
            INSERT INTO contio_apps (id, client_id, name, description, company_name, primary_contact_email, slug,
              status, webhook_url, webhook_enabled, webhook_secret, created_at, updated_at)
            VALUES (?, ?, ?, 'Sandbox partner app', 'Sandbox Inc.', 'admin@sandbox.test', ?, 'active', ?, 1, sandbox_seal(?), ?, ?)
            """, arguments: [id, creds.clientID, name, slug, webhookURL, creds.webhookSecret, now, now])
        for (type, secret) in [("api_key", creds.apiKey), ("client_secret", creds.clientSecret), ("webhook_secret", creds.webhookSecret)] {
            try db.execute(sql: """
                INSERT INTO contio_credentials (id, app_id, type, secret_hash, state, created_at) VALUES (?, ?, ?, ?, 'current', ?)
                """, arguments: [SandboxIDs.uuid(), id, type, SecretHasher.hash(secret), now])
        }
        try ContioFixtures.insert(db: db, appID: id, now: now)
        return creds
    }
}
