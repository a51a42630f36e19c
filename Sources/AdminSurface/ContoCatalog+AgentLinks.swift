extension ContoCatalog {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// Limits and allowed times of an agent-wallet link; `linkDefaults` adds the documented defaults.
    static func linkFields(linkDefaults: Bool) -> [Parameter] {
        func d(_ value: String) -> String? { linkDefaults ? value : nil }
        return [
            Parameter("delegationType", .enumeration(["FULL", "LIMITED", "VIEW_ONLY", "PREAPPROVED", "ALLOWLIST"]),
                      default: d("LIMITED"), "What the agent may do with the wallet"),
            Parameter("spendLimitPerTx", .number, default: d("100"), "Max per transaction (0 blocks all payments)"),
            Parameter("spendLimitDaily", .number, default: d("1000"), "Max per day (UTC)"),
            Parameter("spendLimitWeekly", .number, "Max per week (from Monday, UTC)"),
            Parameter("spendLimitMonthly", .number, "Max per month (from the 1st, UTC)"),
            Parameter("allowedHoursStart", .integer, default: d("0"), "First allowed hour, 0-23"),
            Parameter("allowedHoursEnd", .integer, default: d("24"), "End of the allowed hours, 1-24"),
            Parameter("allowedDays", .array(.enumeration(weekdays)), default: d("Mon-Fri"), "Allowed days of the week"),
            Parameter("timezone", .string, default: d("UTC"), "IANA time zone the hours and days are read in"),
        ]
    }

    /// A link's limits as they were before an unlink, to link the wallet again with them.
    static let linkRestore: [String: ValueSource] = Dictionary(uniqueKeysWithValues:
        linkFields(linkDefaults: false).map { ($0.name, ValueSource.previous($0.name)) })

    /// What hangs off an agent: wallet links, policy assignments and SDK keys.
    static let agentLinks: [AdminOperation] = [
        op("agents.listWallets", .get, "/api/agents/{agentId}/wallets", scope: "agents:read",
           list: .envelope(itemsKey: "wallets"),
           summary: "List the agent's wallet links with limits and spend counters.",
           help: "Returns {wallets}: wallet fields plus limits and spentToday, spentThisWeek, spentThisMonth."),
        op("agents.linkWallet", .post, "/api/agents/{agentId}/wallets", scope: "agents:write",
           [Parameter("walletId", .string, required: true, "Wallet to link")] + linkFields(linkDefaults: true),
           undo: .by("agents.unlinkWallet", .argument(1), .field("walletId")),
           summary: "Link a wallet to an agent with spending limits.",
           help: "Payments from the wallet must fit these limits before any policy runs. Change them later with agents.updateWalletLink."),
        op("agents.updateWalletLink", .patch, "/api/agents/{agentId}/wallets/{walletId}", scope: "agents:write",
           linkFields(linkDefaults: false),
           undo: .restore(from: "agents.listWallets", readArguments: [.argument(1)], element: .element(of: "wallets", where: "walletId", equals: .argument(2))),
           summary: "Change a wallet link's limits or allowed times; only the given fields change.",
           help: "A JSON null clears a limit."),
        op("agents.unlinkWallet", .delete, "/api/agents/{agentId}/wallets/{walletId}", scope: "agents:write",
           undo: .by("agents.linkWallet", .argument(1), fields: linkRestore.merging(["walletId": .argument(2)]) { $1 }, reading: PreviousRead(operation: "agents.listWallets", arguments: [.argument(1)], element: .element(of: "wallets", where: "walletId", equals: .argument(2)))), destructive: true,
           summary: "Remove a wallet link.",
           help: "The agent can no longer pay from the wallet. Returns {success=true}."),
        op("agents.listPolicies", .get, "/api/agents/{agentId}/policies", scope: "policies:read",
           list: .envelope(itemsKey: "policies"),
           summary: "List the agent's policy assignments.",
           help: "Returns {policies} of {id, agentId, policyId, policy, createdAt}."),
        op("agents.assignPolicy", .post, "/api/agents/{agentId}/policies", scope: "policies:write",
           [Parameter("policyId", .string, required: true, "Policy to assign")],
           undo: .by("agents.unassignPolicy", .argument(1), .field("policyId")),
           summary: "Assign a policy to the agent.",
           help: "Assigning it again returns the existing assignment."),
        op("agents.unassignPolicy", .delete, "/api/agents/{agentId}/policies/{policyId}", scope: "policies:write",
           undo: .by("agents.assignPolicy", .argument(1), fields: ["policyId": .argument(2)]), destructive: true,
           summary: "Remove a policy from the agent.",
           help: "Org-wide policies still apply. Returns {success=true}."),
        op("agents.listSdkKeys", .get, "/api/agents/{agentId}/sdk-keys", scope: "agents:read",
           list: .envelope(itemsKey: "sdkKeys"),
           summary: "List the agent's SDK keys (never the secret).",
           help: "Returns {sdkKeys} of {id, name, keyPrefix, keyType, scopes, expiresAt, lastUsedAt, revokedAt, createdAt}."),
        op("agents.createSdkKey", .post, "/api/agents/{agentId}/sdk-keys", scope: "agents:write", [
            Parameter("name", .string, required: true, "Key name"),
            Parameter("expiresInDays", .integer, default: "365", "Lifetime in days, max 730"),
            Parameter("keyType", .enumeration(["standard", "admin"]), default: "standard", "admin keys carry every agent scope"),
            Parameter("scopes", .array(.string), "Agent scopes (omitted: the least-privilege preset)"),
        ],
           undo: .by("agents.revokeSdkKey", .argument(1), .result("id")), secrets: ["key"],
           summary: "Create an agent SDK key (conto_agent_...); the key is returned only once.",
           help: "The agent uses this key with the payment API (the Conto class, not ContoAdmin)."),
        op("agents.revokeSdkKey", .delete, "/api/agents/{agentId}/sdk-keys/{keyId}", scope: "agents:write",
           undo: .none(reason: "a revoked key never authenticates again; create a new one (agents.createSdkKey)"),
           summary: "Revoke an agent SDK key; it stops authenticating at once.",
           help: "Returns {success=true}."),
    ]
}
