extension ContoCatalog {
    static let policyTypes = [
        "SPEND_LIMIT", "APPROVAL_THRESHOLD", "COUNTERPARTY", "CATEGORY", "GEOGRAPHIC", "TIME_WINDOW", "VELOCITY",
        "WHITELIST", "CONTRACT_ALLOWLIST", "BLACKOUT_PERIOD", "BUDGET_ALLOCATION", "EXPIRATION", "COMPOSITE", "MERCHANT",
    ]
    static let ruleActions = ["ALLOW", "DENY", "REQUIRE_APPROVAL"]

    /// The fields of one rule.
    static let ruleFields: [Parameter] = [
        Parameter("ruleType", .string, "e.g. MAX_AMOUNT, DAILY_LIMIT, ALLOWED_CATEGORIES, TIME_WINDOW, BLOCKED_COUNTERPARTIES"),
        Parameter("operator", .string, "EQUALS, NOT_EQUALS, GREATER_THAN, LESS_THAN, GTE, LTE, IN_LIST, NOT_IN_LIST, BETWEEN, NOT_BETWEEN, DENY"),
        Parameter("value", .any, "Rule value, usually a string: '500', 'CLOUD,SAAS'"),
        Parameter("action", .enumeration(ruleActions),
                  default: "ALLOW; DENY for BLOCKED_* rules, BLACKOUT_PERIOD and MPP_BLOCK_SESSION_INTENT; REQUIRE_APPROVAL for REQUIRE_APPROVAL_ABOVE",
                  "What happens when the condition is met"),
    ]

    static let rulesNote = "Rules {ruleType, operator, value, action}"

    /// Spending policies and their rules: `/api/policies`.
    static let policies: [AdminOperation] = [
        op("policies.list", .get, "/api/policies", scope: "policies:read", [
            .query("policyType", .enumeration(policyTypes), "Filter by type"),
            .query("isActive", .boolean, "Filter by active flag"),
        ], list: .envelope(itemsKey: "policies"),
           summary: "List policies with their rules and assignments.",
           help: "Returns {policies} (not paginated)."),
        op("policies.create", .post, "/api/policies", scope: "policies:write", [
            Parameter("name", .string, required: true, "Policy name"),
            Parameter("policyType", .enumeration(policyTypes), required: true, "Policy type"),
            Parameter("description", .string, "Description"),
            Parameter("priority", .integer, default: "50", "0-100, higher is evaluated first"),
            Parameter("isActive", .boolean, default: "true", "Whether the policy is enforced"),
            Parameter("scope", .enumeration(["assigned", "organization"]), default: "assigned",
                      "organization applies to every agent; assigned only to assigned agents"),
            Parameter("rules", .array(.object), rulesNote),
            Parameter("agentIds", .array(.string), "Agents to assign the policy to"),
        ],
           undo: .by("policies.delete", .result("id")),
           summary: "Create a policy, optionally with rules and agent assignments in one call.",
           help: "Returns the policy with its id and rules."),
        op("policies.get", .get, "/api/policies/{policyId}", scope: "policies:read",
           summary: "Get a policy with its rules and assignments."),
        op("policies.update", .patch, "/api/policies/{policyId}", scope: "policies:write", [
            Parameter("name", .string, "Policy name"),
            Parameter("description", .string, "Description"),
            Parameter("policyType", .enumeration(policyTypes), "Policy type"),
            Parameter("priority", .integer, "0-100, higher is evaluated first"),
            Parameter("isActive", .boolean, "Whether the policy is enforced"),
            Parameter("scope", .enumeration(["assigned", "organization"]), "organization applies to every agent"),
        ], undo: .restore(from: "policies.get"),
           summary: "Update a policy's name, description, type, priority, scope or active flag.",
           help: "Rules change through policies.addRule, setRules, updateRule and removeRule."),
        op("policies.delete", .delete, "/api/policies/{policyId}", scope: "policies:write",
           undo: .none(reason: "deleted permanently with its rules and assignments; policies.create can make a copy, with a new id"),
           summary: "Delete a policy and its assignments.",
           help: "Returns {success=true}."),
        op("policies.listRules", .get, "/api/policies/{policyId}/rules", scope: "policies:read",
           list: .envelope(itemsKey: "rules"),
           summary: "List a policy's rules.",
           help: "Returns {rules}."),
        op("policies.addRule", .post, "/api/policies/{policyId}/rules", scope: "policies:write",
           ruleFields + [Parameter("rules", .array(.object), "Several rules at once, instead of one rule's fields")],
           undo: .by("policies.removeRule", .argument(1), .result("id")),
           summary: "Add one rule, or several with {rules={...}}.",
           help: "One rule's fields ({ruleType='DAILY_LIMIT', operator='LTE', value='1000'}) return the rule; {rules={...}} returns {rules}. Each rule is validated for its type."),
        op("policies.setRules", .put, "/api/policies/{policyId}/rules", scope: "policies:write",
           [Parameter("rules", .array(.object), required: true, rulesNote)],
           undo: .by("policies.setRules", .argument(1), fields: ["rules": .previousKeeping("rules", ruleFields.map(\.name))], reading: PreviousRead(operation: "policies.listRules", arguments: [.argument(1)])), destructive: true,
           summary: "Replace all rules of a policy.",
           help: "Returns {rules}."),
        op("policies.updateRule", .patch, "/api/policies/{policyId}/rules/{ruleId}", scope: "policies:write", ruleFields,
           undo: .restore(from: "policies.listRules", readArguments: [.argument(1)], element: .element(of: "rules", where: "id", equals: .argument(2))),
           summary: "Change a rule; only the given fields change.",
           help: "The changed rule is validated as a whole."),
        op("policies.removeRule", .delete, "/api/policies/{policyId}/rules/{ruleId}", scope: "policies:write",
           undo: .none(reason: "removed permanently; policies.addRule can add it again, with a new id"),
           summary: "Remove a rule from a policy.",
           help: "Returns {success=true}."),
    ]
}
