import Foundation

/// ISO-8601 UTC timestamps as the API writes and reads them.
public enum ISO8601 {
    /// Formats with milliseconds, e.g. `2026-01-02T03:04:05.678Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
