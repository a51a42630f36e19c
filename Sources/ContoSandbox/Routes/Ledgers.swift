import Foundation

/// Spend data read from confirmed transactions, shared by payments and listings.
enum Ledgers {
    /// The agent's confirmed payments.
    static func spend(_ docs: DocumentStore, org: String, agentId: String) throws -> SpendLedger {
        SpendLedger(entries: try docs.all(PaymentTransaction.self, org: org)
            .filter { $0.agentId == agentId && $0.status == "CONFIRMED" }
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
        let assignments = try call.docs.all(AgentPolicy.self, org: call.org).filter { $0.policyId == policy.id }
        return policy.json(assignments: try assignments.map { ($0, try call.docs.get(Agent.self, $0.agentId, org: call.org)) })
    }

    /// Policies that apply to an agent: its active assignments plus org-wide policies. [I]
    static func effectivePolicies(_ docs: DocumentStore, org: String, agentId: String) throws -> [Policy] {
        let assigned = Set(try docs.all(AgentPolicy.self, org: org).filter { $0.agentId == agentId }.map(\.policyId))
        return PolicyEngine.ordered(try docs.all(Policy.self, org: org).filter {
            $0.isActive && (assigned.contains($0.id) || $0.scope == "organization")
        })
    }
}
