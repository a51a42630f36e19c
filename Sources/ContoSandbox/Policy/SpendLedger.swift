import Foundation

/// One confirmed payment as the spend counters see it.
public struct SpendEntry: Sendable {
    public var amount: Decimal
    public var walletId: String
    public var at: Date

    public init(amount: Decimal, walletId: String, at: Date) {
        self.amount = amount
        self.walletId = walletId
        self.at = at
    }
}

/// An agent's confirmed payments, from which every counter is derived.
///
/// Counters are computed rather than stored: "today" is always measured from 00:00 UTC of the
/// tenant clock's now, so advancing the test clock past midnight resets them with no job to run.
public struct SpendLedger: Sendable {
    public var entries: [SpendEntry]

    public init(entries: [SpendEntry]) { self.entries = entries }

    /// Sum of payments at or after `start`, optionally on one wallet.
    public func total(since start: Date, walletId: String? = nil) -> Decimal {
        entries.filter { $0.at >= start && (walletId == nil || $0.walletId == walletId) }.reduce(Decimal(0)) { $0 + $1.amount }
    }

    /// Number of payments at or after `start`.
    public func count(since start: Date) -> Int {
        entries.filter { $0.at >= start }.count
    }
}

/// Calendar window starts in UTC: day at 00:00, week on Monday 00:00, month on the 1st (contract §3.1).
public enum SpendWindow {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        calendar.firstWeekday = 2
        return calendar
    }()

    /// Start of the calendar period containing `now`.
    public static func start(of period: CalendarPeriod, at now: Date) -> Date {
        let day = calendar.startOfDay(for: now)
        switch period {
        case .daily:
            return day
        case .weekly:
            let weekday = calendar.component(.weekday, from: day)
            let daysSinceMonday = (weekday + 5) % 7
            return calendar.date(byAdding: .day, value: -daysSinceMonday, to: day)!
        case .monthly:
            return calendar.date(from: calendar.dateComponents([.year, .month], from: day))!
        case .quarterly:
            var parts = calendar.dateComponents([.year, .month], from: day)
            parts.month = ((parts.month! - 1) / 3) * 3 + 1
            return calendar.date(from: parts)!
        case .yearly:
            return calendar.date(from: calendar.dateComponents([.year], from: day))!
        }
    }
}

/// Spend of one agent–wallet link in the three counter windows.
public struct LinkSpend: Sendable {
    public var today: Decimal
    public var thisWeek: Decimal
    public var thisMonth: Decimal

    /// Measures `ledger` for `walletId` at `now`.
    public init(ledger: SpendLedger, walletId: String, now: Date) {
        today = ledger.total(since: SpendWindow.start(of: .daily, at: now), walletId: walletId)
        thisWeek = ledger.total(since: SpendWindow.start(of: .weekly, at: now), walletId: walletId)
        thisMonth = ledger.total(since: SpendWindow.start(of: .monthly, at: now), walletId: walletId)
    }
}
