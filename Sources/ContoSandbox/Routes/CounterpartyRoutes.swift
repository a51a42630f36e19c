import Foundation

/// `/api/counterparties`: known payees and their trust data (contract §3.4).
enum CounterpartyRoutes {
    static var all: [ContoRoute] { [list, create, get, update, delete] }

    /// [I] Default trust score per level when none is given (the 90/70/30 bands of the newer page).
    static func defaultScore(_ level: TrustLevel) -> Decimal {
        switch level {
        case .trusted: return 90
        case .verified: return 70
        case .unknown: return 30
        case .blocked: return 0
        }
    }

    static let list = ContoRoute.get(
        "/api/counterparties", "counterparties.list", "List counterparties", tag: "Counterparties", access: .org(.counterpartiesRead),
        query: [.filter("status", .cases(TrustLevel.self), "Trust level"), .filter("search", "Matches name or address"), .limit, .offset],
        response: Envelope.pagedSchema("counterparties", "Counterparty")
    ) { call in
        let page = try call.query.page()
        var query = DocumentQuery<Counterparty>()
        query.field("status", equals: try call.query.enumeration("status", TrustLevel.self)?.rawValue)
        query.search(call.query.string("search"), in: ["name", "address"])
        let (items, total) = try call.docs.page(query, org: call.org, limit: page.limit, offset: page.offset)
        return Envelope.paged("counterparties", page: try items.map { $0.json(stats: try statistics(call, address: $0.address)) },
                              total: total, page: page)
    }

    static let createBody = Schema.record([
        "name": .string, "address": .string, "category": .string, "status": .cases(TrustLevel.self), "trustScore": .number,
        "notes": .string, "type": .string, "description": .string, "website": .string, "country": .string, "approvalStatus": .string,
    ], optional: ["category", "status", "trustScore", "notes", "type", "description", "website", "country", "approvalStatus"])

    static let create = ContoRoute.send(
        .post, "/api/counterparties", "counterparties.create", "Create a counterparty", tag: "Counterparties",
        access: .org(.counterpartiesWrite), body: createBody,
        example: ["name": "Acme Cloud", "address": "0x1111111111111111111111111111111111111111", "category": "CLOUD", "status": "TRUSTED"],
        status: 201, response: .ref("Counterparty")
    ) { call in
        let body = try call.fields()
        let name = try body.string("name", required: true, length: 1...100)!
        let address = try body.pattern("address", AddressFormat.any, what: "an EVM (0x + 40 hex) or Solana address", required: true)!
        if try Lookups.counterparty(call.docs, org: call.org, address: address) != nil {
            throw ContoError.validation("address", "a counterparty with address \(address) already exists")
        }
        var counterparty = Counterparty(id: ContoKeys.id("cpty"), orgId: call.org, name: name, address: address, category: nil,
                                        status: .unknown, trustScore: 0, type: nil, description: nil, notes: nil, website: nil,
                                        country: nil, approvalStatus: nil, createdAt: call.now, updatedAt: call.now)
        try apply(body, to: &counterparty)
        if !body.has("trustScore") { counterparty.trustScore = defaultScore(counterparty.status) }
        try call.docs.save(counterparty)
        let json = counterparty.json(stats: CounterpartyStats())
        try call.audit("CREATE", "counterparty", counterparty.id, new: json)
        return json
    }

    static func apply(_ body: FieldReader, to counterparty: inout Counterparty) throws {
        if let name = try body.string("name", length: 1...100) { counterparty.name = name }
        if let status = try body.enumeration("status", TrustLevel.self) { counterparty.status = status }
        if let score = try body.money("trustScore", min: 0) {
            guard score <= 100 else { throw ContoError.validation("trustScore", "must be between 0 and 100") }
            counterparty.trustScore = score
        }
        if body.has("category") { counterparty.category = try body.string("category", length: 0...100) }
        if body.has("notes") { counterparty.notes = try body.string("notes", length: 0...1000) }
        if body.has("type") { counterparty.type = try body.string("type", length: 0...50) }
        if body.has("description") { counterparty.description = try body.string("description", length: 0...500) }
        if body.has("website") { counterparty.website = try body.string("website", length: 0...300) }
        if body.has("approvalStatus") { counterparty.approvalStatus = try body.string("approvalStatus", length: 0...50) }
        if body.has("country") {
            counterparty.country = try body.pattern("country", "[A-Za-z]{2}", what: "an ISO 3166 alpha-2 country code")?.uppercased()
        }
    }

    static let get = ContoRoute.get(
        "/api/counterparties/{counterpartyId}", "counterparties.get", "Get a counterparty", tag: "Counterparties",
        access: .org(.counterpartiesRead), response: .ref("Counterparty")
    ) { call in
        let counterparty = try call.docs.require(Counterparty.self, call.param("counterpartyId"), org: call.org)
        return counterparty.json(stats: try statistics(call, address: counterparty.address))
    }

    static let update = ContoRoute.send(
        .patch, "/api/counterparties/{counterpartyId}", "counterparties.update", "Update a counterparty (partial)", tag: "Counterparties",
        access: .org(.counterpartiesWrite), body: .object([
            "name": .string, "category": .nullable(.string), "status": .cases(TrustLevel.self), "trustScore": .number,
            "notes": .nullable(.string), "type": .nullable(.string), "description": .nullable(.string), "website": .nullable(.string),
            "country": .nullable(.string), "approvalStatus": .nullable(.string),
        ], required: []),
        example: ["status": "VERIFIED", "notes": "Checked invoices"], response: .ref("Counterparty")
    ) { call in
        var counterparty = try call.docs.require(Counterparty.self, call.param("counterpartyId"), org: call.org)
        let stats = try statistics(call, address: counterparty.address)
        let before = counterparty.json(stats: stats)
        let body = try call.fields()
        if body.has("address") { throw ContoError.validation("address", "cannot be changed; create another counterparty") }
        try apply(body, to: &counterparty)
        counterparty.updatedAt = call.now
        try call.docs.save(counterparty)
        let after = counterparty.json(stats: stats)
        try call.audit("UPDATE", "counterparty", counterparty.id, previous: before, new: after)
        return after
    }

    static let delete = ContoRoute.send(
        .delete, "/api/counterparties/{counterpartyId}", "counterparties.delete", "Delete a counterparty", tag: "Counterparties",
        access: .org(.counterpartiesWrite), response: .ref("Success")
    ) { call in
        let counterparty = try call.docs.require(Counterparty.self, call.param("counterpartyId"), org: call.org)
        try call.docs.delete(Counterparty.self, counterparty.id)
        try call.audit("DELETE", "counterparty", counterparty.id, previous: counterparty.json(stats: CounterpartyStats()))
        return Envelope.success
    }

    /// Transaction figures of the payments to `address` (any case), read by that address.
    static func statistics(_ call: ContoCall, address: String) throws -> CounterpartyStats {
        var entry = CounterpartyStats()
        for transaction in try Lookups.transactions(call.docs, org: call.org, recipient: address) {
            entry.count += 1
            entry.volume += transaction.amount
            entry.last = max(entry.last ?? transaction.confirmedAt, transaction.confirmedAt)
        }
        return entry
    }

    /// What the policy engine knows about a payee.
    static func facts(_ docs: DocumentStore, org: String, address: String) throws -> CounterpartyFacts {
        guard let counterparty = try Lookups.counterparty(docs, org: org, address: address) else {
            return .unknown
        }
        return CounterpartyFacts(id: counterparty.id, name: counterparty.name, level: counterparty.status,
                                 trustScore: counterparty.trustScore, country: counterparty.country)
    }
}
