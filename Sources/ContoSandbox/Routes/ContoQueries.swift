import Foundation
import SandboxCore

/// The queries Conto's routes read related documents and filtered lists with, public so that the
/// query-plan tests check the very statements the routes run.
///
/// Lookups filter on one value of a field with an index of its own (`ContoIndexedFields`), so
/// they read that agent's, wallet's, policy's or address's documents and no others, in insertion
/// order (oldest first, like the listings). (Spelled `SandboxCore.DocumentQuery`: the module's
/// own `DocumentQuery` alias is internal.)
public enum ContoQueries {
    /// An agent's wallet links (active ones only unless `activeOnly` is false), or its one link to `walletId`.
    public static func links(agentId: String, walletId: String? = nil, activeOnly: Bool = true) -> SandboxCore.DocumentQuery<WalletLink> {
        var query = SandboxCore.DocumentQuery<WalletLink>()
        query.field("agentId", equals: agentId)
        query.field("walletId", equals: walletId)
        if activeOnly { query.field("isActive", is: true) }
        return query
    }

    /// Every link to a wallet, active or not.
    public static func links(walletId: String) -> SandboxCore.DocumentQuery<WalletLink> {
        var query = SandboxCore.DocumentQuery<WalletLink>()
        query.field("walletId", equals: walletId)
        return query
    }

    /// An agent's policy assignments, or its assignment of `policyId`.
    public static func assignments(agentId: String, policyId: String? = nil) -> SandboxCore.DocumentQuery<AgentPolicy> {
        var query = SandboxCore.DocumentQuery<AgentPolicy>()
        query.field("agentId", equals: agentId)
        query.field("policyId", equals: policyId)
        return query
    }

    /// A policy's assignments.
    public static func assignments(policyId: String) -> SandboxCore.DocumentQuery<AgentPolicy> {
        var query = SandboxCore.DocumentQuery<AgentPolicy>()
        query.field("policyId", equals: policyId)
        return query
    }

    /// An agent's SDK keys, revoked ones too.
    public static func sdkKeys(agentId: String) -> SandboxCore.DocumentQuery<SdkKey> {
        var query = SandboxCore.DocumentQuery<SdkKey>()
        query.field("agentId", equals: agentId)
        return query
    }

    /// An agent's transactions, of one status or all.
    public static func transactions(agentId: String, status: String? = nil) -> SandboxCore.DocumentQuery<PaymentTransaction> {
        var query = SandboxCore.DocumentQuery<PaymentTransaction>()
        query.field("agentId", equals: agentId)
        query.field("status", equals: status)
        return query
    }

    /// The transactions paid to an address, in any case.
    public static func transactions(recipient address: String) -> SandboxCore.DocumentQuery<PaymentTransaction> {
        var query = SandboxCore.DocumentQuery<PaymentTransaction>()
        query.field("recipientAddress", equalsIgnoringCase: address)
        return query
    }

    /// The counterparty with an address, in any case.
    public static func counterparty(address: String) -> SandboxCore.DocumentQuery<Counterparty> {
        var query = SandboxCore.DocumentQuery<Counterparty>()
        query.field("address", equalsIgnoringCase: address)
        return query
    }

    /// The org-wide policies (active or not).
    public static func orgWidePolicies() -> SandboxCore.DocumentQuery<Policy> {
        var query = SandboxCore.DocumentQuery<Policy>()
        query.field("scope", equals: "organization")
        return query
    }

    /// `GET /api/policies`: every policy, or those of one type and/or active flag.
    public static func policies(type: PolicyType?, isActive: Bool?) -> SandboxCore.DocumentQuery<Policy> {
        var query = SandboxCore.DocumentQuery<Policy>()
        query.field("policyType", equals: type?.rawValue)
        if let isActive { query.field("isActive", is: isActive) }
        return query
    }

    /// The wallets the API shows (not deleted), of one status or all: by status alone, so the
    /// listing's total comes from the counts table (`Wallet.indexedStatus` files deleted ones apart).
    public static func liveWallets(status: WalletStatus? = nil) -> SandboxCore.DocumentQuery<Wallet> {
        var query = SandboxCore.DocumentQuery<Wallet>()
        query.field("status", in: status.map { [$0.rawValue] } ?? WalletStatus.allCases.map(\.rawValue))
        return query
    }

    /// The live wallet on `chainId` with `address` (any case) or `externalWalletId`: what a
    /// wallet create answers with instead of a second wallet. Nil when neither is given.
    public static func sameWallet(chainId: String, address: String?, externalWalletId: String?) -> SandboxCore.DocumentQuery<Wallet>? {
        var sameAddress = SandboxCore.DocumentQuery<Wallet>(), sameExternalId = SandboxCore.DocumentQuery<Wallet>()
        sameAddress.field("address", equalsIgnoringCase: address)
        sameExternalId.field("externalWalletId", equals: externalWalletId)
        let alternatives = [address == nil ? nil : sameAddress, externalWalletId == nil ? nil : sameExternalId].compactMap { $0 }
        guard !alternatives.isEmpty else { return nil }
        var query = liveWallets()
        query.field("chainId", equals: chainId)
        query.any(of: alternatives)
        return query
    }
}
