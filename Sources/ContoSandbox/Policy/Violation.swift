import Foundation

/// Why a payment was refused: `{type, limit, current, message}` as the contract's responses carry it.
public struct Violation: Equatable, Sendable {
    /// One of the contract's violation types (§4.7), e.g. `DAILY_LIMIT`.
    public var type: String
    /// The bound that was crossed (a number, list or window).
    public var limit: JSON
    /// What the payment brought to the bound (spend so far, the category, the time, ...).
    public var current: JSON
    /// Human text, also used as the reason.
    public var message: String

    public init(type: String, limit: JSON, current: JSON, message: String) {
        self.type = type
        self.limit = limit
        self.current = current
        self.message = message
    }

    /// The wire form.
    public var json: JSON {
        ["type": .string(type), "limit": limit, "current": current, "message": .string(message)]
    }
}

/// The engine's verdict.
public enum PaymentOutcome: String, Sendable {
    case approved = "APPROVED", denied = "DENIED", requiresApproval = "REQUIRES_APPROVAL"
}

/// A full decision: outcome, the reasons, the (single, first) violation and the daily limits view.
public struct PolicyDecision: Sendable {
    public var outcome: PaymentOutcome
    public var reasons: [String]
    public var violations: [Violation]
    /// Policies that were evaluated, in evaluation order (for the audit trail).
    public var evaluatedPolicyIds: [String]
    /// `dailyUsed` / `dailyLimit` / `dailyRemaining` of the link, for `/approve`'s `limits`.
    public var limits: JSON

    /// A decision that stops at its first violation.
    public static func denied(_ violation: Violation, evaluated: [String], limits: JSON) -> PolicyDecision {
        PolicyDecision(outcome: .denied, reasons: [violation.message], violations: [violation], evaluatedPolicyIds: evaluated, limits: limits)
    }
}
