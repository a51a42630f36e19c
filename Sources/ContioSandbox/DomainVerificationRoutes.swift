import Foundation
import SandboxCore

/// Domain rules shared by IdP config and verification.
enum DomainRules {
    static let generic: Set<String> = ["gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
                                       "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com"]
    static let reserved: Set<String> = ["example.com", "example.org", "example.net", "contio.ai", "localhost"]

    static func validate(_ domain: String, field: String = "domain") throws {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let labelOK = { (l: Substring) in
            !l.isEmpty && l.count <= 63 && !l.hasPrefix("-") && !l.hasSuffix("-")
                && l.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
        }
        guard domain.count <= 253, labels.count >= 2, labels.allSatisfy(labelOK) else {
            throw SandboxError.invalid(field, "\(domain) is not a valid domain name", code: "invalid_domain")
        }
        if reserved.contains(domain) || domain.hasSuffix(".local") || domain.hasSuffix(".localhost") {
            throw SandboxError.invalid(field, "\(domain) is reserved", code: "domain_reserved")
        }
        if generic.contains(domain) {
            throw SandboxError.invalid(field, "\(domain) is a generic email provider", code: "domain_is_generic")
        }
    }
}

/// Domain verification (#26–28). DNS is simulated: declare TXT records with
/// `POST /__sandbox/contio/dns` `{name, value}`; `check` looks only there. Challenges expire
/// after 7 days on the app's clock. [I]
enum DomainVerificationRoutes {
    static let ttl: TimeInterval = 7 * 86400

    static let all: [ContioRoute] = [
        // A read: an expired challenge is shown as expired; `verify` and `check` store that.
        .api("getIdpDomainVerification", .get, "/idp/domains/{domain}", tag: "IdP", "A domain's verification status") { call in
            .json(view(expiring(try load(call), now: call.now)))
        },
        .api("initiateIdpDomainVerification", .post, "/idp/domains/{domain}/verify", tag: "IdP",
             "Start (or restart) a domain's verification", status: 201) { call in
            let domain = try domainParameter(call)
            let pending = try ContioDocuments.all(db: call.db, app: call.app.id, kind: ContioKinds.idpDomain, matching: ["status": "pending"])
                .filter { expiring($0, now: call.now)["status"]?.stringValue == "pending" }
            if pending.count >= 20, !pending.contains(where: { $0["domain"]?.stringValue == domain }) {
                throw SandboxError(.tooManyRequests, code: "rate_limited", "too many pending domain verifications", headers: ["Retry-After": "3600"])
            }
            let existing = try ContioDocuments.get(db: call.db, app: call.app.id, kind: ContioKinds.idpDomain, id: domain)
            if let existing, existing["status"]?.stringValue == "verified" { return .json(view(existing), status: .created) }
            let doc: JSONValue = [
                "domain": .string(domain), "dns_record_name": .string("_contio-challenge." + domain),
                "dns_record_value": .string("contio-domain-verify=" + SecretHasher.token(prefix: "", byteCount: 16)),
                "status": "pending", "expires_at": .string(SandboxTime.format(call.now.addingTimeInterval(ttl))),
            ]
            if existing == nil {
                try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.idpDomain, id: domain, body: doc)
            } else {
                try save(call, doc)
            }
            return .json(view(doc), status: .created)
        },
        .api("checkIdpDomainVerification", .post, "/idp/domains/{domain}/check", tag: "IdP",
             "Look for the domain's TXT record") { call in
            var doc = try load(call)
            if doc["status"]?.stringValue == "verified" { return .json(view(doc)) }
            let domain = try ContioDocuments.string(doc, "domain")
            if let exp = doc["expires_at"]?.stringValue.flatMap(SandboxTime.parse), exp <= call.now {
                doc["status"] = "expired"
                try save(call, doc)
                return .json(view(doc))
            }
            let found = try Bool.fetchOne(call.db, sql: "SELECT 1 FROM contio_dns_txt WHERE name = ? AND value = ?",
                                          arguments: [try ContioDocuments.string(doc, "dns_record_name"),
                                                      try ContioDocuments.string(doc, "dns_record_value")]) ?? false
            if found {
                doc["status"] = "verified"
                doc["verified_at"] = .string(call.nowText)
                doc["expires_at"] = nil
                try save(call, doc)
                try WebhookEmitter.emit(db: call.db, app: call.app, type: "partner.idp.domain_verified",
                                        data: ["domain": .string(domain), "status": "verified", "verified_at": .string(call.nowText)], now: call.now)
            } else {
                try WebhookEmitter.emit(db: call.db, app: call.app, type: "partner.idp.domain_verification_failed",
                                        data: ["domain": .string(domain), "status": "pending", "failed_at": .string(call.nowText),
                                               "reason": "TXT record not found"], now: call.now)
            }
            return .json(view(doc))
        },
    ]

    /// `doc` with a pending challenge past its expiry shown as expired.
    static func expiring(_ doc: JSONValue, now: Date) -> JSONValue {
        guard doc["status"]?.stringValue == "pending", let expiry = doc["expires_at"]?.stringValue.flatMap(SandboxTime.parse),
              expiry <= now else { return doc }
        return doc.setting("status", "expired")
    }

    static func domainParameter(_ call: ContioCall) throws -> String {
        let raw = call.parameter("domain").removingPercentEncoding ?? ""
        let domain = raw.lowercased()
        try DomainRules.validate(domain)
        return domain
    }

    static func load(_ call: ContioCall) throws -> JSONValue {
        let domain = try domainParameter(call)
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.idpDomain, id: domain, what: "domain verification")
    }

    static func save(_ call: ContioCall, _ doc: JSONValue) throws {
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.idpDomain, id: try ContioDocuments.string(doc, "domain"), body: doc)
    }

    /// Drops keys that are null (expires_at once verified).
    static func view(_ doc: JSONValue) -> JSONValue {
        guard case .object(let o) = doc else { return doc }
        return .object(o.filter { !$0.value.isNull })
    }
}
