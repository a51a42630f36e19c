/// How a rule's action combines with its condition.
///
/// The Admin SDK defines actions literally (ALLOW: allow if the condition holds; DENY: block if it
/// holds; REQUIRE_APPROVAL: ask if it holds). Read literally, some rule types would defeat
/// themselves (a cap written with `action: "ALLOW"`, as Conto's own examples do, would deny
/// everything *under* the cap). [I] So rule types whose name states their intent get that intent:
public enum RuleFamily: Sendable {
    /// Caps and allow-lists: the condition must hold; breaking it denies (approval if the action is
    /// REQUIRE_APPROVAL).
    case requirement
    /// Block-lists, blackouts and approval thresholds: the condition holding triggers the rule
    /// (deny, or approval for REQUIRE_APPROVAL; an approval threshold asks unless its action is DENY).
    case prohibition
    /// Everything else follows the SDK's literal table.
    case literal
}

extension RuleType {
    /// The family that decides how `action` applies.
    public var family: RuleFamily {
        switch self {
        case .maxAmount, .dailyLimit, .weeklyLimit, .monthlyLimit, .budgetCap, .velocityLimit,
             .allowedCategories, .allowedCounterparties, .contractAllowlist, .fairscaleMinScore:
            return .requirement
        case .blockedCategories, .blockedCounterparties, .blackoutPeriod, .requireApprovalAbove:
            return .prohibition
        case .timeWindow, .dayOfWeek, .dateRange, .geographicRestriction, .trustScore, .counterpartyStatus:
            return .literal
        default:
            return isProtocolRule ? .requirement : .literal
        }
    }

    /// The violation type reported when the rule refuses a payment (contract §4.7).
    /// [I] TRUST_SCORE and COUNTERPARTY_STATUS report BLOCKED_COUNTERPARTY (no own type in the list).
    public var violationType: String {
        switch self {
        case .maxAmount, .requireApprovalAbove: return "PER_TX_LIMIT"
        case .dailyLimit: return "DAILY_LIMIT"
        case .weeklyLimit: return "WEEKLY_LIMIT"
        case .monthlyLimit: return "MONTHLY_LIMIT"
        case .budgetCap: return "BUDGET_EXCEEDED"
        case .allowedCategories, .blockedCategories: return "CATEGORY_RESTRICTION"
        case .allowedCounterparties: return "WHITELIST_VIOLATION"
        case .blockedCounterparties, .trustScore, .counterpartyStatus: return "BLOCKED_COUNTERPARTY"
        case .timeWindow, .dayOfWeek: return "TIME_WINDOW"
        case .dateRange: return "EXPIRED_PERMISSION"
        case .blackoutPeriod: return "BLACKOUT_PERIOD"
        case .velocityLimit: return "VELOCITY_LIMIT"
        case .geographicRestriction: return "GEOGRAPHIC_RESTRICTION"
        case .contractAllowlist: return "CONTRACT_NOT_ALLOWED"
        case .fairscaleMinScore: return "FAIRSCALE_LOW_SCORE"
        default: return rawValue
        }
    }
}
