import Foundation
import SandboxCore

/// Sandbox-only helpers under `/__sandbox/conto` (never part of the Conto API or its OpenAPI
/// document): tenants, extra org keys, the test clock, balances and per-org settings.
enum SandboxRoutes {
    static var all: [ContoRoute] { [createOrg, createKey, revokeKey, clock, advanceClock, setBalance, settings, updateSettings] }

    static let createOrg = ContoRoute.send(
        .post, "/__sandbox/conto/orgs", "sandbox.createOrg", "Create a tenant with an owner and an org key (preset Admin unless given)",
        tag: "Sandbox", access: .open, body: .record(["name": .string, "preset": .cases(ContoScopePreset.self)], optional: ["name", "preset"]),
        status: 201, response: .map
    ) { call in
        let body = try call.fields()
        let name = try body.string("name", length: 1...100) ?? "Sandbox Org"
        let preset = try body.enumeration("preset", ContoScopePreset.self) ?? .admin
        let created = try Seeding.createOrganization(call.docs, name: name, preset: preset, now: call.now)
        return ["orgId": .string(created.org.id), "orgApiKey": .string(created.secret), "keyId": .string(created.key.id),
                "memberId": .string(created.member.id), "scopes": .strings(created.key.scopes)]
    }

    static let createKey = ContoRoute.send(
        .post, "/__sandbox/conto/api-keys", "sandbox.createApiKey", "Create another org key in the caller's org, by preset or explicit scopes",
        tag: "Sandbox", access: .sandboxAdmin,
        body: .record(["name": .string, "preset": .cases(ContoScopePreset.self), "scopes": .array(.string), "expiresInDays": .integer],
                      optional: ["name", "preset", "scopes", "expiresInDays"]),
        status: 201, response: .map
    ) { call in
        let body = try call.fields()
        var scopes = (try body.enumeration("preset", ContoScopePreset.self) ?? .readOnly).scopes.map(\.rawValue)
        if let explicit = try body.strings("scopes") {
            for (index, scope) in explicit.enumerated() where ContoScope(rawValue: scope) == nil {
                throw ContoError.validation("scopes[\(index)]", "unknown org scope \(scope)")
            }
            scopes = explicit
        }
        let days = try body.int("expiresInDays", range: 1...3650)
        let (key, secret) = Seeding.newOrgKey(org: call.org, name: try body.string("name", length: 1...100) ?? "Sandbox key", scopes: scopes,
                                              expiresAt: days.map { call.now.addingTimeInterval(Double($0) * 86_400) }, now: call.now)
        try call.docs.save(key)
        try call.audit("CREATE", "api_key", key.id, metadata: ["scopes": .strings(scopes)])
        return ["id": .string(key.id), "key": .string(secret), "keyPrefix": .string(key.keyPrefix), "scopes": .strings(scopes),
                "expiresAt": .date(key.expiresAt)]
    }

    static let revokeKey = ContoRoute.send(
        .delete, "/__sandbox/conto/api-keys/{keyId}", "sandbox.revokeApiKey", "Revoke an org key of the caller's org",
        tag: "Sandbox", access: .sandboxAdmin, response: .ref("Success")
    ) { call in
        var key = try call.docs.require(OrgApiKey.self, call.param("keyId"), org: call.org)
        key.revokedAt = key.revokedAt ?? call.now
        try call.docs.save(key)
        try call.audit("DELETE", "api_key", key.id)
        return Envelope.success
    }

    static let clock = ContoRoute.get(
        "/__sandbox/conto/clock", "sandbox.clock", "The org's test clock", tag: "Sandbox", access: .sandboxOrg, response: .map
    ) { call in
        ["now": .date(call.now), "offsetSeconds": .number(try SandboxClock.offset(tenant: ContoSandbox.tenant(call.org), db: call.db))]
    }

    static let advanceClock = ContoRoute.send(
        .post, "/__sandbox/conto/clock/advance", "sandbox.advanceClock", "Move the org's clock forward by seconds/minutes/hours/days",
        tag: "Sandbox", access: .sandboxOrg,
        body: .object(["seconds": .number, "minutes": .number, "hours": .number, "days": .number], required: []), response: .map
    ) { call in
        let body = try call.fields()
        var seconds = 0.0
        for (field, unit) in [("seconds", 1.0), ("minutes", 60.0), ("hours", 3600.0), ("days", 86_400.0)] {
            guard let value = try body.number(field) else { continue }
            let most = SandboxClock.maximumMove / unit
            guard value >= 0, value <= most else {
                throw ContoError.validation(field, "must be between 0 and \(Int(most)) (a move of at most 10 years)")
            }
            seconds += value * unit
        }
        guard seconds > 0 else { throw ContoError.validation("seconds", "give a positive seconds, minutes, hours or days") }
        guard seconds <= SandboxClock.maximumMove else {
            throw ContoError.validation("seconds", "the move must be at most 10 years (\(Int(SandboxClock.maximumMove)) seconds) in all")
        }
        let now = try SandboxClock.advance(tenant: ContoSandbox.tenant(call.org), by: seconds, db: call.db)
        return ["now": .date(now), "offsetSeconds": .number(try SandboxClock.offset(tenant: ContoSandbox.tenant(call.org), db: call.db))]
    }

    static let setBalance = ContoRoute.send(
        .put, "/__sandbox/conto/wallets/{walletId}/balance", "sandbox.setBalance", "Set a wallet's sandbox balance",
        tag: "Sandbox", access: .sandboxOrg, body: .record(["balance": .number]), response: .ref("Wallet")
    ) { call in
        let balance = try boundedAmount(call.fields(), "balance", required: true) ?? 0
        var wallet = try WalletRoutes.live(call, call.param("walletId"))
        wallet.balance = balance
        wallet.updatedAt = call.now
        try call.docs.save(wallet)
        try call.audit("FUND", "wallet", wallet.id, metadata: ["balance": .money(wallet.balance), "source": "sandbox"])
        return wallet.json
    }

    static let settings = ContoRoute.get(
        "/__sandbox/conto/settings", "sandbox.settings", "The org's effective sandbox settings", tag: "Sandbox", access: .sandboxOrg,
        response: .map
    ) { call in
        settingsJSON(call.settings)
    }

    static let updateSettings = ContoRoute.send(
        .patch, "/__sandbox/conto/settings", "sandbox.updateSettings", "Override default balance and rate limits for this org",
        tag: "Sandbox", access: .sandboxAdmin,
        body: .object(["defaultBalance": .number, "adminRequestsPerWindow": .integer, "paymentRequestsPerWindow": .integer,
                       "sdkReadRequestsPerWindow": .integer, "windowSeconds": .integer], required: []),
        response: .map
    ) { call in
        var org = try call.docs.require(Organization.self, call.org, org: call.org)
        var settings = call.settings
        let body = try call.fields()
        if let balance = try boundedAmount(body, "defaultBalance") { settings.defaultBalance = balance }
        if let value = try body.int("adminRequestsPerWindow", range: 1...1_000_000) { settings.adminRequestsPerWindow = value }
        if let value = try body.int("paymentRequestsPerWindow", range: 1...1_000_000) { settings.paymentRequestsPerWindow = value }
        if let value = try body.int("sdkReadRequestsPerWindow", range: 1...1_000_000) { settings.sdkReadRequestsPerWindow = value }
        if let value = try body.int("windowSeconds", range: 1...86_400) { settings.windowSeconds = value }
        org.settings = settings
        try call.docs.save(org)
        try call.audit("SETTINGS_CHANGED", "settings", org.id, new: settingsJSON(settings))
        return settingsJSON(settings)
    }

    /// The largest sandbox balance [I]: far beyond any test, well inside Decimal's and JSON's range.
    static let maximumAmount = 1_000_000_000_000_000.0

    /// A money amount between 0 and `maximumAmount`; out of range is a 400 naming the field and range.
    static func boundedAmount(_ body: FieldReader, _ field: String, required: Bool = false) throws -> Decimal? {
        guard let number = try body.number(field, required: required) else { return nil }
        guard number >= 0, number <= maximumAmount else {
            throw ContoError.validation(field, "must be between 0 and \(Int(maximumAmount))")
        }
        return try body.money(field, required: required, min: 0)
    }

    static func settingsJSON(_ settings: ContoConfiguration) -> JSON {
        ["defaultBalance": .money(settings.defaultBalance), "adminRequestsPerWindow": .count(settings.adminRequestsPerWindow),
         "paymentRequestsPerWindow": .count(settings.paymentRequestsPerWindow),
         "sdkReadRequestsPerWindow": .count(settings.sdkReadRequestsPerWindow), "windowSeconds": .count(settings.windowSeconds)]
    }
}
