import Foundation
import SandboxCore

/// `/api/agents/{agentId}/sdk-keys`: agent SDK keys, shown once, stored hashed.
enum SdkKeyRoutes {
    static var all: [ContoRoute] { [list, create, revoke] }

    static let list = ContoRoute.get(
        "/api/agents/{agentId}/sdk-keys", "agents.listSdkKeys", "List the agent's SDK keys (never the secret)",
        tag: "Agents", access: .org(.agentsRead), response: Envelope.listSchema("sdkKeys", "SdkKey")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        return ["sdkKeys": .array(try Lookups.sdkKeys(call.docs, org: call.org, agentId: agent.id).map(\.json))]
    }

    static let create = ContoRoute.send(
        .post, "/api/agents/{agentId}/sdk-keys", "agents.createSdkKey", "Create an SDK key; the full key is returned only here",
        tag: "Agents", access: .org(.agentsWrite),
        body: .record(["name": .string, "expiresInDays": .integer, "keyType": .cases(SdkKeyType.self), "scopes": .array(.string)],
                      optional: ["expiresInDays", "keyType", "scopes"]),
        example: ["name": "Production Key", "expiresInDays": 90],
        status: 201, response: .ref("SdkKeyCreated")
    ) { call in
        let agent = try AgentRoutes.requireLive(call)
        let body = try call.fields()
        let name = try body.string("name", required: true, length: 1...100)!
        // Default lifetime 365 days, at most 730 [D].
        let days = try body.int("expiresInDays", range: 1...730) ?? 365
        let type = try body.enumeration("keyType", SdkKeyType.self) ?? .standard
        var scopes = type == .admin ? AgentKeyScopes.admin : AgentKeyScopes.standard
        if let requested = try body.strings("scopes") {
            for (index, scope) in requested.enumerated() where !AgentKeyScopes.known.contains(scope) {
                throw ContoError.validation("scopes[\(index)]", "unknown agent scope \(scope)")
            }
            scopes = requested
        }
        let secret = ContoKeys.newAgentKey()
        let key = SdkKey(id: ContoKeys.id("key"), orgId: call.org, agentId: agent.id, name: name, keyPrefix: ContoKeys.displayPrefix(secret),
                         keyHash: SecretHasher.hash(secret), keyType: type, scopes: scopes,
                         expiresAt: call.now.addingTimeInterval(Double(days) * 86_400), lastUsedAt: nil, revokedAt: nil, createdAt: call.now)
        try call.docs.save(key)
        try call.audit("CREATE", "sdk_key", key.id, new: key.json, metadata: ["agentId": .string(agent.id)])
        guard case .object(var members) = key.json else { return key.json }
        members["key"] = .string(secret)
        members["message"] = "Store this key now: it is shown only once."
        return .object(members)
    }

    static let revoke = ContoRoute.send(
        .delete, "/api/agents/{agentId}/sdk-keys/{keyId}", "agents.revokeSdkKey", "Revoke an SDK key (it stops authenticating at once)",
        tag: "Agents", access: .org(.agentsWrite), response: .ref("Success")
    ) { call in
        let agent = try call.docs.require(Agent.self, call.param("agentId"), org: call.org)
        guard var key = try call.docs.get(SdkKey.self, call.param("keyId"), org: call.org), key.agentId == agent.id else {
            throw ContoError.notFound("SDK key", call.param("keyId"))
        }
        let before = key.json
        key.revokedAt = key.revokedAt ?? call.now
        try call.docs.save(key)
        try call.audit("DELETE", "sdk_key", key.id, previous: before, new: key.json, metadata: ["agentId": .string(agent.id)])
        return Envelope.success
    }
}
