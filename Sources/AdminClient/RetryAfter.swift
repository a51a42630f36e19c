import Foundation

/// The `Retry-After` header: delta-seconds (`"1"`, `"2.5"`) or an HTTP-date.
enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is absent or unreadable.
    static func seconds(_ value: String?, now: Date = Date()) -> Double? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return seconds }
        // An HTTP-date is short printable ASCII (RFC 9110 §5.6.7); anything else is not one, and
        // Foundation's date parser traps on some non-ASCII input instead of failing.
        guard text.utf8.count <= 64, text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
