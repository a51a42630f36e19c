import Foundation

/// Identifiers and timestamps shared by the emulators.
public enum SandboxIDs {
    /// A request id `req_<24 hex>`, returned in error bodies and the `X-Request-ID` header.
    public static func requestID() -> String { SecretHasher.token(prefix: "req_", byteCount: 12) }

    /// A lowercase UUID string (resource ids).
    public static func uuid() -> String { UUID().uuidString.lowercased() }

    /// `true` when `s` is a canonical UUID (any case).
    public static func isUUID(_ s: String) -> Bool { UUID(uuidString: s) != nil }
}

/// RFC 3339 timestamps in UTC with millisecond precision, the format both APIs return.
public enum SandboxTime {
    /// Formats a date as `2024-01-02T03:04:05.678Z`.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Parses RFC 3339 with or without fractional seconds.
    public static func parse(_ s: String) -> Date? {
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(s) { return d }
        return try? Date.ISO8601FormatStyle().parse(s)
    }
}
