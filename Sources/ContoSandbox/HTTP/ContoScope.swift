/// The org API key scopes of the contract (§1.4) and the agent SDK key scopes the sandbox checks.
public enum ContoScope: String, CaseIterable, Codable, Sendable {
    case agentsRead = "agents:read"
    case agentsWrite = "agents:write"
    case walletsRead = "wallets:read"
    case walletsWrite = "wallets:write"
    case policiesRead = "policies:read"
    case policiesWrite = "policies:write"
    case transactionsRead = "transactions:read"
    case counterpartiesRead = "counterparties:read"
    case counterpartiesWrite = "counterparties:write"
    case alertsRead = "alerts:read"
    case alertsWrite = "alerts:write"
    case analyticsRead = "analytics:read"
    case auditRead = "audit:read"
    case teamRead = "team:read"
}

/// Org key scope presets of the dashboard. [I] The contract documents only their spirit; the exact
/// sets are the contract's suggested mapping.
public enum ContoScopePreset: String, CaseIterable, Sendable {
    case readOnly = "READ_ONLY"
    case standard = "STANDARD"
    case admin = "ADMIN"

    /// The scopes the preset grants.
    public var scopes: [ContoScope] {
        switch self {
        case .readOnly:
            // Every `:read` except `team:read` (membership lookup belongs to Standard).
            return ContoScope.allCases.filter { $0.rawValue.hasSuffix(":read") && $0 != .teamRead }
        case .standard:
            return ContoScopePreset.readOnly.scopes + [.agentsWrite, .walletsWrite, .policiesWrite, .teamRead]
        case .admin:
            return ContoScope.allCases
        }
    }
}

/// Agent SDK key scope sets. [D] for the standard preset; [I] `payments:confirm` and
/// `payments:approve` are added to the default because the sandbox exists to exercise the
/// approve → confirm flow, and an admin-type key gets every agent scope.
public enum AgentKeyScopes {
    /// The documented standard preset plus the approve/confirm scopes.
    public static let standard: [String] = [
        "payments:request", "payments:approve", "payments:confirm", "wallets:read", "policies:read",
        "transactions:read", "counterparties:read", "alerts:read", "agents:read", "analytics:read", "network:read",
    ]

    /// What a `keyType: "admin"` key carries.
    public static let admin: [String] = standard + [
        "payments:execute", "transactions:write", "policies:exceptions", "counterparties:write", "alerts:write",
        "audit:read", "policies:write",
    ]

    /// Every scope name an agent key may be created with.
    public static let known: Set<String> = Set(admin)
}
