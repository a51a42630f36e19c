// Which record lives under which kind, and what each one is looked up by.

extension Organization: StoredDocument {
    static let kind = "organization"
    static let displayName = "Organization"
    var orgId: String { id }
}

extension OrgApiKey: StoredDocument {
    static let kind = "org_api_key"
    static let displayName = "API key"
    var lookup: String? { keyHash }
}

extension Member: StoredDocument {
    static let kind = "member"
    static let displayName = "Member"
}

extension Agent: StoredDocument {
    static let kind = "agent"
    static let displayName = "Agent"
}

extension Wallet: StoredDocument {
    static let kind = "wallet"
    static let displayName = "Wallet"
}

extension WalletLink: StoredDocument {
    static let kind = "wallet_link"
    static let displayName = "Wallet link"
}

extension Policy: StoredDocument {
    static let kind = "policy"
    static let displayName = "Policy"
}

extension AgentPolicy: StoredDocument {
    static let kind = "agent_policy"
    static let displayName = "Policy assignment"
}

extension SdkKey: StoredDocument {
    static let kind = "sdk_key"
    static let displayName = "SDK key"
    var lookup: String? { keyHash }
}

extension Counterparty: StoredDocument {
    static let kind = "counterparty"
    static let displayName = "Counterparty"
}

extension Alert: StoredDocument {
    static let kind = "alert"
    static let displayName = "Alert"
}

extension PaymentTransaction: StoredDocument {
    static let kind = "transaction"
    static let displayName = "Transaction"
}

extension PaymentRecord: StoredDocument {
    static let kind = "payment"
    static let displayName = "Payment"
    var lookup: String? { idempotencyKey.map { "\(agentId):\($0)" } }
}

extension AuditEntry: StoredDocument {
    static let kind = "audit"
    static let displayName = "Audit log entry"
}
