import Foundation
import SandboxCore

/// Filling an org with many agents at once, through the typed store rather than HTTP: for
/// measuring how lists behave in a large org (scripts/bench B6b) without waiting for thousands
/// of requests. Each agent is saved as the create route saves it, with its CREATE audit entry.
public enum BulkSeeding {
    /// Agents written per write transaction: each commit is fsync'd, so fewer and larger is faster.
    static let batchSize = 5_000

    public enum Failure: Error, CustomStringConvertible {
        case noSuchOrganization(String)

        public var description: String {
            switch self {
            case .noSuchOrganization(let org): "no Conto organization \(org) in this sandbox state"
            }
        }
    }

    /// Adds `count` ACTIVE agents named `<prefix>-<n>` to `org`, oldest first, on the org's clock.
    /// Returns how many agents the org holds afterwards (every status).
    @discardableResult
    public static func addAgents(_ count: Int, org: String, store: SandboxStore, namePrefix: String = "bulk-agent") async throws -> Int {
        var written = 0
        while written < count {
            let batch = min(batchSize, count - written)
            let start = written
            try await store.write { db in
                let docs = DocumentStore(db: db)
                guard try docs.get(Organization.self, org, org: org) != nil else { throw Failure.noSuchOrganization(org) }
                let now = try SandboxClock.now(tenant: ContoSandbox.tenant(org), db: db)
                for index in start..<(start + batch) {
                    let agent = newAgent(name: "\(namePrefix)-\(index + 1)", org: org, now: now)
                    try docs.save(agent)
                    try AuditTrail.append(docs: docs, org: org, action: "CREATE", resource: "agent", resourceId: agent.id,
                                          actorType: "SYSTEM", actorId: "sandbox", previous: nil, new: agent.json, metadata: [:],
                                          ipAddress: nil, userAgent: nil, at: now)
                }
            }
            written += batch
        }
        return try await store.read { db in
            try DocumentStore(db: db).typed.countedTotal(Agent.self, tenant: org, statuses: nil)
        }
    }

    /// An agent as `POST /api/agents {name, agentType: CUSTOM}` creates it.
    static func newAgent(name: String, org: String, now: Date) -> Agent {
        Agent(id: ContoKeys.id("agt"), orgId: org, name: name, agentType: .custom, description: nil,
              publicKey: "0x" + SecretHasher.token(prefix: "", byteCount: 20), externalId: nil, purpose: nil,
              environment: nil, riskTier: nil, ownerMembershipId: nil, allowedContexts: [], identityTags: [],
              status: .active, autoFreezeEnabled: false, freezeConfig: nil, frozenWalletIds: [],
              createdAt: now, updatedAt: now, deletedAt: nil)
    }
}
