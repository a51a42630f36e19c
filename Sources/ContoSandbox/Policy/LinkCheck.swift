import Foundation

/// The checks that run before any policy: agent and wallet state, then the agent–wallet link's
/// limits and allowed times, then the balance (contract §5.3 steps 1–3). The first failure wins.
enum LinkCheck {
    static func firstViolation(_ input: EvaluationInput, spend: LinkSpend) -> Violation? {
        let agent = input.agent, wallet = input.wallet, link = input.link, amount = input.attempt.amount
        if agent.status != .active {
            // [I] Not in the contract's violation list: a named type keeps the refusal machine-readable.
            return Violation(type: "AGENT_NOT_ACTIVE", limit: "ACTIVE", current: .string(agent.status.rawValue),
                             message: "Agent is \(agent.status.rawValue.lowercased()); only ACTIVE agents can pay")
        }
        if wallet.status != .active || wallet.isWatchOnly {
            let state = wallet.isWatchOnly ? "watch-only" : wallet.status.rawValue.lowercased()
            return Violation(type: "WALLET_NOT_ACTIVE", limit: "ACTIVE", current: .string(wallet.isWatchOnly ? "WATCH_ONLY" : wallet.status.rawValue),
                             message: "Wallet \(wallet.id) is \(state) and cannot send")
        }
        if !wallet.provisioned {
            // [I] Managed wallets pay only once provisioned with their custody provider.
            return Violation(type: "WALLET_CONFIG_ERROR", limit: "PROVISIONED", current: "UNPROVISIONED",
                             message: "Wallet \(wallet.id) is not provisioned; call wallets.provision first")
        }
        if !link.isActive || link.delegationType == .viewOnly {
            return Violation(type: "EXPIRED_PERMISSION", limit: "LIMITED", current: .string(link.delegationType.rawValue),
                             message: "The agent's link to wallet \(wallet.id) does not permit spending")
        }
        if let perTx = link.spendLimitPerTx {
            // A per-transaction limit of 0 blocks every payment before policies run [D].
            if perTx == 0 || amount > perTx {
                return Violation(type: "PER_TX_LIMIT", limit: .money(perTx), current: .money(amount),
                                 message: "Amount $\(amount.plain) exceeds per-transaction limit of $\(perTx.plain)")
            }
        }
        let periods: [(String, String, Decimal?, Decimal)] = [
            ("DAILY_LIMIT", "daily", link.spendLimitDaily, spend.today),
            ("WEEKLY_LIMIT", "weekly", link.spendLimitWeekly, spend.thisWeek),
            ("MONTHLY_LIMIT", "monthly", link.spendLimitMonthly, spend.thisMonth),
        ]
        for (type, word, limit, spent) in periods {
            guard let limit, spent + amount > limit else { continue }
            let remaining = max(limit - spent, 0)
            return Violation(type: type, limit: .money(limit), current: .money(spent),
                             message: "Would exceed \(word) limit: $\(spent.plain)/$\(limit.plain) used, $\(remaining.plain) remaining")
        }
        if let violation = timeViolation(link, now: input.now) { return violation }
        if wallet.balance < amount {
            return Violation(type: "INSUFFICIENT_BALANCE", limit: .money(wallet.balance), current: .money(amount),
                             message: "Insufficient balance: wallet has $\(wallet.balance.plain), payment needs $\(amount.plain)")
        }
        return nil
    }

    /// Allowed hours `[start, end)` and days, read in the link's timezone.
    private static func timeViolation(_ link: WalletLink, now: Date) -> Violation? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: link.timezone) ?? TimeZone(identifier: "UTC")!
        let hour = calendar.component(.hour, from: now)
        let day = Weekday(gregorian: calendar.component(.weekday, from: now))
        let start = link.allowedHoursStart, end = link.allowedHoursEnd
        let hourAllowed = start < end ? (hour >= start && hour < end) : (hour >= start || hour < end)
        let window: JSON = ["allowedHoursStart": .number(Double(start)), "allowedHoursEnd": .number(Double(end)),
                            "allowedDays": .strings(link.allowedDays.map(\.rawValue)), "timezone": .string(link.timezone)]
        if !link.allowedDays.contains(day) {
            return Violation(type: "TIME_WINDOW", limit: window, current: .string(day.rawValue),
                             message: "Payments are not allowed on \(day.rawValue) (\(link.timezone))")
        }
        if !hourAllowed {
            return Violation(type: "TIME_WINDOW", limit: window, current: .number(Double(hour)),
                             message: "Payments are allowed only between \(start):00 and \(end):00 \(link.timezone)")
        }
        return nil
    }
}
