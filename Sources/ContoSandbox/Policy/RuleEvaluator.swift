import Foundation

/// What one rule says about one payment.
enum RuleOutcome {
    case pass
    case deny(Violation)
    case approval(String)
}

/// Evaluates a single stored rule against a payment.
enum RuleEvaluator {
    /// The rule's condition, measured: whether `subject operator value` holds, and what to report.
    private struct Measure {
        var holds: Bool
        var limit: JSON
        var current: JSON
        /// Phrase describing the condition, e.g. "amount $600 ≤ $500".
        var text: String
    }

    static func evaluate(_ rule: PolicyRule, policy: Policy, input: EvaluationInput) -> RuleOutcome {
        // Stored rules were validated on write; a value that no longer parses is skipped, not fatal.
        guard !rule.ruleType.isProtocolRule,
              let value = try? RuleValue.parse(rule.value, for: rule.ruleType, field: "value"),
              var measure = measure(rule, value: value, input: input)
        else { return .pass }
        if rule.operator == .deny { measure.holds = true }

        let violated: Bool
        switch rule.ruleType.family {
        case .requirement: violated = !measure.holds
        case .prohibition: violated = measure.holds
        case .literal: violated = rule.action == .allow ? !measure.holds : measure.holds
        }
        guard violated || rule.operator == .deny else { return .pass }

        let asksApproval: Bool
        if rule.ruleType == .requireApprovalAbove {
            asksApproval = rule.action != .deny
        } else {
            asksApproval = rule.action == .requireApproval
        }
        let message = "Policy \"\(policy.name)\" \(rule.ruleType.rawValue): \(measure.text)"
        if asksApproval { return .approval("Requires approval: \(message)") }
        return .deny(Violation(type: rule.ruleType.violationType, limit: measure.limit, current: measure.current, message: message))
    }

    private static func measure(_ rule: PolicyRule, value: RuleValue, input: EvaluationInput) -> Measure? {
        let attempt = input.attempt, now = input.now, op = rule.operator
        func inverted(_ holds: Bool) -> Bool { op == .notInList || op == .notBetween || op == .notEquals ? !holds : holds }
        func compared(_ subject: Decimal, _ bound: Decimal) -> Bool { (op.compare(subject, bound)) ?? true }

        switch (rule.ruleType, value) {
        case (.maxAmount, .amount(let cap)), (.requireApprovalAbove, .amount(let cap)):
            return Measure(holds: compared(attempt.amount, cap), limit: .money(cap), current: .money(attempt.amount),
                           text: "amount $\(attempt.amount.plain) against \(op.rawValue) $\(cap.plain)")
        case (.dailyLimit, .amount(let cap)), (.weeklyLimit, .amount(let cap)), (.monthlyLimit, .amount(let cap)):
            let period: CalendarPeriod = rule.ruleType == .dailyLimit ? .daily : rule.ruleType == .weeklyLimit ? .weekly : .monthly
            return cumulative(cap, period: period, op: op, input: input)
        case (.budgetCap, .periodAmount(let cap, let period)):
            return cumulative(cap, period: period, op: op, input: input)
        case (.velocityLimit, .periodCount(let maxCount, let period)):
            let count = input.ledger.count(since: now.addingTimeInterval(-period.seconds))
            return Measure(holds: compared(Decimal(count + 1), Decimal(maxCount)), limit: .number(Double(maxCount)),
                           current: .number(Double(count)),
                           text: "\(count) payments in the last \(period.rawValue.lowercased()), at most \(maxCount) allowed")
        case (.allowedCategories, .strings(let list)), (.blockedCategories, .strings(let list)):
            let category = attempt.category ?? ""
            let member = list.contains { $0.caseInsensitiveCompare(category) == .orderedSame }
            return Measure(holds: inverted(member), limit: .strings(list), current: .optional(attempt.category),
                           text: "category \(attempt.category ?? "(none)") \(member ? "is" : "is not") in \(list)")
        case (.allowedCounterparties, .strings(let list)), (.blockedCounterparties, .strings(let list)):
            // [I] Entries match the recipient address (case-insensitive) or the counterparty's id or name.
            let names = [attempt.recipientAddress, input.counterparty.id, input.counterparty.name].compactMap { $0 }
            let member = list.contains { entry in names.contains { $0.caseInsensitiveCompare(entry) == .orderedSame } }
            return Measure(holds: inverted(member), limit: .strings(list), current: .string(attempt.recipientAddress),
                           text: "recipient \(attempt.recipientAddress) \(member ? "is" : "is not") on the list")
        case (.timeWindow, .timeOfDay(let range)):
            let inside = range.contains(now)
            return Measure(holds: inverted(inside), limit: .string(rule.value), current: .date(now),
                           text: "time \(ISO8601.format(now)) is \(inside ? "inside" : "outside") the window")
        case (.dayOfWeek, .days(let days)):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let today = Weekday(gregorian: calendar.component(.weekday, from: now))
            let member = days.contains(today)
            return Measure(holds: inverted(member), limit: .strings(days.map(\.rawValue)), current: .string(today.rawValue),
                           text: "\(today.rawValue) (UTC) \(member ? "is" : "is not") in the list")
        case (.dateRange, .dates(let span)):
            let inside = span.contains(now)
            return Measure(holds: inverted(inside), limit: .string(rule.value), current: .date(now),
                           text: "date \(ISO8601.format(now)) is \(inside ? "inside" : "outside") the range")
        case (.blackoutPeriod, .blackout(let windows)):
            let inside = windows.contains { $0.contains(now) }
            return Measure(holds: inverted(inside), limit: .string(rule.value), current: .date(now),
                           text: inside ? "payments are blacked out now" : "no blackout now")
        case (.geographicRestriction, .strings(let codes)):
            let country = (attempt.country ?? input.counterparty.country)?.uppercased()
            let member = country.map(codes.contains) ?? false
            return Measure(holds: inverted(member), limit: .strings(codes), current: .optional(country),
                           text: "country \(country ?? "(unknown)") \(member ? "is" : "is not") in \(codes)")
        case (.trustScore, .score(let bound)), (.fairscaleMinScore, .score(let bound)):
            let score = input.counterparty.trustScore
            return Measure(holds: compared(score, bound), limit: .money(bound), current: .money(score),
                           text: "counterparty score \(score.plain) against \(op.rawValue) \(bound.plain)")
        case (.counterpartyStatus, .trustLevels(let levels)):
            let level = input.counterparty.level
            let member = levels.contains(level)
            return Measure(holds: inverted(member), limit: .strings(levels.map(\.rawValue)), current: .string(level.rawValue),
                           text: "counterparty status \(level.rawValue) \(member ? "is" : "is not") in the list")
        case (.contractAllowlist, .contracts(let addresses, _)):
            // [I] A plain transfer calls no contract, so the allow-list does not apply to it.
            guard let target = attempt.targetContractAddress else { return nil }
            let member = addresses.contains { $0.caseInsensitiveCompare(target) == .orderedSame }
            return Measure(holds: inverted(member), limit: .strings(addresses), current: .string(target),
                           text: "contract \(target) \(member ? "is" : "is not") allowed")
        default:
            return nil
        }
    }

    /// Agent-wide confirmed spend in the calendar period plus this payment, against the cap.
    private static func cumulative(_ cap: Decimal, period: CalendarPeriod, op: RuleOperator, input: EvaluationInput) -> Measure {
        let spent = input.ledger.total(since: SpendWindow.start(of: period, at: input.now))
        let total = spent + input.attempt.amount
        let remaining = max(cap - spent, 0)
        return Measure(holds: op.compare(total, cap) ?? true, limit: .money(cap), current: .money(spent),
                       text: "$\(spent.plain)/$\(cap.plain) used this \(period.noun), $\(remaining.plain) remaining")
    }
}

extension CalendarPeriod {
    /// "day", "week", ... for messages.
    var noun: String {
        switch self {
        case .daily: return "day"
        case .weekly: return "week"
        case .monthly: return "month"
        case .quarterly: return "quarter"
        case .yearly: return "year"
        }
    }
}
