extension Catalog {
    /// Conto org admin operations (`ContoAdmin` namespaces on `conto`), as the sandbox serves them
    /// under `/api`, then the agent-key operations of `/api/sdk/*` under `conto.sdk`.
    public static let conto: [AdminOperation] =
        ContoCatalog.agents + ContoCatalog.agentLinks + ContoCatalog.wallets + ContoCatalog.policies
        + ContoCatalog.alerts + ContoCatalog.counterparties + ContoCatalog.reporting + ContoCatalog.agentSDK
}

/// Builders shared by the Conto catalog files.
enum ContoCatalog {
    /// One Conto operation; the group is the namespace before the dot of `luaName`.
    static func op(_ luaName: String, _ method: HTTPMethod, _ path: String, scope: String,
                   _ parameters: [Parameter] = [], list: ListShape? = nil, authentication: Authentication = .admin,
                   undo: Inverse? = nil, destructive: Bool? = nil, secrets: [String] = [],
                   summary: String, help: String = "") -> AdminOperation {
        let group = String(luaName.prefix { $0 != "." })
        return AdminOperation(platform: .conto, luaName: luaName, group: group, method: method, path: path,
                         parameters: parameters, scope: scope, inverse: undo, destructive: destructive, secretFields: secrets, list: list,
                         authentication: authentication, summary: summary, help: help)
    }

    /// `limit` (1-100, default 50) and `offset` query parameters.
    static let page: [Parameter] = [
        .query("limit", .integer, default: "50", "Page size, 1-100"),
        .query("offset", .integer, default: "0", "Items to skip"),
    ]

    /// `{<key>: [...], pagination: {total, limit, offset, hasMore}}`.
    static func paged(_ key: String) -> ListShape { .paginationEnvelope(itemsKey: key) }

    static let agentTypes = ["OPENAI_ASSISTANT", "ANTHROPIC_CLAUDE", "LANGCHAIN", "AUTOGPT", "CUSTOM"]
    static let agentStatuses = ["ACTIVE", "PAUSED", "SUSPENDED", "REVOKED"]
}
