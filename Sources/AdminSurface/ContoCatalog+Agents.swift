extension ContoCatalog {
    /// Fields an agent can be created or updated with.
    static let agentFields: [Parameter] = [
        Parameter("description", .string, "Description (up to 500 characters)"),
        Parameter("publicKey", .string, "EVM address 0x + 40 hex (generated if omitted)"),
        Parameter("externalId", .string, "Your own identifier, e.g. asst_abc123"),
        Parameter("purpose", .string, "What the agent is for"),
        Parameter("environment", .string, "e.g. DEV"),
        Parameter("riskTier", .string, "e.g. LOW, MEDIUM, HIGH"),
        Parameter("ownerMembershipId", .string, "Owner's membership id (conto.organizations.listMembers)"),
        Parameter("allowedContexts", .array(.string), "e.g. shopping.checkout"),
        Parameter("identityTags", .array(.string), "Free-form tags"),
    ]

    /// The agent lifecycle: `/api/agents`.
    static let agents: [AdminOperation] = [
        op("agents.list", .get, "/api/agents", scope: "agents:read", [
            .query("status", .enumeration(agentStatuses + ["FROZEN"]), "Filter by status (FROZEN = SUSPENDED); REVOKED agents appear only when asked for"),
            .query("search", .string, "Matches name or description"),
        ] + page, list: .envelope(itemsKey: "agents"),
           summary: "List agents.",
           help: "Returns {agents, total, limit, offset}. Soft-deleted (REVOKED) agents are listed only with status='REVOKED'."),
        op("agents.create", .post, "/api/agents", scope: "agents:write", [
            Parameter("name", .string, required: true, "Agent name (1-100 characters)"),
            Parameter("agentType", .enumeration(agentTypes), required: true, "Agent framework"),
        ] + agentFields,
           undo: .by("agents.delete", .result("id")),
           summary: "Create an agent (it starts ACTIVE).",
           help: "Returns the agent with its id. Link wallets (agents.linkWallet), assign policies (agents.assignPolicy) and create an SDK key (agents.createSdkKey) before it can pay."),
        op("agents.get", .get, "/api/agents/{agentId}", scope: "agents:read",
           summary: "Get an agent with its wallets and policies.",
           help: "Agent fields plus wallets (links with limits and spend counters), policies and _count.sentTransactions."),
        op("agents.update", .patch, "/api/agents/{agentId}", scope: "agents:write", [
            Parameter("name", .string, "Agent name (1-100 characters)"),
            Parameter("agentType", .enumeration(agentTypes), "Agent framework"),
            Parameter("status", .enumeration(agentStatuses), "ACTIVE or PAUSED; REVOKED is permanent"),
            Parameter("autoFreezeEnabled", .boolean, default: "false", "Freeze automatically on anomalies (otherwise alert only)"),
            Parameter("freezeConfig", .object, "Auto-freeze thresholds, e.g. {maxConsecutiveViolations=5, maxConsecutiveFailures=5}"),
        ] + agentFields,
           undo: .restore(from: "agents.get"),
           summary: "Update an agent; only the given fields change.",
           help: "A REVOKED agent cannot be reactivated (400 INVALID_STATUS)."),
        op("agents.delete", .delete, "/api/agents/{agentId}", scope: "agents:write",
           undo: .none(reason: "a deleted agent is REVOKED for good: its SDK keys are revoked and links ended"),
           summary: "Soft-delete an agent: REVOKED, SDK keys revoked, wallet links ended.",
           help: "The agent keeps its audit trail and transactions and is listed only with status='REVOKED'. Permanent. Returns {success=true}."),
        op("agents.freeze", .post, "/api/agents/{agentId}/freeze", scope: "agents:write",
           undo: .by("agents.unfreeze", .argument(1)), destructive: true,
           summary: "Freeze an agent: SUSPENDED, its wallets FROZEN, all payments blocked.",
           help: "Returns the agent. Undo with agents.unfreeze."),
        op("agents.unfreeze", .post, "/api/agents/{agentId}/unfreeze", scope: "agents:write",
           undo: .by("agents.freeze", .argument(1)),
           summary: "Unfreeze an agent: ACTIVE again, the wallets its freeze froze restored.",
           help: "Returns the agent."),
    ]
}
