import Foundation
import HTTPTypes
import GRDB
import SandboxCore

/// OIDC IdP configuration (#21–25). One config per app, stored as a document with id "config".
///
/// Discovery is offline [I]: endpoints are derived from `discovery_url`; a discovery URL whose
/// host ends in `.invalid` simulates `discovery_fetch_failed`.
enum IdPRoutes {
    static let suffix = "/.well-known/openid-configuration"

    static let all: [ContioRoute] = [
        .api("getIdPConfig", .get, "/idp", tag: "IdP", "The app's OIDC IdP configuration") { call in .json(withoutSecret(try load(call))) },
        .api("createIdPConfig", .post, "/idp", tag: "IdP", "Configure the app's OIDC IdP", status: 201, handler: create),
        .api("updateIdPConfig", .patch, "/idp", tag: "IdP", "Update the IdP configuration", handler: update),
        .api("replaceIdPConfig", .put, "/idp", tag: "IdP", "Replace the IdP configuration's fields", handler: update),
        .api("deleteIdPConfig", .delete, "/idp", tag: "IdP", "Remove the IdP configuration", status: 204) { call in
            _ = try load(call)
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: ContioKinds.idp, id: "config")
            return .noContent
        },
    ] + DomainVerificationRoutes.all

    static func load(_ call: ContioCall) throws -> JSONValue {
        try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.idp, id: "config", what: "IdP configuration")
    }

    /// Never returns the client secret (stored only as a hash).
    static func withoutSecret(_ doc: JSONValue) -> JSONValue {
        guard case .object(var o) = doc else { return doc }
        o.removeValue(forKey: "idp_client_secret_hash")
        return .object(o)
    }

    @Sendable static func create(_ call: inout ContioCall) throws -> ContioReply {
        if try ContioDocuments.get(db: call.db, app: call.app.id, kind: ContioKinds.idp, id: "config") != nil {
            throw SandboxError(.conflict, code: "idp_config_exists", "an IdP configuration already exists for this app")
        }
        let b = try call.body(code: "invalid_request_body", allowEmpty: false)
        let name = try b.requiredString("name", min: 1, max: 255)
        let discovery = try b.requiredString("discovery_url", min: 1, max: 2000)
        let clientID = try b.requiredString("idp_client_id", min: 1, max: 255)
        let secret = try b.requiredString("idp_client_secret", min: 1, max: 1000)
        let mode = try b.requiredString("mode", oneOf: ["strict", "partner_managed"])
        var doc: JSONValue = [
            "id": .string(SandboxIDs.uuid()), "partner_app_id": .string(call.app.id), "name": .string(name), "type": "oidc",
            "idp_client_id": .string(clientID), "idp_client_secret_hash": .string(SecretHasher.hash(secret)),
            "mode": .string(mode), "is_active": true,
            "scopes": .array((try b.strings("scopes") ?? ["openid", "email", "profile"]).map(JSONValue.string)),
            "claim_mappings": try claimMappings(b) ?? ["email": "email", "name": "name"],
            "allowed_email_domains": .array((try b.strings("allowed_email_domains", nullable: true) ?? []).map(JSONValue.string)),
            "created_at": .string(call.nowText), "updated_at": .string(call.nowText),
        ]
        try applyDiscovery(&doc, url: discovery, call: call)
        try checkDomains(doc, call: call, claimedStatus: .badRequest)
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.idp, id: "config", body: doc)
        return .json(withoutSecret(doc), status: .created)
    }

    @Sendable static func update(_ call: inout ContioCall) throws -> ContioReply {
        var doc = try load(call)
        let b = try call.body(code: "invalid_request_body")
        if let v = try b.string("name", min: 1, max: 255) { doc["name"] = .string(v) }
        if let v = try b.string("idp_client_id", min: 1, max: 255) { doc["idp_client_id"] = .string(v) }
        if let v = try b.string("idp_client_secret", min: 1, max: 1000) { doc["idp_client_secret_hash"] = .string(SecretHasher.hash(v)) }
        if let v = try b.string("mode", oneOf: ["strict", "partner_managed"]) { doc["mode"] = .string(v) }
        if let v = try b.strings("scopes") { doc["scopes"] = .array(v.map(JSONValue.string)) }
        if let v = try claimMappings(b) { doc["claim_mappings"] = v }
        if b.has("allowed_email_domains") {
            doc["allowed_email_domains"] = .array((try b.strings("allowed_email_domains", nullable: true) ?? []).map(JSONValue.string))
        }
        if let v = try b.bool("is_active") { doc["is_active"] = .bool(v) }
        if let v = try b.string("discovery_url", min: 1, max: 2000) { try applyDiscovery(&doc, url: v, call: call) }
        try checkDomains(doc, call: call, claimedStatus: .conflict)
        doc["updated_at"] = .string(call.nowText)
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.idp, id: "config", body: doc)
        return .json(withoutSecret(doc))
    }

    static func claimMappings(_ b: FieldReader) throws -> JSONValue? {
        guard let o = try b.object("claim_mappings") else { return nil }
        for (k, v) in o where v.stringValue == nil { throw b.fail("claim_mappings.\(k)", "must be a string") }
        return .object(o)
    }

    static func applyDiscovery(_ doc: inout JSONValue, url: String, call: ContioCall) throws {
        guard url.hasSuffix(suffix), let u = URL(string: url), u.scheme == "https" || u.scheme == "http", let host = u.host else {
            throw SandboxError.invalid("discovery_url", "must be an http(s) URL ending in \(suffix)", code: "invalid_idp")
        }
        if host.hasSuffix(".invalid") {
            throw SandboxError.invalid("discovery_url", "discovery document could not be fetched", code: "discovery_fetch_failed")
        }
        let issuer = String(url.dropLast(suffix.count))
        doc["discovery_url"] = .string(url)
        doc["issuer"] = .string(issuer)
        doc["authorization_endpoint"] = .string(issuer + "/authorize")
        doc["token_endpoint"] = .string(issuer + "/token")
        doc["userinfo_endpoint"] = .string(issuer + "/userinfo")
        doc["jwks_uri"] = .string(issuer + "/.well-known/jwks.json")
        doc["discovery_last_fetched_at"] = .string(call.nowText)
    }

    /// Strict mode needs domains, each verified by this app and not claimed by another app.
    static func checkDomains(_ doc: JSONValue, call: ContioCall, claimedStatus: HTTPResponse.Status) throws {
        let domains = (doc["allowed_email_domains"]?.arrayValue ?? []).compactMap(\.stringValue).map { $0.lowercased() }
        for d in domains { try DomainRules.validate(d, field: "allowed_email_domains") }
        guard doc["mode"]?.stringValue == "strict" else { return }
        guard !domains.isEmpty else {
            throw SandboxError.invalid("allowed_email_domains", "strict mode requires at least one domain", code: "strict_mode_requires_domains")
        }
        for d in domains {
            // Asked of SQLite: does another app's strict configuration list the domain?
            let claimed = try Bool.fetchOne(call.db, sql: """
                SELECT EXISTS (SELECT 1 FROM contio_documents d, json_each(d.body, '$.allowed_email_domains') domain
                               WHERE d.kind = ? AND d.app_id != ? AND json_extract(d.body, '$.mode') = 'strict' AND domain.value = ?)
                """, arguments: [ContioKinds.idp.name, call.app.id, d]) ?? false
            if claimed {
                throw SandboxError(claimedStatus, code: "domain_already_claimed", "allowed_email_domains: \(d) is claimed by another app")
            }
            let verification = try ContioDocuments.get(db: call.db, app: call.app.id, kind: ContioKinds.idpDomain, id: d)
            guard verification?["status"]?.stringValue == "verified" else {
                throw SandboxError.invalid("allowed_email_domains", "\(d) is not verified", code: "domain_not_verified")
            }
        }
    }
}
