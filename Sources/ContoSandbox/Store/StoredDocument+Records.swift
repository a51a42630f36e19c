// Which record lives under which kind, and what each one is looked up by.

extension Organization: StoredDocument {
    public static let kind = "organization"
    public static let displayName = "Organization"
    public var orgId: String { id }
}

extension OrgApiKey: StoredDocument {
    public static let kind = "org_api_key"
    public static let displayName = "API key"
    public var lookup: String? { keyHash }
}

extension Member: StoredDocument {
    public static let kind = "member"
    public static let displayName = "Member"
}

extension Agent: StoredDocument {
    public static let kind = "agent"
    public static let displayName = "Agent"
}

extension Wallet: StoredDocument {
    public static let kind = "wallet"
    public static let displayName = "Wallet"
    /// The status column of a deleted wallet (its body stays ARCHIVED): listings leave it out by
    /// status, so their totals come from the counts table.
    static let deletedStatus = "DELETED"
    public var indexedStatus: String? { deletedAt == nil ? nil : Self.deletedStatus }
}

extension WalletLink: StoredDocument {
    public static let kind = "wallet_link"
    public static let displayName = "Wallet link"
}

extension Policy: StoredDocument {
    public static let kind = "policy"
    public static let displayName = "Policy"
}

extension AgentPolicy: StoredDocument {
    public static let kind = "agent_policy"
    public static let displayName = "Policy assignment"
}

extension SdkKey: StoredDocument {
    public static let kind = "sdk_key"
    public static let displayName = "SDK key"
    public var lookup: String? { keyHash }
}

extension Counterparty: StoredDocument {
    public static let kind = "counterparty"
    public static let displayName = "Counterparty"
}

extension Alert: StoredDocument {
    public static let kind = "alert"
    public static let displayName = "Alert"
}

extension PaymentTransaction: StoredDocument {
    public static let kind = "transaction"
    public static let displayName = "Transaction"
}

extension PaymentRecord: StoredDocument {
    public static let kind = "payment"
    public static let displayName = "Payment"
    public var lookup: String? { idempotencyKey.map { "\(agentId):\($0)" } }
}

extension AuditEntry: StoredDocument {
    public static let kind = "audit"
    public static let displayName = "Audit log entry"
}
