/// A query or body field of an operation.
public struct Parameter: Sendable {
    public enum Location: String, Sendable { case query, body }

    public let name: String
    public let location: Location
    public let type: ParameterType
    public let required: Bool
    /// The server's default, as text for help (`"LIMITED"`, `"100"`), if documented.
    public let defaultValue: String?
    public let summary: String

    public init(_ name: String, _ type: ParameterType, in location: Location = .body, required: Bool = false,
                default defaultValue: String? = nil, _ summary: String = "") {
        self.name = name
        self.location = location
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.summary = summary
    }

    /// The same field with no documented default (for updates, where absence means unchanged).
    var withoutDefault: Parameter {
        Parameter(name, type, in: location, required: required, default: nil, summary)
    }

    public static func query(_ name: String, _ type: ParameterType, required: Bool = false, default d: String? = nil, _ summary: String = "") -> Parameter {
        Parameter(name, type, in: .query, required: required, default: d, summary)
    }
}

/// Parameter types as Lua sees them.
public indirect enum ParameterType: Sendable, Equatable, CustomStringConvertible {
    case string
    case integer
    case number
    case boolean
    /// One of the listed strings.
    case enumeration([String])
    case array(ParameterType)
    /// A nested table (free-form object).
    case object
    /// Anything JSON can carry.
    case any

    public var description: String {
        switch self {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .enumeration(let values): return values.joined(separator: " | ")
        case .array(let element): return "{\(element)}"
        case .object: return "table"
        case .any: return "any"
        }
    }
}

/// The values a path parameter accepts, checked before any request: spellings other parts of
/// the API use are accepted as aliases, and values the API has no route for are refused with
/// the reason.
public struct PathValues: Sendable, Equatable {
    public let allowed: [String]
    /// Another spelling → the allowed value it means (`api_key` → `api-key`).
    public let aliases: [String: String]
    /// A value → why it is refused (`webhook-secret` → webhook secrets cannot be rolled back).
    public let refused: [String: String]

    public init(_ allowed: [String], aliases: [String: String] = [:], refused: [String: String] = [:]) {
        self.allowed = allowed
        self.aliases = aliases
        self.refused = refused
    }

    /// The value to send for `given`, or why it cannot be sent.
    public func resolve(_ given: String) -> Result<String, PathValueRefusal> {
        if allowed.contains(given) { return .success(given) }
        if let value = aliases[given] { return .success(value) }
        if let reason = refused[given] { return .failure(PathValueRefusal(message: reason)) }
        let spelled = allowed.map { "'\($0)'" }.joined(separator: " or ")
        return .failure(PathValueRefusal(message: "expected \(spelled), got '\(given)'"))
    }
}

public struct PathValueRefusal: Error, Equatable {
    public let message: String
}
