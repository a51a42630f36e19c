import Foundation

/// The related documents routes read besides the one they are about, through `ContoQueries`:
/// an agent's links, keys, assignments and payments, a policy's assignments, a payee by address.
enum Lookups {
    /// The agent's wallet links, active ones only unless `activeOnly` is false.
    static func links(_ docs: DocumentStore, org: String, agentId: String, activeOnly: Bool = true) throws -> [WalletLink] {
        try docs.all(ContoQueries.links(agentId: agentId, activeOnly: activeOnly), org: org)
    }

    /// The link between the agent and the wallet (there is at most one per pair), if any.
    static func link(_ docs: DocumentStore, org: String, agentId: String, walletId: String, activeOnly: Bool) throws -> WalletLink? {
        try docs.first(ContoQueries.links(agentId: agentId, walletId: walletId, activeOnly: activeOnly), org: org)
    }

    /// Every link to the wallet, active or not.
    static func links(_ docs: DocumentStore, org: String, walletId: String) throws -> [WalletLink] {
        try docs.all(ContoQueries.links(walletId: walletId), org: org)
    }

    /// The agent's policy assignments.
    static func assignments(_ docs: DocumentStore, org: String, agentId: String) throws -> [AgentPolicy] {
        try docs.all(ContoQueries.assignments(agentId: agentId), org: org)
    }

    /// The policy's assignments.
    static func assignments(_ docs: DocumentStore, org: String, policyId: String) throws -> [AgentPolicy] {
        try docs.all(ContoQueries.assignments(policyId: policyId), org: org)
    }

    /// The assignment of the policy to the agent, if any.
    static func assignment(_ docs: DocumentStore, org: String, agentId: String, policyId: String) throws -> AgentPolicy? {
        try docs.first(ContoQueries.assignments(agentId: agentId, policyId: policyId), org: org)
    }

    /// The agent's SDK keys, revoked ones too.
    static func sdkKeys(_ docs: DocumentStore, org: String, agentId: String) throws -> [SdkKey] {
        try docs.all(ContoQueries.sdkKeys(agentId: agentId), org: org)
    }

    /// The transactions paid to `address`, in any case.
    static func transactions(_ docs: DocumentStore, org: String, recipient address: String) throws -> [PaymentTransaction] {
        try docs.all(ContoQueries.transactions(recipient: address), org: org)
    }

    /// The counterparty with `address`, in any case.
    static func counterparty(_ docs: DocumentStore, org: String, address: String) throws -> Counterparty? {
        try docs.first(ContoQueries.counterparty(address: address), org: org)
    }
}
