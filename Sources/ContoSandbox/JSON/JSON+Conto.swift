import Foundation
import SandboxCore

/// The core's JSON value under a short name: bodies, stored documents and responses all use it.
public typealias JSON = JSONValue

extension JSONValue {
    /// A money amount as a JSON number, or JSON null.
    public static func money(_ value: Decimal?) -> JSONValue { value.map { .number($0.doubleValue) } ?? .null }
    /// A timestamp as an ISO-8601 string, or JSON null.
    public static func date(_ value: Date?) -> JSONValue { value.map { .string(ISO8601.format($0)) } ?? .null }
    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
    /// A whole number.
    public static func count(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// Parses a request body; anything that is not JSON is a 400 `VALIDATION_FAILED` on `body`.
    static func parseBody(_ data: Data?) throws -> JSONValue? {
        guard let data, !data.isEmpty else { return nil }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw ContoError.validation("body", "is not valid JSON")
        }
        return value
    }
}
