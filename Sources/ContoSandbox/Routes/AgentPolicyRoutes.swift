/// `/api/agents/{agentId}/policies`: assigning policies to agents (scope `policies:write` [D]).
enum AgentPolicyRoutes {
    static var all: [ContoRoute] { [list, assign, unassign] }

    static let list = ContoRoute.get(
        "/api/agents/{agentId}/policies", "agents.listPolicies", "List the agent's policy assignments",
        tag: "Agents", access: .org(.policiesRead), response: Envelope.listSchema("policies", "PolicyAssignment")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let assignments = try Lookups.assignments(call.docs, org: call.org, agentId: agent.id)
        return ["policies": .array(try assignments.map { assignment in
            let policy = try call.docs.require(Policy.self, assignment.policyId, org: call.org)
            return assignment.json(policy: try Ledgers.policyJSON(call, policy))
        })]
    }

    static let assign = ContoRoute.send(
        .post, "/api/agents/{agentId}/policies", "agents.assignPolicy", "Assign a policy to the agent (repeating it returns the existing assignment)",
        tag: "Agents", access: .org(.policiesWrite), body: .record(["policyId": .string]), example: ["policyId": "{policyId}"],
        status: 201, response: .ref("PolicyAssignment")
    ) { call in
        let agent = try AgentRoutes.requireLive(call)
        let policyId = try call.fields().string("policyId", required: true)!
        let policy = try call.docs.require(Policy.self, policyId, org: call.org)
        if let existing = try Lookups.assignment(call.docs, org: call.org, agentId: agent.id, policyId: policy.id) {
            call.status = 200
            return existing.json(policy: try Ledgers.policyJSON(call, policy))
        }
        let assignment = AgentPolicy(id: ContoKeys.id("ap"), orgId: call.org, agentId: agent.id, policyId: policy.id, createdAt: call.now)
        try call.docs.save(assignment)
        try call.audit("UPDATE", "policy", policy.id, metadata: ["assignedAgentId": .string(agent.id), "assignmentId": .string(assignment.id)])
        return assignment.json(policy: try Ledgers.policyJSON(call, policy))
    }

    static let unassign = ContoRoute.send(
        .delete, "/api/agents/{agentId}/policies/{policyId}", "agents.unassignPolicy", "Remove a policy from the agent",
        tag: "Agents", access: .org(.policiesWrite), response: .ref("Success")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let policyId = call.param("policyId")
        guard let assignment = try Lookups.assignment(call.docs, org: call.org, agentId: agent.id, policyId: policyId) else {
            throw ContoError.notFound("Policy assignment", "\(agent.id)/\(policyId)")
        }
        try call.docs.delete(AgentPolicy.self, assignment.id)
        try call.audit("UPDATE", "policy", policyId, metadata: ["unassignedAgentId": .string(agent.id)])
        return Envelope.success
    }
}
