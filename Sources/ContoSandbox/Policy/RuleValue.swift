import Foundation

/// A rule's `value` string, parsed and checked against its rule type.
///
/// On the wire `value` is always a string, JSON structures JSON-encoded (contract §4.6). [I] A
/// request may also send the structure itself (a number, array or object); it is stored as its
/// JSON text, so reading the rule back always yields a string.
public enum RuleValue: Equatable, Sendable {
    case amount(Decimal)
    case count(Int)
    case score(Decimal)
    case periodAmount(Decimal, CalendarPeriod)
    case periodCount(Int, TrailingPeriod)
    case strings([String])
    case days([Weekday])
    case timeOfDay(TimeOfDayRange)
    case dates(DateSpan)
    case blackout([BlackoutWindow])
    case trustLevels([TrustLevel])
    case contracts(addresses: [String], protocols: [String])

    /// Parses `text` for `type`; failures are 400s naming `field`.
    public static func parse(_ text: String, for type: RuleType, field: String) throws -> RuleValue {
        func fail(_ reason: String) -> ContoError { ContoError.validation(field, "\(reason) for \(type.rawValue)") }
        let json = try? JSON.parse(Data(text.utf8))
        switch type.valueShape {
        case .amount:
            guard let number = Decimal(string: text.trimmingCharacters(in: .whitespaces)), number >= 0,
                  text.range(of: #"^\s*\d+(\.\d+)?\s*$"#, options: .regularExpression) != nil
            else { throw fail("must be a non-negative number string like \"500\"") }
            return .amount(number)
        case .count:
            guard let number = Int(text.trimmingCharacters(in: .whitespaces)), number >= 0 else {
                throw fail("must be a non-negative whole number string")
            }
            return .count(number)
        case .score:
            guard let number = Decimal(string: text.trimmingCharacters(in: .whitespaces)), number >= 0, number <= 100,
                  text.range(of: #"^\s*\d+(\.\d+)?\s*$"#, options: .regularExpression) != nil
            else { throw fail("must be a number string between 0 and 100") }
            return .score(number)
        case .periodAmount:
            guard let object = json?.objectValue, let amount = object["amount"]?.numberValue, amount >= 0,
                  let periodText = object["period"]?.stringValue, let period = CalendarPeriod(wire: periodText)
            else { throw fail("must be {\"amount\": number, \"period\": \"DAILY|WEEKLY|MONTHLY|QUARTERLY|YEARLY\"}") }
            return .periodAmount(Decimal(jsonNumber: amount), period)
        case .periodCount:
            guard let object = json?.objectValue, let count = object["maxCount"]?.numberValue, count >= 0, count == count.rounded(),
                  let periodText = object["period"]?.stringValue, let period = TrailingPeriod(wire: periodText)
            else { throw fail("must be {\"maxCount\": integer, \"period\": \"MINUTE|HOUR|DAY|WEEK|MONTH\"}") }
            return .periodCount(Int(count), period)
        case .stringList:
            return .strings(try stringList(json, fail))
        case .countryList:
            let codes = try stringList(json, fail).map { $0.uppercased() }
            guard codes.allSatisfy({ $0.range(of: "^[A-Z]{2}$", options: .regularExpression) != nil }) else {
                throw fail("must be a JSON list of ISO 3166 alpha-2 country codes")
            }
            return .strings(codes)
        case .dayList:
            let days = try stringList(json, fail).map { name -> Weekday in
                guard let day = Weekday(loose: name) else { throw fail("has an unknown day \"\(name)\" (use Mon..Sun)") }
                return day
            }
            return .days(days)
        case .trustLevels:
            if let object = json?.objectValue, let status = object["status"]?.stringValue, let level = TrustLevel(rawValue: status) {
                return .trustLevels([level])
            }
            if let level = TrustLevel(rawValue: text) { return .trustLevels([level]) }
            let levels = try stringList(json, fail).map { name -> TrustLevel in
                guard let level = TrustLevel(rawValue: name.uppercased()) else {
                    throw fail("has an unknown trust level \"\(name)\" (use TRUSTED, VERIFIED, UNKNOWN, BLOCKED)")
                }
                return level
            }
            return .trustLevels(levels)
        case .contracts:
            if let object = json?.objectValue {
                let addresses = object["contracts"]?.arrayValue?.compactMap(\.stringValue) ?? []
                let protocols = object["protocols"]?.arrayValue?.compactMap(\.stringValue) ?? []
                return .contracts(addresses: addresses, protocols: protocols)
            }
            return .contracts(addresses: try stringList(json, fail), protocols: [])
        case .timeOfDayRange:
            guard let object = json?.objectValue, let range = TimeOfDayRange(object) else {
                throw fail("must be {\"start\": \"HH:MM\", \"end\": \"HH:MM\"} with an optional \"timezone\"")
            }
            return .timeOfDay(range)
        case .dateRange:
            guard let object = json?.objectValue, let span = DateSpan(object) else {
                throw fail("must be {\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"} (or ISO-8601 times), start before end")
            }
            return .dates(span)
        case .blackout:
            guard let object = json?.objectValue else { throw fail("must be a JSON object") }
            if let windows = object["windows"]?.arrayValue {
                let parsed = windows.compactMap { $0.objectValue.flatMap(BlackoutWindow.init) }
                guard parsed.count == windows.count, !parsed.isEmpty else {
                    throw fail("must list windows as {\"start\", \"end\"} times (HH:MM, recurring daily) or dates")
                }
                return .blackout(parsed)
            }
            guard let window = BlackoutWindow(object) else {
                throw fail("must be {\"windows\": [...]} or {\"start\", \"end\"}")
            }
            return .blackout([window])
        }
    }

    private static func stringList(_ json: JSON?, _ fail: (String) -> ContoError) throws -> [String] {
        guard let items = json?.arrayValue else { throw fail("must be a JSON-encoded list of strings") }
        let strings = items.compactMap(\.stringValue)
        guard strings.count == items.count else { throw fail("must be a JSON-encoded list of strings") }
        return strings
    }
}

/// Calendar-aligned budget periods (UTC): a DAILY budget resets at 00:00 UTC, like spend counters.
public enum CalendarPeriod: String, Sendable {
    case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", quarterly = "QUARTERLY", yearly = "YEARLY"

    /// Accepts `DAILY` or `DAY` (and so on), any case.
    public init?(wire: String) {
        let upper = wire.uppercased()
        let aliases: [String: CalendarPeriod] = ["DAY": .daily, "WEEK": .weekly, "MONTH": .monthly, "QUARTER": .quarterly, "YEAR": .yearly]
        if let value = CalendarPeriod(rawValue: upper) { self = value } else if let value = aliases[upper] { self = value } else { return nil }
    }
}

/// Trailing windows for frequency limits (`maxCount` per MINUTE/HOUR/...), measured back from now.
public enum TrailingPeriod: String, Sendable {
    case minute = "MINUTE", hour = "HOUR", day = "DAY", week = "WEEK", month = "MONTH"

    /// Accepts `HOUR` or `HOURLY` (and so on), any case.
    public init?(wire: String) {
        let upper = wire.uppercased()
        let aliases: [String: TrailingPeriod] = ["MINUTELY": .minute, "HOURLY": .hour, "DAILY": .day, "WEEKLY": .week, "MONTHLY": .month]
        if let value = TrailingPeriod(rawValue: upper) { self = value } else if let value = aliases[upper] { self = value } else { return nil }
    }

    /// The window length. [I] A month is 30 days.
    public var seconds: TimeInterval {
        switch self {
        case .minute: return 60
        case .hour: return 3600
        case .day: return 86_400
        case .week: return 7 * 86_400
        case .month: return 30 * 86_400
        }
    }
}

/// A daily time-of-day window `[start, end)` in a timezone; `end` before `start` wraps midnight.
public struct TimeOfDayRange: Equatable, Sendable {
    /// Minutes after midnight.
    public let start: Int
    /// Minutes after midnight; 24:00 is allowed as an end.
    public let end: Int
    /// IANA timezone the clock times are read in. [I] Defaults to UTC.
    public let timeZone: TimeZone

    init?(_ object: [String: JSON]) {
        guard let start = object["start"]?.stringValue.flatMap(Self.minutes), let end = object["end"]?.stringValue.flatMap(Self.minutes),
              start != end else { return nil }
        let zoneName = object["timezone"]?.stringValue ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else { return nil }
        self.start = start
        self.end = end
        self.timeZone = zone
    }

    /// Parses `HH:MM` (00:00 through 24:00).
    static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours),
              (0...59).contains(minutes), hours * 60 + minutes <= 1440 else { return nil }
        return hours * 60 + minutes
    }

    /// True when `date` falls inside the window.
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end)
    }
}

/// An absolute span: dates cover whole UTC days (end inclusive), ISO-8601 times are exact.
public struct DateSpan: Equatable, Sendable {
    /// First instant inside.
    public let start: Date
    /// First instant after.
    public let end: Date

    init?(_ object: [String: JSON]) {
        guard let start = object["start"]?.stringValue.flatMap({ Self.instant($0, endOfDay: false) }),
              let end = object["end"]?.stringValue.flatMap({ Self.instant($0, endOfDay: true) }), start < end else { return nil }
        self.start = start
        self.end = end
    }

    private static func instant(_ text: String, endOfDay: Bool) -> Date? {
        if let date = ISO8601.parse(text) { return date }
        guard text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil,
              let day = ISO8601.parse(text + "T00:00:00Z") else { return nil }
        return endOfDay ? day.addingTimeInterval(86_400) : day
    }

    /// True when `date` is inside.
    public func contains(_ date: Date) -> Bool { date >= start && date < end }
}

/// One blackout: a daily recurring time window or an absolute span.
public enum BlackoutWindow: Equatable, Sendable {
    case daily(TimeOfDayRange)
    case span(DateSpan)

    init?(_ object: [String: JSON]) {
        let start = object["start"]?.stringValue ?? ""
        if TimeOfDayRange.minutes(start) != nil {
            guard let range = TimeOfDayRange(object) else { return nil }
            self = .daily(range)
        } else {
            guard let span = DateSpan(object) else { return nil }
            self = .span(span)
        }
    }

    /// True when `date` is blacked out.
    public func contains(_ date: Date) -> Bool {
        switch self {
        case .daily(let range): return range.contains(date)
        case .span(let span): return span.contains(date)
        }
    }
}
