import Foundation

extension ISO8601DateFormatter {
    /// Parses an ISO 8601 time with or without fractional seconds.
    public static func flexible(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
