import Foundation

/// `/api/agents/{agentId}/wallets`: agent–wallet links with spend limits and allowed times.
enum AgentWalletRoutes {
    static var all: [ContoRoute] { [list, link, update, unlink] }

    /// Link defaults from the Admin SDK reference: LIMITED, 100 per tx, 1,000 per day, no weekly or
    /// monthly limit, hours 0–24, Mon–Fri, UTC.
    enum Defaults {
        static let delegation = DelegationType.limited
        static let perTx: Decimal = 100
        static let daily: Decimal = 1000
        static let hoursStart = 0
        static let hoursEnd = 24
        static let days: [Weekday] = [.mon, .tue, .wed, .thu, .fri]
        static let timezone = "UTC"
    }

    static let bodySchema: [String: Schema] = [
        "walletId": .string, "delegationType": .cases(DelegationType.self), "spendLimitPerTx": .nullable(.number),
        "spendLimitDaily": .nullable(.number), "spendLimitWeekly": .nullable(.number), "spendLimitMonthly": .nullable(.number),
        "allowedHoursStart": .integer, "allowedHoursEnd": .integer, "allowedDays": .array(.cases(Weekday.self)), "timezone": .string,
    ]

    static let list = ContoRoute.get(
        "/api/agents/{agentId}/wallets", "agents.listWallets", "List the agent's wallet links with limits and spend counters",
        tag: "Agents", access: .org(.agentsRead), response: Envelope.listSchema("wallets", "WalletLink")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let ledger = try Ledgers.spend(call.docs, org: call.org, agentId: agent.id)
        let links = try Lookups.links(call.docs, org: call.org, agentId: agent.id)
        return ["wallets": .array(try links.map { try Ledgers.linkJSON(call, $0, ledger: ledger) })]
    }

    static let link = ContoRoute.send(
        .post, "/api/agents/{agentId}/wallets", "agents.linkWallet", "Link a wallet to the agent with spending limits",
        tag: "Agents", access: .org(.agentsWrite),
        body: .object(bodySchema, required: ["walletId"]),
        example: ["walletId": "{walletId}", "delegationType": "LIMITED", "spendLimitPerTx": 100, "spendLimitDaily": 1000,
                  "allowedDays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]],
        status: 201, response: .ref("WalletLink")
    ) { call in
        let agent = try AgentRoutes.requireLive(call)
        let body = try call.fields()
        let walletId = try body.string("walletId", required: true)!
        let wallet = try call.docs.require(Wallet.self, walletId, org: call.org)
        guard wallet.status != .archived else {
            throw ContoError.badRequest("INVALID_STATUS", "Wallet \(wallet.id) is ARCHIVED and cannot be linked")
        }
        let existing = try Lookups.link(call.docs, org: call.org, agentId: agent.id, walletId: wallet.id, activeOnly: false)
        if let existing, existing.isActive {
            throw ContoError.validation("walletId", "wallet \(wallet.id) is already linked to agent \(agent.id); update the link with PATCH")
        }
        // A link deactivated by an earlier delete is replaced in place, keeping one link per pair.
        var link = WalletLink(id: existing?.id ?? ContoKeys.id("link"), orgId: call.org, agentId: agent.id, walletId: wallet.id,
                              delegationType: Defaults.delegation, spendLimitPerTx: Defaults.perTx, spendLimitDaily: Defaults.daily,
                              spendLimitWeekly: nil, spendLimitMonthly: nil, allowedHoursStart: Defaults.hoursStart,
                              allowedHoursEnd: Defaults.hoursEnd, allowedDays: Defaults.days, timezone: Defaults.timezone,
                              isActive: true, createdAt: call.now, updatedAt: call.now)
        try apply(body, to: &link)
        try call.docs.save(link)
        try call.audit("PERMISSION_GRANTED", "agent", agent.id, new: link.json(wallet: wallet, spend: .zero),
                       metadata: ["walletId": .string(wallet.id), "linkId": .string(link.id)])
        return try Ledgers.linkJSON(call, link)
    }

    static let update = ContoRoute.send(
        .patch, "/api/agents/{agentId}/wallets/{walletId}", "agents.updateWalletLink", "Change a link's limits or allowed times (partial; null clears a limit)",
        tag: "Agents", access: .org(.agentsWrite), body: .object(bodySchema, required: []),
        example: ["spendLimitDaily": 2000, "spendLimitWeekly": 5000], response: .ref("WalletLink")
    ) { call in
        let agent = try AgentRoutes.requireLive(call)
        var link = try activeLink(call, agentId: agent.id)
        let before = try Ledgers.linkJSON(call, link)
        let body = try call.fields()
        if body.has("walletId"), try body.string("walletId") != link.walletId {
            throw ContoError.validation("walletId", "cannot be changed; unlink and link another wallet")
        }
        try apply(body, to: &link)
        link.updatedAt = call.now
        try call.docs.save(link)
        let after = try Ledgers.linkJSON(call, link)
        try call.audit("UPDATE", "agent", agent.id, previous: before, new: after, metadata: ["walletId": .string(link.walletId)])
        return after
    }

    static let unlink = ContoRoute.send(
        .delete, "/api/agents/{agentId}/wallets/{walletId}", "agents.unlinkWallet", "Remove a wallet link",
        tag: "Agents", access: .org(.agentsWrite), response: .ref("Success")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let link = try activeLink(call, agentId: agent.id)
        try call.docs.delete(WalletLink.self, link.id)
        try call.audit("PERMISSION_REVOKED", "agent", agent.id, metadata: ["walletId": .string(link.walletId), "linkId": .string(link.id)])
        return Envelope.success
    }

    private static func activeLink(_ call: ContoCall, agentId: String) throws -> WalletLink {
        let walletId = call.param("walletId")
        guard let link = try Lookups.link(call.docs, org: call.org, agentId: agentId, walletId: walletId, activeOnly: true) else { throw ContoError.notFound("Wallet link", "\(agentId)/\(walletId)") }
        return link
    }

    /// Applies the members present in `body`; null clears an optional limit.
    static func apply(_ body: FieldReader, to link: inout WalletLink) throws {
        if let type = try body.enumeration("delegationType", DelegationType.self) { link.delegationType = type }
        func limit(_ field: String, _ keyPath: WritableKeyPath<WalletLink, Decimal?>) throws {
            guard body.has(field) else { return }
            link[keyPath: keyPath] = try body.money(field, min: 0)
        }
        try limit("spendLimitPerTx", \.spendLimitPerTx)
        try limit("spendLimitDaily", \.spendLimitDaily)
        try limit("spendLimitWeekly", \.spendLimitWeekly)
        try limit("spendLimitMonthly", \.spendLimitMonthly)
        if let start = try body.int("allowedHoursStart", range: 0...23) { link.allowedHoursStart = start }
        if let end = try body.int("allowedHoursEnd", range: 1...24) { link.allowedHoursEnd = end }
        if link.allowedHoursStart == link.allowedHoursEnd {
            throw ContoError.validation("allowedHoursEnd", "must differ from allowedHoursStart")
        }
        if let names = try body.strings("allowedDays") {
            let days = try names.enumerated().map { index, name -> Weekday in
                guard let day = Weekday(loose: name) else { throw ContoError.validation("allowedDays[\(index)]", "must be one of Mon, Tue, Wed, Thu, Fri, Sat, Sun") }
                return day
            }
            guard !days.isEmpty else { throw ContoError.validation("allowedDays", "must name at least one day") }
            link.allowedDays = Weekday.allCases.filter(days.contains)
        }
        if let zone = try body.string("timezone") {
            guard TimeZone(identifier: zone) != nil else { throw ContoError.validation("timezone", "must be an IANA timezone such as UTC or America/New_York") }
            link.timezone = zone
        }
    }
}

extension LinkSpend {
    /// No spend yet.
    static let zero = LinkSpend(ledger: SpendLedger(entries: []), walletId: "", now: Date())
}
