/// Rule types the sandbox accepts (contract §4.6), grouped by how their value is written.
public enum RuleType: String, CaseIterable, Codable, Sendable {
    // Amount caps: value is a number string.
    case maxAmount = "MAX_AMOUNT", dailyLimit = "DAILY_LIMIT", weeklyLimit = "WEEKLY_LIMIT", monthlyLimit = "MONTHLY_LIMIT"
    case budgetCap = "BUDGET_CAP", requireApprovalAbove = "REQUIRE_APPROVAL_ABOVE"
    // Lists.
    case allowedCategories = "ALLOWED_CATEGORIES", blockedCategories = "BLOCKED_CATEGORIES"
    case allowedCounterparties = "ALLOWED_COUNTERPARTIES", blockedCounterparties = "BLOCKED_COUNTERPARTIES"
    // Time.
    case timeWindow = "TIME_WINDOW", dayOfWeek = "DAY_OF_WEEK", dateRange = "DATE_RANGE", blackoutPeriod = "BLACKOUT_PERIOD"
    // Frequency, place, counterparty quality, contracts.
    case velocityLimit = "VELOCITY_LIMIT", geographicRestriction = "GEOGRAPHIC_RESTRICTION", trustScore = "TRUST_SCORE"
    case counterpartyStatus = "COUNTERPARTY_STATUS", contractAllowlist = "CONTRACT_ALLOWLIST", fairscaleMinScore = "FAIRSCALE_MIN_SCORE"
    // Protocol and card rules: validated and stored; they govern x402/MPP/card payments, which the
    // sandbox does not carry, so on-chain transfers skip them. [I]
    case x402PriceCeiling = "X402_PRICE_CEILING", x402MaxPerEndpoint = "X402_MAX_PER_ENDPOINT"
    case x402SessionBudget = "X402_SESSION_BUDGET", mppMaxPerService = "MPP_MAX_PER_SERVICE"
    case mppMaxPerEndpoint = "MPP_MAX_PER_ENDPOINT", mppSessionBudget = "MPP_SESSION_BUDGET"
    case mppMaxSessionDeposit = "MPP_MAX_SESSION_DEPOSIT", mppMaxConcurrentSessions = "MPP_MAX_CONCURRENT_SESSIONS"
    case mppMaxSessionDuration = "MPP_MAX_SESSION_DURATION", cardMaxAmount = "CARD_MAX_AMOUNT"
    case x402MaxPerService = "X402_MAX_PER_SERVICE"
    case x402VelocityPerEndpoint = "X402_VELOCITY_PER_ENDPOINT", mppVelocityPerEndpoint = "MPP_VELOCITY_PER_ENDPOINT"
    case x402AllowedServices = "X402_ALLOWED_SERVICES", x402BlockedServices = "X402_BLOCKED_SERVICES"
    case mppAllowedServices = "MPP_ALLOWED_SERVICES", mppBlockedServices = "MPP_BLOCKED_SERVICES"
    case mppBlockSessionIntent = "MPP_BLOCK_SESSION_INTENT", mppAllowedMethods = "MPP_ALLOWED_METHODS"
    case cardAllowedMCCs = "CARD_ALLOWED_MCCS", cardBlockedMCCs = "CARD_BLOCKED_MCCS"
    case cardAllowedMerchants = "CARD_ALLOWED_MERCHANTS", cardBlockedMerchants = "CARD_BLOCKED_MERCHANTS"

    /// Parses a wire value; [I] `SINGLE_AMOUNT` (one docs example) is an alias of `MAX_AMOUNT`.
    public init?(wire: String) {
        if wire == "SINGLE_AMOUNT" { self = .maxAmount } else if let value = RuleType(rawValue: wire) { self = value } else { return nil }
    }

    /// The shape `value` must have.
    public var valueShape: RuleValueShape {
        switch self {
        case .maxAmount, .dailyLimit, .weeklyLimit, .monthlyLimit, .requireApprovalAbove, .x402PriceCeiling,
             .x402MaxPerEndpoint, .x402SessionBudget, .mppMaxPerService, .mppMaxPerEndpoint, .mppSessionBudget,
             .mppMaxSessionDeposit, .cardMaxAmount:
            return .amount
        case .mppMaxConcurrentSessions, .mppMaxSessionDuration:
            return .count
        case .trustScore, .fairscaleMinScore:
            return .score
        case .budgetCap, .x402MaxPerService:
            return .periodAmount
        case .velocityLimit, .x402VelocityPerEndpoint, .mppVelocityPerEndpoint:
            return .periodCount
        case .allowedCategories, .blockedCategories, .allowedCounterparties, .blockedCounterparties,
             .x402AllowedServices, .x402BlockedServices, .mppAllowedServices, .mppBlockedServices,
             .mppBlockSessionIntent, .mppAllowedMethods, .cardAllowedMCCs, .cardBlockedMCCs,
             .cardAllowedMerchants, .cardBlockedMerchants:
            return .stringList
        case .geographicRestriction: return .countryList
        case .dayOfWeek: return .dayList
        case .timeWindow: return .timeOfDayRange
        case .dateRange: return .dateRange
        case .blackoutPeriod: return .blackout
        case .counterpartyStatus: return .trustLevels
        case .contractAllowlist: return .contracts
        }
    }

    /// Operators that make sense for the rule (plus `DENY`, which any rule may use).
    public var operators: [RuleOperator] {
        let caps: [RuleOperator] = [.lte, .lessThan]
        let lists: [RuleOperator] = [.inList, .notInList]
        let ranges: [RuleOperator] = [.between, .notBetween]
        let comparisons: [RuleOperator] = [.gte, .greaterThan, .lte, .lessThan, .equals, .notEquals]
        let allowed: [RuleOperator]
        switch valueShape {
        case .amount, .count, .periodAmount, .periodCount: allowed = self == .requireApprovalAbove ? [.greaterThan, .gte] : caps
        case .score: allowed = comparisons
        case .stringList, .countryList, .dayList, .contracts: allowed = lists
        case .trustLevels: allowed = lists + [.equals, .notEquals]
        case .timeOfDayRange, .dateRange, .blackout: allowed = ranges
        }
        return allowed + [.deny]
    }

    /// The canonical operator used when a rule omits one. [I]
    public var defaultOperator: RuleOperator { operators[0] }

    /// The action used when a rule omits one: ALLOW (documented default) except for rules whose
    /// name states another action. [I]
    public var defaultAction: RuleAction {
        switch self {
        case .requireApprovalAbove: return .requireApproval
        case .blockedCategories, .blockedCounterparties, .blackoutPeriod, .x402BlockedServices, .mppBlockedServices,
             .mppBlockSessionIntent, .cardBlockedMCCs, .cardBlockedMerchants:
            return .deny
        default: return .allow
        }
    }

    /// True for protocol/card rules, which on-chain payments skip.
    public var isProtocolRule: Bool {
        rawValue.hasPrefix("X402_") || rawValue.hasPrefix("MPP_") || rawValue.hasPrefix("CARD_")
    }
}

/// How a rule's string `value` is structured.
public enum RuleValueShape: String, Sendable {
    case amount, count, score, periodAmount, periodCount, stringList, countryList, dayList
    case timeOfDayRange, dateRange, blackout, trustLevels, contracts
}
