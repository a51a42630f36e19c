import Foundation

/// Spend data read from confirmed transactions, shared by payments and listings.
enum Ledgers {
    /// The agent's confirmed payments.
    static func spend(_ docs: DocumentStore, org: String, agentId: String) throws -> SpendLedger {
        SpendLedger(entries: try docs.all(ContoQueries.transactions(agentId: agentId, status: "CONFIRMED"), org: org)
            .map { SpendEntry(amount: $0.amount, walletId: $0.walletId, at: $0.confirmedAt) })
    }

    /// The JSON of a link with its wallet and current counters.
    static func linkJSON(_ call: ContoCall, _ link: WalletLink, ledger: SpendLedger? = nil) throws -> JSON {
        let ledger = try ledger ?? spend(call.docs, org: call.org, agentId: link.agentId)
        let wallet = try call.docs.get(Wallet.self, link.walletId, org: call.org)
        return link.json(wallet: wallet, spend: LinkSpend(ledger: ledger, walletId: link.walletId, now: call.now))
    }

    /// The JSON of a policy with its assignments.
    static func policyJSON(_ call: ContoCall, _ policy: Policy) throws -> JSON {
        let assignments = try Lookups.assignments(call.docs, org: call.org, policyId: policy.id)
        return policy.json(assignments: try assignments.map { ($0, try call.docs.get(Agent.self, $0.agentId, org: call.org)) })
    }

    /// Policies that apply to an agent: its active assignments plus org-wide policies. [I]
    /// Read by the agent's assignments and the org-wide scope, not from every policy of the org.
    static func effectivePolicies(_ docs: DocumentStore, org: String, agentId: String) throws -> [Policy] {
        var policies = try docs.all(ContoQueries.orgWidePolicies(), org: org)
        var listed = Set(policies.map(\.id))
        for assignment in try Lookups.assignments(docs, org: org, agentId: agentId) where listed.insert(assignment.policyId).inserted {
            if let policy = try docs.get(Policy.self, assignment.policyId, org: org) { policies.append(policy) }
        }
        return PolicyEngine.ordered(policies.filter(\.isActive))
    }
}
