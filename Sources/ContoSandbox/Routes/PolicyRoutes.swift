import Foundation

/// `/api/policies`: policies and their rules (contract §3.3).
enum PolicyRoutes {
    static var all: [ContoRoute] { [list, create, get, update, delete] + PolicyRuleRoutes.all }

    static let list = ContoRoute.get(
        "/api/policies", "policies.list", "List policies with rules and assignments", tag: "Policies", access: .org(.policiesRead),
        query: [.filter("policyType", .cases(PolicyType.self), "Filter by type"), .filter("isActive", .enumeration(["true", "false"]), "Filter by active flag")],
        response: Envelope.listSchema("policies", "Policy")
    ) { call in
        let type = try call.query.enumeration("policyType", PolicyType.self)
        let active = call.query.string("isActive")
        guard active == nil || active == "true" || active == "false" else { throw ContoError.validation("isActive", "must be true or false") }
        let policies = try call.docs.all(ContoQueries.policies(type: type, isActive: active.map { $0 == "true" }), org: call.org)
        return ["policies": .array(try policies.map { try Ledgers.policyJSON(call, $0) })]
    }

    static let createBody = Schema.record([
        "name": .string, "description": .string, "policyType": .cases(PolicyType.self), "priority": .integer, "isActive": .boolean,
        "scope": .enumeration(["assigned", "organization"]), "rules": .array(RuleInput.schema), "agentIds": .array(.string),
    ], optional: ["description", "priority", "isActive", "scope", "rules", "agentIds"])

    static let create = ContoRoute.send(
        .post, "/api/policies", "policies.create", "Create a policy, optionally with rules and agent assignments in one call",
        tag: "Policies", access: .org(.policiesWrite), body: createBody,
        example: ["name": "Standard Spend Limits", "policyType": "SPEND_LIMIT", "priority": 60,
                  "rules": [["ruleType": "MAX_AMOUNT", "operator": "LTE", "value": "500", "action": "ALLOW"]],
                  "agentIds": ["{agentId}"]],
        status: 201, response: .ref("Policy")
    ) { call in
        let body = try call.fields()
        let name = try body.string("name", required: true, length: 1...100)!
        let type = try body.enumeration("policyType", PolicyType.self, required: true)!
        var policy = Policy(id: ContoKeys.id("pol"), orgId: call.org, name: name, description: nil, policyType: type, priority: 50,
                            isActive: true, scope: "assigned", rules: [], createdAt: call.now, updatedAt: call.now)
        try applyFields(body, to: &policy)
        policy.rules = try (body.objects("rules") ?? []).map { try RuleInput.parse($0, now: call.now) }
        let agentIds = try body.strings("agentIds") ?? []
        try call.docs.save(policy)
        for (index, agentId) in agentIds.enumerated() {
            guard let agent = try call.docs.get(Agent.self, agentId, org: call.org) else {
                throw ContoError(status: 404, code: "NOT_FOUND", message: "Agent not found: \(agentId) (agentIds[\(index)])")
            }
            let assignment = AgentPolicy(id: ContoKeys.id("ap"), orgId: call.org, agentId: agent.id, policyId: policy.id, createdAt: call.now)
            try call.docs.save(assignment)
        }
        let json = try Ledgers.policyJSON(call, policy)
        try call.audit("CREATE", "policy", policy.id, new: json)
        return json
    }

    /// Members shared by create and update.
    static func applyFields(_ body: FieldReader, to policy: inout Policy) throws {
        if let name = try body.string("name", length: 1...100) { policy.name = name }
        if body.has("description") { policy.description = try body.string("description", length: 0...500) }
        if let type = try body.enumeration("policyType", PolicyType.self) { policy.policyType = type }
        // Priority 0–100, higher evaluated first, default 50 [D].
        if let priority = try body.int("priority", range: 0...100) { policy.priority = priority }
        if let active = try body.bool("isActive") { policy.isActive = active }
        if let scope = try body.string("scope") {
            guard scope == "assigned" || scope == "organization" else { throw ContoError.validation("scope", "must be assigned or organization") }
            policy.scope = scope
        }
    }

    static let get = ContoRoute.get(
        "/api/policies/{policyId}", "policies.get", "Get a policy", tag: "Policies", access: .org(.policiesRead), response: .ref("Policy")
    ) { call in
        try Ledgers.policyJSON(call, try call.docs.require(Policy.self, call.param("policyId"), org: call.org))
    }

    static let update = ContoRoute.send(
        .patch, "/api/policies/{policyId}", "policies.update", "Update a policy's name, description, type, priority, scope or active flag",
        tag: "Policies", access: .org(.policiesWrite),
        body: .object(["name": .string, "description": .nullable(.string), "policyType": .cases(PolicyType.self), "priority": .integer,
                       "isActive": .boolean, "scope": .enumeration(["assigned", "organization"])], required: []),
        example: ["priority": 80, "isActive": true], response: .ref("Policy")
    ) { call in
        var policy = try call.docs.require(Policy.self, call.param("policyId"), org: call.org)
        let before = try Ledgers.policyJSON(call, policy)
        try applyFields(try call.fields(), to: &policy)
        policy.updatedAt = call.now
        try call.docs.save(policy)
        let after = try Ledgers.policyJSON(call, policy)
        try call.audit("UPDATE", "policy", policy.id, previous: before, new: after)
        return after
    }

    static let delete = ContoRoute.send(
        .delete, "/api/policies/{policyId}", "policies.delete", "Delete a policy and its assignments",
        tag: "Policies", access: .org(.policiesWrite), response: .ref("Success")
    ) { call in
        let policy = try call.docs.require(Policy.self, call.param("policyId"), org: call.org)
        let before = try Ledgers.policyJSON(call, policy)
        for assignment in try Lookups.assignments(call.docs, org: call.org, policyId: policy.id) {
            try call.docs.delete(AgentPolicy.self, assignment.id)
        }
        try call.docs.delete(Policy.self, policy.id)
        try call.audit("DELETE", "policy", policy.id, previous: before)
        return Envelope.success
    }
}
