// The enumerations of the contract (§4). Raw values are the wire spellings.

/// What framework drives an agent.
public enum AgentType: String, CaseIterable, Codable, Sendable {
    case openAIAssistant = "OPENAI_ASSISTANT", anthropicClaude = "ANTHROPIC_CLAUDE", langchain = "LANGCHAIN"
    case autoGPT = "AUTOGPT", custom = "CUSTOM"
}

/// Agent lifecycle. `REVOKED` is permanent; `SUSPENDED` is what freezing sets.
public enum AgentStatus: String, CaseIterable, Codable, Sendable {
    case active = "ACTIVE", paused = "PAUSED", suspended = "SUSPENDED", revoked = "REVOKED"
}

/// How much authority an agent has over a linked wallet (Admin SDK reference lists five).
public enum DelegationType: String, CaseIterable, Codable, Sendable {
    case full = "FULL", limited = "LIMITED", viewOnly = "VIEW_ONLY", preapproved = "PREAPPROVED", allowlist = "ALLOWLIST"
}

/// Wallet lifecycle. [I] `CLOSED` (older API page) is accepted as an alias of `ARCHIVED`.
public enum WalletStatus: String, CaseIterable, Codable, Sendable {
    case active = "ACTIVE", frozen = "FROZEN", archived = "ARCHIVED"

    /// Parses a wire value, accepting the `CLOSED` alias.
    public init?(wire: String) {
        if wire == "CLOSED" { self = .archived } else if let value = WalletStatus(rawValue: wire) { self = value } else { return nil }
    }
}

/// Wallet account kind.
public enum WalletType: String, CaseIterable, Codable, Sendable {
    case eoa = "EOA", smartWallet = "SMART_WALLET", multisig = "MULTISIG"
}

/// Chain family.
public enum ChainType: String, CaseIterable, Codable, Sendable {
    case evm = "EVM", solana = "SOLANA"
}

/// Who holds a wallet's keys. Managed custody (PRIVY, SPONGE) pays through /request;
/// EXTERNAL through /approve + /confirm.
public enum CustodyType: String, CaseIterable, Codable, Sendable {
    case privy = "PRIVY", sponge = "SPONGE", external = "EXTERNAL", smartContract = "SMART_CONTRACT"

    /// Documented wallet selection order when an agent has several links (lower first).
    public var selectionRank: Int {
        switch self {
        case .privy: return 0
        case .sponge: return 1
        case .smartContract: return 2
        case .external: return 3
        }
    }
}

/// Counterparty trust levels.
public enum TrustLevel: String, CaseIterable, Codable, Sendable {
    case trusted = "TRUSTED", verified = "VERIFIED", unknown = "UNKNOWN", blocked = "BLOCKED"
}

/// Alert lifecycle.
public enum AlertStatus: String, CaseIterable, Codable, Sendable {
    case active = "ACTIVE", acknowledged = "ACKNOWLEDGED", resolved = "RESOLVED"
}

/// Alert severity.
public enum AlertSeverity: String, CaseIterable, Codable, Sendable {
    case info = "INFO", warning = "WARNING", critical = "CRITICAL"
}

/// Alert kinds the sandbox raises.
public enum AlertType: String, CaseIterable, Codable, Sendable {
    case spendLimitWarning = "SPEND_LIMIT_WARNING", spendLimitExceeded = "SPEND_LIMIT_EXCEEDED"
    case unusualActivity = "UNUSUAL_ACTIVITY", failedTransaction = "FAILED_TRANSACTION"
    case policyViolation = "POLICY_VIOLATION", newCounterparty = "NEW_COUNTERPARTY"
    case highValueTransaction = "HIGH_VALUE_TRANSACTION", agentSuspended = "AGENT_SUSPENDED"
    case walletLowBalance = "WALLET_LOW_BALANCE", blockedAddress = "BLOCKED_ADDRESS"
}

/// Payment urgency.
public enum PaymentUrgency: String, CaseIterable, Codable, Sendable {
    case low = "LOW", normal = "NORMAL", high = "HIGH", critical = "CRITICAL"
}

/// Agent SDK key kinds (lowercase on the wire).
public enum SdkKeyType: String, CaseIterable, Codable, Sendable {
    case standard, admin
}

/// Days as the API spells them; `Calendar` weekday 1 is Sunday.
public enum Weekday: String, CaseIterable, Codable, Sendable {
    case mon = "Mon", tue = "Tue", wed = "Wed", thu = "Thu", fri = "Fri", sat = "Sat", sun = "Sun"

    /// Maps a Gregorian weekday number (1 = Sunday).
    public init(gregorian: Int) {
        self = [.sun, .mon, .tue, .wed, .thu, .fri, .sat][(gregorian - 1 + 7) % 7]
    }

    /// Parses `Mon`, `MON`, `monday`, ... case-insensitively.
    public init?(loose text: String) {
        let prefix = text.prefix(3).lowercased()
        guard let day = Weekday.allCases.first(where: { $0.rawValue.lowercased() == prefix }) else { return nil }
        guard text.count == 3 || day.fullName.lowercased() == text.lowercased() else { return nil }
        self = day
    }

    private var fullName: String {
        ["Mon": "Monday", "Tue": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday", "Fri": "Friday",
         "Sat": "Saturday", "Sun": "Sunday"][rawValue]!
    }
}
