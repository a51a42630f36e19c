extension ContoCatalog {
    static let alertTypes = [
        "SPEND_LIMIT_WARNING", "SPEND_LIMIT_EXCEEDED", "UNUSUAL_ACTIVITY", "FAILED_TRANSACTION", "POLICY_VIOLATION",
        "NEW_COUNTERPARTY", "HIGH_VALUE_TRANSACTION", "AGENT_SUSPENDED", "WALLET_LOW_BALANCE", "BLOCKED_ADDRESS",
    ]
    static let trustLevels = ["TRUSTED", "VERIFIED", "UNKNOWN", "BLOCKED"]

    /// Alerts raised by the policy engine and auto-freeze: `/api/alerts`.
    static let alerts: [AdminOperation] = [
        op("alerts.list", .get, "/api/alerts", scope: "alerts:read", [
            .query("status", .enumeration(["ACTIVE", "ACKNOWLEDGED", "RESOLVED"]), "Filter by status"),
            .query("severity", .enumeration(["INFO", "WARNING", "CRITICAL"]), "Filter by severity"),
            .query("type", .enumeration(alertTypes), "Filter by alert type"),
            .query("agentId", .string, "Only alerts about this agent"),
        ] + page, list: paged("alerts"),
           summary: "List alerts, newest first.",
           help: "Returns {alerts, pagination{total, limit, offset, hasMore}}."),
        op("alerts.stats", .get, "/api/alerts/stats", scope: "alerts:read",
           summary: "Alert counts by status, severity and type.",
           help: "Returns {total, byStatus, bySeverity, byType}."),
        op("alerts.get", .get, "/api/alerts/{alertId}", scope: "alerts:read",
           summary: "Get an alert."),
        op("alerts.acknowledge", .post, "/api/alerts/{alertId}/acknowledge", scope: "alerts:write",
           undo: .none(reason: "the API has no way to reopen an alert"),
           summary: "Acknowledge an alert.",
           help: "Returns the alert (ACKNOWLEDGED)."),
        op("alerts.resolve", .post, "/api/alerts/{alertId}/resolve", scope: "alerts:write",
           undo: .none(reason: "the API has no way to reopen an alert"),
           summary: "Resolve an alert.",
           help: "409 ALREADY_RESOLVED if it is. Returns the alert."),
        op("alerts.bulkAcknowledge", .post, "/api/alerts/bulk/acknowledge", scope: "alerts:write",
           [Parameter("alertIds", .array(.string), required: true, "Alerts to acknowledge")],
           undo: .none(reason: "the API has no way to reopen an alert"),
           summary: "Acknowledge several alerts (all or none).",
           help: "Returns {updated, alerts}."),
        op("alerts.bulkResolve", .post, "/api/alerts/bulk/resolve", scope: "alerts:write",
           [Parameter("alertIds", .array(.string), required: true, "Alerts to resolve")],
           undo: .none(reason: "the API has no way to reopen an alert"),
           summary: "Resolve several alerts (all or none).",
           help: "Returns {updated, alerts}."),
    ]

    /// Fields a counterparty can be created or updated with.
    static let counterpartyFields: [Parameter] = [
        Parameter("category", .string, "Spending category, e.g. CLOUD"),
        Parameter("trustScore", .number, "0-100 (default by level: 90 trusted, 70 verified, 30 unknown, 0 blocked)"),
        Parameter("notes", .string, "Notes"),
        Parameter("type", .string, "e.g. VENDOR"),
        Parameter("description", .string, "Description"),
        Parameter("website", .string, "Website"),
        Parameter("country", .string, "Country code"),
        Parameter("approvalStatus", .string, "e.g. APPROVED, PENDING"),
    ]

    /// Known payment recipients and their trust: `/api/counterparties`.
    static let counterparties: [AdminOperation] = [
        op("counterparties.list", .get, "/api/counterparties", scope: "counterparties:read", [
            .query("status", .enumeration(trustLevels), "Filter by trust level"),
            .query("search", .string, "Matches name or address"),
        ] + page, list: paged("counterparties"),
           summary: "List counterparties.",
           help: "Returns {counterparties, pagination{total, limit, offset, hasMore}} with transaction counts and volume."),
        op("counterparties.create", .post, "/api/counterparties", scope: "counterparties:write", [
            Parameter("name", .string, required: true, "Name"),
            Parameter("address", .string, required: true, "Payment address"),
            Parameter("status", .enumeration(trustLevels), "Trust level"),
        ] + counterpartyFields,
           undo: .by("counterparties.delete", .result("id")),
           summary: "Create a counterparty.",
           help: "BLOCKED counterparties are refused by the policy engine."),
        op("counterparties.get", .get, "/api/counterparties/{counterpartyId}", scope: "counterparties:read",
           summary: "Get a counterparty with its trust and volume."),
        op("counterparties.update", .patch, "/api/counterparties/{counterpartyId}", scope: "counterparties:write", [
            Parameter("name", .string, "Name"),
            Parameter("status", .enumeration(trustLevels), "Trust level"),
        ] + counterpartyFields,
           undo: .restore(from: "counterparties.get"),
           summary: "Update a counterparty; only the given fields change."),
        op("counterparties.delete", .delete, "/api/counterparties/{counterpartyId}", scope: "counterparties:write",
           undo: .none(reason: "deleted permanently; counterparties.create can add it again, with a new id"),
           summary: "Delete a counterparty.",
           help: "Returns {success=true}."),
    ]

    /// Read-only views: transactions, analytics, audit logs and members.
    static let reporting: [AdminOperation] = [
        op("transactions.list", .get, "/api/transactions", scope: "transactions:read", [
            .query("agentId", .string, "Only this agent's"),
            .query("walletId", .string, "Only from this wallet"),
            .query("status", .string, "Transaction status, e.g. CONFIRMING"),
        ] + page, list: paged("transactions"),
           summary: "List transactions, newest first.",
           help: "Returns {transactions, pagination{total, limit, offset, hasMore}}."),
        op("transactions.get", .get, "/api/transactions/{transactionId}", scope: "transactions:read",
           summary: "Get a transaction."),
        op("analytics.spendSummary", .get, "/api/analytics", scope: "analytics:read", [
            .query("period", .enumeration(["day", "week", "month"]), default: "month", "Window (UTC)"),
            .query("agentId", .string, "Only this agent"),
        ], summary: "Spend summary for the current day, week or month.",
           help: "Returns {period, from, to, totalSpend, transactionCount, byAgent, byCategory, byWallet}."),
        op("auditLogs.list", .get, "/api/audit-logs", scope: "audit:read", [
            .query("action", .string, "e.g. CREATE, UPDATE, SUSPEND, PAYMENT_CONFIRMED"),
            .query("resource", .string, "e.g. agent, wallet, policy"),
            .query("resourceId", .string, "One resource's history"),
            .query("actorType", .enumeration(["API_KEY", "AGENT", "SYSTEM"]), "Who acted"),
            .query("actorId", .string, "Key id of the actor"),
        ] + page, list: paged("auditLogs"),
           summary: "List audit log entries, newest first.",
           help: "Every org-key call is recorded with actor type API_KEY and the key id. Returns {auditLogs, pagination}."),
        op("organizations.listMembers", .get, "/api/organizations/me/members", scope: "team:read",
           list: .envelope(itemsKey: "members"),
           summary: "List organization memberships.",
           help: "Membership ids are what agents.create's ownerMembershipId expects. Returns {members}."),
    ]
}
