import Foundation

/// `/api/policies/{policyId}/rules`: rule management.
enum PolicyRuleRoutes {
    static var all: [ContoRoute] { [list, add, replace, update, remove] }

    static let list = ContoRoute.get(
        "/api/policies/{policyId}/rules", "policies.listRules", "List a policy's rules", tag: "Policies", access: .org(.policiesRead),
        response: Envelope.listSchema("rules", "PolicyRule")
    ) { call in
        ["rules": .array(try call.docs.require(Policy.self, call.param("policyId"), org: call.org).rules.map(\.json))]
    }

    static let add = ContoRoute.send(
        .post, "/api/policies/{policyId}/rules", "policies.addRule", "Add one rule (a rule object) or several ({\"rules\": [...]})",
        tag: "Policies", access: .org(.policiesWrite),
        body: .oneOf([RuleInput.schema, .record(["rules": .array(RuleInput.schema)])]),
        example: ["ruleType": "DAILY_LIMIT", "operator": "LTE", "value": "1000"],
        status: 201, response: .oneOf([.ref("PolicyRule"), Envelope.listSchema("rules", "PolicyRule")])
    ) { call in
        var policy = try call.docs.require(Policy.self, call.param("policyId"), org: call.org)
        let before = try Ledgers.policyJSON(call, policy)
        let body = try call.fields()
        let many = body.has("rules")
        let rules = many ? try (body.objects("rules") ?? []).map { try RuleInput.parse($0, now: call.now) } : [try RuleInput.parse(body, now: call.now)]
        policy.rules += rules
        policy.updatedAt = call.now
        try call.docs.save(policy)
        try call.audit("CREATE", "policy_rule", policy.id, previous: before, new: try Ledgers.policyJSON(call, policy),
                       metadata: ["ruleIds": .strings(rules.map(\.id))])
        return many ? ["rules": .array(rules.map(\.json))] : rules[0].json
    }

    static let replace = ContoRoute.send(
        .put, "/api/policies/{policyId}/rules", "policies.setRules", "Replace all rules of a policy",
        tag: "Policies", access: .org(.policiesWrite), body: .record(["rules": .array(RuleInput.schema)]),
        example: ["rules": [["ruleType": "MAX_AMOUNT", "operator": "LTE", "value": "250"]]],
        response: Envelope.listSchema("rules", "PolicyRule")
    ) { call in
        var policy = try call.docs.require(Policy.self, call.param("policyId"), org: call.org)
        let before = try Ledgers.policyJSON(call, policy)
        let body = try call.fields()
        guard body.has("rules") else { throw ContoError.validation("rules", "is required") }
        policy.rules = try (body.objects("rules") ?? []).map { try RuleInput.parse($0, now: call.now) }
        policy.updatedAt = call.now
        try call.docs.save(policy)
        try call.audit("UPDATE", "policy_rule", policy.id, previous: before, new: try Ledgers.policyJSON(call, policy))
        return ["rules": .array(policy.rules.map(\.json))]
    }

    static let update = ContoRoute.send(
        .patch, "/api/policies/{policyId}/rules/{ruleId}", "policies.updateRule", "Change a rule (partial; re-validated as a whole)",
        tag: "Policies", access: .org(.policiesWrite),
        body: .object(["ruleType": .cases(RuleType.self), "operator": .string, "value": .any, "action": .cases(RuleAction.self)], required: []),
        example: ["ruleType": "MAX_AMOUNT", "operator": "LTE", "value": "750"], response: .ref("PolicyRule")
    ) { call in
        var policy = try call.docs.require(Policy.self, call.param("policyId"), org: call.org)
        guard let index = policy.rules.firstIndex(where: { $0.id == call.param("ruleId") }) else {
            throw ContoError.notFound("Rule", call.param("ruleId"))
        }
        let before = policy.rules[index].json
        try RuleInput.apply(try call.fields(), to: &policy.rules[index], requireValue: false)
        policy.updatedAt = call.now
        try call.docs.save(policy)
        try call.audit("UPDATE", "policy_rule", policy.rules[index].id, previous: before, new: policy.rules[index].json,
                       metadata: ["policyId": .string(policy.id)])
        return policy.rules[index].json
    }

    static let remove = ContoRoute.send(
        .delete, "/api/policies/{policyId}/rules/{ruleId}", "policies.removeRule", "Remove a rule",
        tag: "Policies", access: .org(.policiesWrite), response: .ref("Success")
    ) { call in
        var policy = try call.docs.require(Policy.self, call.param("policyId"), org: call.org)
        guard let index = policy.rules.firstIndex(where: { $0.id == call.param("ruleId") }) else {
            throw ContoError.notFound("Rule", call.param("ruleId"))
        }
        let removed = policy.rules.remove(at: index)
        policy.updatedAt = call.now
        try call.docs.save(policy)
        try call.audit("DELETE", "policy_rule", removed.id, previous: removed.json, metadata: ["policyId": .string(policy.id)])
        return Envelope.success
    }
}
