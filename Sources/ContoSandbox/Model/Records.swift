import Foundation

// The stored records of one organization. Each is kept as a JSON document (see DocumentStore);
// the API shapes are built from them by the `json` properties in Model/Record+JSON.swift.

/// A tenant: everything below belongs to exactly one organization.
public struct Organization: Codable, Sendable {
    public var id: String
    public var name: String
    public var createdAt: Date
    /// Per-org overrides of the module configuration (sandbox-only settings endpoint).
    public var settings: ContoConfiguration?
}

/// An organization API key (`conto_...`); only the SHA-256 of the secret is stored.
public struct OrgApiKey: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var name: String
    public var keyPrefix: String
    public var keyHash: String
    public var scopes: [String]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?
}

/// A membership of a user in an organization (what `ownerMembershipId` points at).
public struct Member: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var userId: String
    public var name: String
    public var email: String
    public var role: String
    public var createdAt: Date
}

/// An AI agent.
public struct Agent: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var name: String
    public var agentType: AgentType
    public var description: String?
    public var publicKey: String
    public var externalId: String?
    public var purpose: String?
    public var environment: String?
    public var riskTier: String?
    public var ownerMembershipId: String?
    public var allowedContexts: [String]
    public var identityTags: [String]
    public var status: AgentStatus
    public var autoFreezeEnabled: Bool
    public var freezeConfig: JSON?
    /// Wallets this agent's freeze set to FROZEN, so unfreeze restores exactly those. [I]
    public var frozenWalletIds: [String]
    public var createdAt: Date
    public var updatedAt: Date
    public var deletedAt: Date?
}

/// A wallet with its sandbox balance (no chain: the balance is the sandbox's own number).
public struct Wallet: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var name: String
    public var address: String
    public var walletType: WalletType
    public var chainType: ChainType
    public var chainId: String
    public var custodyType: CustodyType
    public var isWatchOnly: Bool
    public var status: WalletStatus
    public var balance: Decimal
    public var externalWalletId: String?
    public var provisioned: Bool
    public var provisionedAt: Date?
    public var lastSyncedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// Set by DELETE: the wallet disappears from the API but its transactions keep their reference. [I]
    public var deletedAt: Date?
}

/// The link that lets an agent spend from a wallet, with its limits and allowed times.
public struct WalletLink: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var agentId: String
    public var walletId: String
    public var delegationType: DelegationType
    public var spendLimitPerTx: Decimal?
    public var spendLimitDaily: Decimal?
    public var spendLimitWeekly: Decimal?
    public var spendLimitMonthly: Decimal?
    public var allowedHoursStart: Int
    public var allowedHoursEnd: Int
    public var allowedDays: [Weekday]
    public var timezone: String
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

/// One rule of a policy; `value` is always the wire string.
public struct PolicyRule: Codable, Sendable {
    public var id: String
    public var ruleType: RuleType
    public var `operator`: RuleOperator
    public var value: String
    public var action: RuleAction
    public var createdAt: Date
}

/// A policy and its rules.
public struct Policy: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var name: String
    public var description: String?
    public var policyType: PolicyType
    public var priority: Int
    public var isActive: Bool
    /// `assigned` (applies to assigned agents) or `organization` (applies to every agent). [I]
    public var scope: String
    public var rules: [PolicyRule]
    public var createdAt: Date
    public var updatedAt: Date
}

/// An assignment of a policy to an agent.
public struct AgentPolicy: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var agentId: String
    public var policyId: String
    public var createdAt: Date
}

/// An agent SDK key (`conto_agent_` + 64 hex); only its hash is stored.
public struct SdkKey: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var agentId: String
    public var name: String
    public var keyPrefix: String
    public var keyHash: String
    public var keyType: SdkKeyType
    public var scopes: [String]
    public var expiresAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    public var createdAt: Date
}

/// A known payee with its trust data.
public struct Counterparty: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var name: String
    public var address: String
    public var category: String?
    public var status: TrustLevel
    public var trustScore: Decimal
    public var type: String?
    public var description: String?
    public var notes: String?
    public var website: String?
    /// ISO country code, what GEOGRAPHIC_RESTRICTION rules test. [I]
    public var country: String?
    public var approvalStatus: String?
    public var createdAt: Date
    public var updatedAt: Date
}

/// An alert raised by sandbox activity (freeze, policy violation, spend warning).
public struct Alert: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var type: AlertType
    public var severity: AlertSeverity
    public var status: AlertStatus
    public var title: String
    public var message: String
    public var agentId: String?
    public var walletId: String?
    public var metadata: JSON
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var resolvedAt: Date?
    public var resolvedBy: String?
    public var createdAt: Date
}

/// A settled payment. [I] With no chain, a confirmed payment is CONFIRMED at once.
public struct PaymentTransaction: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var agentId: String
    public var walletId: String
    public var amount: Decimal
    public var currency: String
    public var chainId: String
    public var recipientAddress: String
    public var recipientName: String?
    public var purpose: String?
    public var category: String?
    public var status: String
    public var txHash: String
    public var explorerUrl: String?
    public var paymentId: String
    public var createdAt: Date
    public var confirmedAt: Date
}

/// A payment decision from `/request` or `/approve`, awaiting execute/confirm when approved.
public struct PaymentRecord: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case request, approval }
    public var id: String
    public var orgId: String
    public var agentId: String
    public var walletId: String?
    public var kind: Kind
    public var amount: Decimal
    public var recipientAddress: String
    public var recipientName: String?
    public var purpose: String?
    public var category: String?
    public var chainId: String
    /// APPROVED, DENIED, REQUIRES_APPROVAL, then EXECUTED/CONFIRMED or EXPIRED.
    public var status: String
    public var tokenHash: String?
    public var expiresAt: Date?
    public var transactionId: String?
    public var idempotencyKey: String?
    public var bodyHash: String?
    /// The response first returned, replayed for a repeated idempotency key.
    public var response: JSON
    public var createdAt: Date
}

/// One audit log entry; entries of an org are hash-chained (SHA-256 of the previous hash + entry).
public struct AuditEntry: Codable, Sendable {
    public var id: String
    public var orgId: String
    public var action: String
    public var resource: String
    public var resourceId: String?
    public var actorType: String
    public var actorId: String
    public var previousState: JSON?
    public var newState: JSON?
    public var metadata: JSON
    public var ipAddress: String?
    public var userAgent: String?
    public var previousHash: String
    public var hash: String
    public var createdAt: Date
}
