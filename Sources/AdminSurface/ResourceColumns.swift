/// How the records of one list operation print as a table: the noun its footer uses
/// (`5 of 5 agents`) and the columns shown by default, in the order shown. Columns not named
/// here are hidden behind a note (`pp.table(_, "all")` shows them); a record printed on its own
/// shows these fields first.
public struct ResourceColumns: Sendable, Equatable {
    public let noun: String
    public let columns: [String]

    public init(_ noun: String, _ columns: [String]) {
        self.noun = noun
        self.columns = columns
    }
}

extension ResourceColumns {
    /// Every list operation's table, by qualified operation name (`ResourceColumnsTests` checks
    /// that each list has one and that the sandbox's records carry every column named).
    public static let byOperation: [String: ResourceColumns] = [
        // Contio
        "contio.getWebhookDeliveries": .init("deliveries", ["id", "event_type", "delivery_status", "http_status_code", "retry_count", "created_at"]),
        "contio.getAutomations": .init("automations", ["id", "name", "trigger_type", "status", "created_at"]),
        "contio.getUserConnections": .init("connections", ["id", "user_email", "user_name", "status", "oauth_expires_at", "last_used_at"]),
        "contio.getCredentialHistory": .init("events", ["id", "credential_type", "action", "initiated_by", "reason", "created_at"]),
        "contio.getTemplates": .init("templates", ["id", "name", "description", "created_at", "updated_at"]),
        "contio.getTemplateNextSteps": .init("next steps", ["id", "name", "autopilot", "sort_order"]),
        "contio.getToolkits": .init("toolkits", ["id", "name", "slug", "version", "is_active", "ownership_type", "created_at"]),
        "contio.getToolkitInstallations": .init("installations", ["workspace_id", "workspace_name", "status", "version_label", "installed_at"]),
        "contio.listToolkitVersions": .init("versions", ["id", "version_number", "version_label", "status", "published_at", "created_by"]),
        "contio.listWorkflowTemplates": .init("workflow templates", ["id", "name", "is_active", "workspace_id", "created_at"]),
        "contio.getWorkspaces": .init("workspaces", ["workspace_id", "workspace_name", "user_count", "provisioned_at"]),
        // Conto
        "conto.agents.list": .init("agents", ["id", "name", "status", "agentType", "externalId", "createdAt"]),
        "conto.agents.listWallets": .init("wallet links", ["id", "walletId", "delegationType", "spendLimitPerTx", "spendLimitDaily", "spentToday", "isActive"]),
        "conto.agents.listPolicies": .init("policy assignments", ["id", "policyId", "agentId", "createdAt"]),
        "conto.agents.listSdkKeys": .init("SDK keys", ["id", "name", "keyPrefix", "keyType", "isActive", "expiresAt", "lastUsedAt"]),
        "conto.wallets.list": .init("wallets", ["id", "name", "chainType", "custodyType", "status", "balance"]),
        "conto.policies.list": .init("policies", ["id", "name", "policyType", "priority", "isActive"]),
        "conto.policies.listRules": .init("rules", ["id", "ruleType", "operator", "value", "action"]),
        "conto.alerts.list": .init("alerts", ["id", "type", "severity", "status", "title", "createdAt"]),
        "conto.counterparties.list": .init("counterparties", ["id", "name", "address", "status", "trustScore", "category"]),
        "conto.transactions.list": .init("transactions", ["id", "agentId", "amount", "currency", "status", "recipientAddress", "createdAt"]),
        "conto.auditLogs.list": .init("audit entries", ["id", "action", "resource", "resourceId", "actorType", "createdAt"]),
        "conto.organizations.listMembers": .init("members", ["id", "name", "email", "role", "createdAt"]),
    ]
}

extension AdminOperation {
    /// The table this list operation's records print as; nil for operations that are not lists.
    public var tableColumns: ResourceColumns? {
        list == nil ? nil : ResourceColumns.byOperation[qualifiedName]
    }
}
