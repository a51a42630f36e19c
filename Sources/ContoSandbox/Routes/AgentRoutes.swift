import Foundation
import SandboxCore

/// `/api/agents` and `/api/agents/{agentId}`: the agent lifecycle (contract §3.1).
enum AgentRoutes {
    static let evmAddress = "0x[0-9a-fA-F]{40}"

    static var all: [ContoRoute] {
        [list, create, get, update, delete, freeze, unfreeze]
    }

    static let list = ContoRoute.get(
        "/api/agents", "agents.list", "List agents", tag: "Agents", access: .org(.agentsRead),
        query: [.filter("status", .enumeration(AgentStatus.allCases.map(\.rawValue) + ["FROZEN"]), "Filter by status; soft-deleted (REVOKED) agents are listed only when asked for"),
                .filter("search", "Matches name or description"), .limit, .offset],
        response: .record(["agents": .array(.ref("Agent")), "total": .integer, "limit": .integer, "offset": .integer])
    ) { call in
        let page = try call.query.page()
        // [I] FROZEN (listed by the Admin SDK reference) is what freezing sets: SUSPENDED.
        let statusText = call.query.string("status").map { $0 == "FROZEN" ? "SUSPENDED" : $0 }
        guard statusText == nil || AgentStatus(rawValue: statusText!) != nil else {
            throw ContoError.validation("status", "must be one of ACTIVE, PAUSED, SUSPENDED, REVOKED, FROZEN")
        }
        var query = DocumentQuery<Agent>()
        query.field("status", in: statusText.map { [$0] } ?? AgentStatus.allCases.filter { $0 != .revoked }.map(\.rawValue))
        query.search(call.query.string("search"), in: ["name", "description"])
        let (agents, total) = try call.docs.page(query, org: call.org, limit: page.limit, offset: page.offset)
        return ["agents": .array(agents.map(\.json)), "total": .count(total), "limit": .count(page.limit), "offset": .count(page.offset)]
    }

    static let createBody = Schema.record([
        "name": .string, "agentType": .cases(AgentType.self), "description": .string, "publicKey": .string, "externalId": .string,
        "purpose": .string, "environment": .string, "riskTier": .string, "ownerMembershipId": .string,
        "allowedContexts": .array(.string), "identityTags": .array(.string),
    ], optional: ["description", "publicKey", "externalId", "purpose", "environment", "riskTier", "ownerMembershipId",
                  "allowedContexts", "identityTags"])

    static let create = ContoRoute.send(
        .post, "/api/agents", "agents.create", "Create an agent (starts ACTIVE)", tag: "Agents", access: .org(.agentsWrite),
        body: createBody, example: ["name": "Support Agent", "agentType": "ANTHROPIC_CLAUDE", "description": "Answers tickets"],
        status: 201, response: .ref("Agent")
    ) { call in
        let body = try call.fields()
        let name = try body.string("name", required: true, length: 1...100)!
        let type = try body.enumeration("agentType", AgentType.self, required: true)!
        var agent = Agent(id: ContoKeys.id("agt"), orgId: call.org, name: name, agentType: type, description: nil,
                          publicKey: "0x" + SecretHasher.token(prefix: "", byteCount: 20), externalId: nil, purpose: nil,
                          environment: nil, riskTier: nil, ownerMembershipId: nil, allowedContexts: [], identityTags: [],
                          status: .active, autoFreezeEnabled: false, freezeConfig: nil, frozenWalletIds: [],
                          createdAt: call.now, updatedAt: call.now, deletedAt: nil)
        try applyOptionalFields(body, to: &agent, call: call)
        try call.docs.save(agent)
        try call.audit("CREATE", "agent", agent.id, new: agent.json)
        return agent.json
    }

    /// Fields shared by create and update; absent members leave the agent unchanged, null clears.
    static func applyOptionalFields(_ body: FieldReader, to agent: inout Agent, call: ContoCall) throws {
        if body.has("description") { agent.description = try body.string("description", length: 0...500) }
        if let key = try body.pattern("publicKey", evmAddress, what: "an EVM address (0x + 40 hex characters)") { agent.publicKey = key }
        if body.has("externalId") { agent.externalId = try body.string("externalId", length: 0...200) }
        if body.has("purpose") { agent.purpose = try body.string("purpose", length: 0...500) }
        if body.has("environment") { agent.environment = try body.string("environment", length: 0...50) }
        if body.has("riskTier") { agent.riskTier = try body.string("riskTier", length: 0...50) }
        if body.has("ownerMembershipId") {
            let membership = try body.string("ownerMembershipId")
            if let membership, try call.docs.get(Member.self, membership, org: call.org) == nil {
                throw ContoError.validation("ownerMembershipId", "no membership \(membership) in this organization")
            }
            agent.ownerMembershipId = membership
        }
        if let contexts = try body.strings("allowedContexts") { agent.allowedContexts = contexts }
        if let tags = try body.strings("identityTags") { agent.identityTags = tags }
    }

    static let get = ContoRoute.get(
        "/api/agents/{agentId}", "agents.get", "Get an agent with its wallets and policies", tag: "Agents", access: .org(.agentsRead),
        response: .ref("AgentDetail")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let ledger = try Ledgers.spend(call.docs, org: call.org, agentId: agent.id)
        let links = try Lookups.links(call.docs, org: call.org, agentId: agent.id)
        let policies = try Ledgers.effectivePolicies(call.docs, org: call.org, agentId: agent.id)
        let sent = try call.docs.count(ContoQueries.transactions(agentId: agent.id), org: call.org)
        guard case .object(var members) = agent.json else { return agent.json }
        members["wallets"] = .array(try links.map { try Ledgers.linkJSON(call, $0, ledger: ledger) })
        members["policies"] = .array(try policies.map { try Ledgers.policyJSON(call, $0) })
        members["_count"] = ["sentTransactions": .count(sent)]
        return .object(members)
    }

    static let update = ContoRoute.send(
        .patch, "/api/agents/{agentId}", "agents.update", "Update an agent (partial)", tag: "Agents", access: .org(.agentsWrite),
        body: .object([
            "name": .string, "agentType": .cases(AgentType.self), "description": .nullable(.string), "status": .cases(AgentStatus.self),
            "autoFreezeEnabled": .boolean, "freezeConfig": .nullable(.map), "publicKey": .string, "externalId": .nullable(.string),
            "purpose": .nullable(.string), "environment": .nullable(.string), "riskTier": .nullable(.string),
            "ownerMembershipId": .nullable(.string), "allowedContexts": .array(.string), "identityTags": .array(.string),
        ], required: []),
        example: ["description": "Handles refunds too", "status": "PAUSED"], response: .ref("Agent")
    ) { call in
        var agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let before = agent.json
        let body = try call.fields()
        if let name = try body.string("name", length: 1...100) { agent.name = name }
        if let type = try body.enumeration("agentType", AgentType.self) { agent.agentType = type }
        try applyOptionalFields(body, to: &agent, call: call)
        if let status = try body.enumeration("status", AgentStatus.self), status != agent.status {
            // REVOKED is permanent [D]; [I] answered as 400 INVALID_STATUS.
            guard agent.status != .revoked else {
                throw ContoError.badRequest("INVALID_STATUS", "Agent \(agent.id) is REVOKED; a revoked agent cannot be reactivated")
            }
            agent.status = status
        }
        if let flag = try body.bool("autoFreezeEnabled") { agent.autoFreezeEnabled = flag }
        if body.has("freezeConfig") { agent.freezeConfig = try body.object("freezeConfig").map(JSON.object) }
        agent.updatedAt = call.now
        try call.docs.save(agent)
        try call.audit("UPDATE", "agent", agent.id, previous: before, new: agent.json)
        return agent.json
    }

    static let delete = ContoRoute.send(
        .delete, "/api/agents/{agentId}", "agents.delete", "Soft-delete an agent: REVOKED, SDK keys revoked, wallet links deactivated",
        tag: "Agents", access: .org(.agentsWrite), response: .ref("Success")
    ) { call in
        var agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        let before = agent.json
        agent.status = .revoked
        agent.deletedAt = agent.deletedAt ?? call.now
        agent.updatedAt = call.now
        try call.docs.save(agent)
        for var key in try Lookups.sdkKeys(call.docs, org: call.org, agentId: agent.id) where key.revokedAt == nil {
            key.revokedAt = call.now
            try call.docs.save(key)
        }
        for var link in try Lookups.links(call.docs, org: call.org, agentId: agent.id) {
            link.isActive = false
            link.updatedAt = call.now
            try call.docs.save(link)
        }
        try call.audit("DELETE", "agent", agent.id, previous: before, new: agent.json)
        return Envelope.success
    }

    static let freeze = ContoRoute.send(
        .post, "/api/agents/{agentId}/freeze", "agents.freeze", "Freeze an agent: SUSPENDED, its wallets FROZEN, all payments blocked",
        tag: "Agents", access: .org(.agentsWrite), response: .ref("Agent")
    ) { call in
        var agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        guard agent.status != .revoked else { throw ContoError.badRequest("INVALID_STATUS", "Agent \(agent.id) is REVOKED") }
        guard agent.status != .suspended else { return agent.json }
        let before = agent.json
        agent.status = .suspended
        agent.updatedAt = call.now
        for link in try Lookups.links(call.docs, org: call.org, agentId: agent.id) {
            guard var wallet = try call.docs.get(Wallet.self, link.walletId, org: call.org), wallet.status == .active else { continue }
            wallet.status = .frozen
            wallet.updatedAt = call.now
            try call.docs.save(wallet)
            agent.frozenWalletIds.append(wallet.id)
        }
        try call.docs.save(agent)
        try Alerts.raise(call, .agentSuspended, .critical, title: "Agent suspended",
                         message: "Agent \(agent.name) was frozen manually", agentId: agent.id, metadata: ["trigger": "MANUAL"])
        try call.audit("SUSPEND", "agent", agent.id, previous: before, new: agent.json)
        return agent.json
    }

    static let unfreeze = ContoRoute.send(
        .post, "/api/agents/{agentId}/unfreeze", "agents.unfreeze", "Unfreeze an agent: ACTIVE again, the wallets its freeze froze restored",
        tag: "Agents", access: .org(.agentsWrite), response: .ref("Agent")
    ) { call in
        var agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        guard agent.status != .revoked else { throw ContoError.badRequest("INVALID_STATUS", "Agent \(agent.id) is REVOKED") }
        let before = agent.json
        agent.status = .active
        agent.updatedAt = call.now
        for walletId in agent.frozenWalletIds {
            guard var wallet = try call.docs.get(Wallet.self, walletId, org: call.org), wallet.status == .frozen else { continue }
            wallet.status = .active
            wallet.updatedAt = call.now
            try call.docs.save(wallet)
        }
        agent.frozenWalletIds = []
        try call.docs.save(agent)
        try call.audit("ACTIVATE", "agent", agent.id, previous: before, new: agent.json)
        return agent.json
    }

    /// The agent, refusing revoked (deleted) agents for changes.
    static func requireLive(_ call: ContoCall) throws -> Agent {
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        guard agent.status != .revoked else {
            throw ContoError.badRequest("INVALID_STATUS", "Agent \(agent.id) is REVOKED (deleted)")
        }
        return agent
    }
}
