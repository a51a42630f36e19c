/// The 14 documented policy types. A policy's type classifies it; its rules drive evaluation.
///
/// [I] Any rule type may appear in any policy type (COMPOSITE exists to mix them, and Conto's
/// own examples put DAILY_LIMIT rules in SPEND_LIMIT and BUDGET_ALLOCATION policies alike).
public enum PolicyType: String, CaseIterable, Codable, Sendable {
    case spendLimit = "SPEND_LIMIT", timeWindow = "TIME_WINDOW", merchant = "MERCHANT", category = "CATEGORY"
    case velocity = "VELOCITY", geographic = "GEOGRAPHIC", approvalThreshold = "APPROVAL_THRESHOLD"
    case counterparty = "COUNTERPARTY", budgetAllocation = "BUDGET_ALLOCATION", whitelist = "WHITELIST"
    case expiration = "EXPIRATION", composite = "COMPOSITE", contractAllowlist = "CONTRACT_ALLOWLIST"
    case blackoutPeriod = "BLACKOUT_PERIOD"
}

/// What a rule does when its condition holds (Admin SDK reference: ALLOW is the default).
public enum RuleAction: String, CaseIterable, Codable, Sendable {
    case allow = "ALLOW", deny = "DENY", requireApproval = "REQUIRE_APPROVAL"
}

/// Rule operators in their canonical spelling (the Admin SDK reference's table).
///
/// [I] Short and long spellings are both accepted and stored canonically: `LESS_THAN_OR_EQUAL`→`LTE`,
/// `GREATER_THAN_OR_EQUAL`→`GTE`, `LT`→`LESS_THAN`, `GT`→`GREATER_THAN`, `EQ`→`EQUALS`,
/// `NEQ`→`NOT_EQUALS`, `IN`→`IN_LIST`, `NOT_IN`→`NOT_IN_LIST`.
public enum RuleOperator: String, CaseIterable, Codable, Sendable {
    case equals = "EQUALS", notEquals = "NOT_EQUALS", greaterThan = "GREATER_THAN", lessThan = "LESS_THAN"
    case gte = "GTE", lte = "LTE", inList = "IN_LIST", notInList = "NOT_IN_LIST", between = "BETWEEN"
    case notBetween = "NOT_BETWEEN", deny = "DENY"

    private static let aliases: [String: RuleOperator] = [
        "LESS_THAN_OR_EQUAL": .lte, "GREATER_THAN_OR_EQUAL": .gte, "LT": .lessThan, "GT": .greaterThan,
        "EQ": .equals, "NEQ": .notEquals, "IN": .inList, "NOT_IN": .notInList,
    ]

    /// Every spelling accepted on input.
    public static var accepted: [String] { allCases.map(\.rawValue) + aliases.keys.sorted() }

    /// Parses any accepted spelling.
    public init?(wire: String) {
        if let value = RuleOperator(rawValue: wire) { self = value } else if let value = Self.aliases[wire] { self = value } else { return nil }
    }

    /// Compares two numbers with a comparison operator; nil for non-comparison operators.
    public func compare(_ left: Decimal, _ right: Decimal) -> Bool? {
        switch self {
        case .equals: return left == right
        case .notEquals: return left != right
        case .greaterThan: return left > right
        case .lessThan: return left < right
        case .gte: return left >= right
        case .lte: return left <= right
        default: return nil
        }
    }
}

import Foundation
