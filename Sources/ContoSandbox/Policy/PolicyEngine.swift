import Foundation

/// Decides a payment: link checks first, then every applicable policy by priority with AND logic.
///
/// Order [D]: wallet-link limits before policy rules; all policies must pass; the first DENY stops
/// evaluation, so only that rule's violation is reported; DENY beats REQUIRE_APPROVAL because an
/// approval flag only matters once every policy has run without a DENY.
/// Policy order [I]: `priority` descending (higher first, contract default 50), ties by
/// `createdAt`, then id, so the order is total and repeatable. Rules run in their stored order.
public enum PolicyEngine {
    /// The decision for `input`. Pure: reads only `input`.
    public static func decide(_ input: EvaluationInput) -> PolicyDecision {
        let spend = LinkSpend(ledger: input.ledger, walletId: input.wallet.id, now: input.now)
        let limits = dailyLimits(input.link, spend: spend)
        if let violation = LinkCheck.firstViolation(input, spend: spend) {
            return .denied(violation, evaluated: [], limits: limits)
        }
        var evaluated: [String] = []
        var approvalReasons: [String] = []
        for policy in ordered(input.policies) where policy.isActive {
            evaluated.append(policy.id)
            for rule in policy.rules {
                switch RuleEvaluator.evaluate(rule, policy: policy, input: input) {
                case .pass: continue
                case .approval(let reason): approvalReasons.append(reason)
                case .deny(let violation): return .denied(violation, evaluated: evaluated, limits: limits)
                }
            }
        }
        if approvalReasons.isEmpty {
            return PolicyDecision(outcome: .approved, reasons: [], violations: [], evaluatedPolicyIds: evaluated, limits: limits)
        }
        return PolicyDecision(outcome: .requiresApproval, reasons: approvalReasons, violations: [], evaluatedPolicyIds: evaluated, limits: limits)
    }

    /// Policies in evaluation order.
    public static func ordered(_ policies: [Policy]) -> [Policy] {
        policies.sorted { left, right in
            if left.priority != right.priority { return left.priority > right.priority }
            if left.createdAt != right.createdAt { return left.createdAt < right.createdAt }
            return left.id < right.id
        }
    }

    /// The `limits` object of `/approve`: today's use of the link against its daily limit.
    /// [I] With no daily limit, `dailyLimit` and `dailyRemaining` are null.
    static func dailyLimits(_ link: WalletLink, spend: LinkSpend) -> JSON {
        let remaining = link.spendLimitDaily.map { max($0 - spend.today, 0) }
        return ["dailyUsed": .money(spend.today), "dailyLimit": .money(link.spendLimitDaily), "dailyRemaining": .money(remaining)]
    }
}
