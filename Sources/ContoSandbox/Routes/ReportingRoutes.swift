import Foundation

/// Read-only reports: transactions, spend analytics, audit logs and organization members.
enum ReportingRoutes {
    static var all: [ContoRoute] { [transactions, transaction, analytics, auditLogs, members] }

    static let transactions = ContoRoute.get(
        "/api/transactions", "transactions.list", "List transactions, newest first", tag: "Transactions", access: .org(.transactionsRead),
        query: [.filter("agentId", "Only this agent's"), .filter("walletId", "Only from this wallet"), .filter("status", "Transaction status"), .limit, .offset],
        response: Envelope.pagedSchema("transactions", "Transaction")
    ) { call in
        let page = try call.query.page()
        var query = DocumentQuery<PaymentTransaction>(order: .newestFirst)
        for name in ["agentId", "walletId", "status"] { query.field(name, equals: call.query.string(name)) }
        let (items, total) = try call.docs.page(query, org: call.org, limit: page.limit, offset: page.offset)
        return Envelope.paged("transactions", page: items.map(\.json), total: total, page: page)
    }

    static let transaction = ContoRoute.get(
        "/api/transactions/{transactionId}", "transactions.get", "Get a transaction", tag: "Transactions", access: .org(.transactionsRead),
        response: .ref("Transaction")
    ) { call in
        try call.docs.require(PaymentTransaction.self, call.param("transactionId"), org: call.org).json
    }

    static let analytics = ContoRoute.get(
        "/api/analytics", "analytics.spendSummary", "Spend summary for the current day, week or month (tenant clock, UTC windows)",
        tag: "Analytics", access: .org(.analyticsRead),
        query: [.filter("period", .enumeration(["day", "week", "month"]), "Window (default month)"), .filter("agentId", "Only this agent")],
        response: .record([
            "period": .enumeration(["day", "week", "month"]), "from": .dateTime, "to": .dateTime, "totalSpend": .number,
            "transactionCount": .integer,
            "byAgent": .array(.record(["agentId": .string, "name": .nullable(.string), "amount": .number, "count": .integer])),
            "byCategory": .array(.record(["category": .string, "amount": .number, "count": .integer])),
            "byWallet": .array(.record(["walletId": .string, "amount": .number, "count": .integer])),
        ])
    ) { call in
        let periodText = call.query.string("period") ?? "month"
        let periods: [String: CalendarPeriod] = ["day": .daily, "week": .weekly, "month": .monthly]
        guard let period = periods[periodText] else { throw ContoError.validation("period", "must be one of day, week, month") }
        let agentId = call.query.string("agentId")
        let from = SpendWindow.start(of: period, at: call.now)
        var confirmed = DocumentQuery<PaymentTransaction>()
        confirmed.field("status", equals: "CONFIRMED")
        confirmed.field("agentId", equals: agentId)
        let items = try call.docs.all(confirmed, org: call.org).filter { $0.confirmedAt >= from && $0.confirmedAt <= call.now }
        func groups(_ key: (PaymentTransaction) -> String) -> [(String, Decimal, Int)] {
            Dictionary(grouping: items, by: key).map { ($0.key, $0.value.reduce(Decimal(0)) { $0 + $1.amount }, $0.value.count) }
                .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        }
        let byAgent: [JSON] = try groups(\.agentId).map { id, amount, count in
            ["agentId": .string(id), "name": .optional(try call.docs.get(Agent.self, id, org: call.org)?.name), "amount": .money(amount), "count": .count(count)]
        }
        return ["period": .string(periodText), "from": .date(from), "to": .date(call.now),
                "totalSpend": .money(items.reduce(Decimal(0)) { $0 + $1.amount }), "transactionCount": .count(items.count),
                "byAgent": .array(byAgent),
                "byCategory": .array(groups { $0.category ?? "UNCATEGORIZED" }.map { ["category": .string($0), "amount": .money($1), "count": .count($2)] }),
                "byWallet": .array(groups(\.walletId).map { ["walletId": .string($0), "amount": .money($1), "count": .count($2)] })]
    }

    static let auditLogs = ContoRoute.get(
        "/api/audit-logs", "auditLogs.list", "List audit log entries, newest first", tag: "Audit Logs", access: .org(.auditRead),
        query: [.filter("action", "e.g. CREATE, UPDATE, SUSPEND, PAYMENT_CONFIRMED"), .filter("resource", "e.g. agent, wallet, policy"),
                .filter("resourceId", "One resource's history"), .filter("actorType", .enumeration(["API_KEY", "AGENT", "SYSTEM"]), "Who acted"),
                .filter("actorId", "Key id of the actor"), .limit, .offset],
        response: Envelope.pagedSchema("auditLogs", "AuditLog")
    ) { call in
        let page = try call.query.page()
        var query = DocumentQuery<AuditEntry>(order: .newestFirst)
        for name in ["action", "resource", "resourceId", "actorType", "actorId"] { query.field(name, equals: call.query.string(name)) }
        let (entries, total) = try call.docs.page(query, org: call.org, limit: page.limit, offset: page.offset)
        return Envelope.paged("auditLogs", page: entries.map(\.json), total: total, page: page)
    }

    static let members = ContoRoute.get(
        "/api/organizations/me/members", "organizations.listMembers", "List organization memberships (ids usable as ownerMembershipId)",
        tag: "Organization", access: .org(.teamRead), response: Envelope.listSchema("members", "Member")
    ) { call in
        ["members": .array(try call.docs.all(Member.self, org: call.org).map(\.json))]
    }
}
