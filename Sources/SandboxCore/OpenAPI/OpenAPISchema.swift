/// A JSON Schema subset, enough to describe every body either emulator sends or accepts.
///
/// Routes declare their request and response shapes with it; `OpenAPIRenderer` renders them and
/// the contract tests validate live responses against the rendered document.
public indirect enum OpenAPISchema: Sendable {
    case string
    case number
    case integer
    case boolean
    /// Any JSON value.
    case any
    /// A string from a fixed set.
    case enumeration([String])
    /// An ISO-8601 timestamp string.
    case dateTime
    case array(OpenAPISchema)
    /// An object; members not in `required` may be absent. Extra members are allowed.
    case object([String: OpenAPISchema], required: [String])
    /// A free-form object.
    case map
    /// A reference to `#/components/schemas/<name>`.
    case ref(String)
    /// The schema or JSON null.
    case nullable(OpenAPISchema)
    /// Exactly one of several shapes.
    case oneOf([OpenAPISchema])

    /// An object whose members are all required except `optional`.
    public static func record(_ properties: [String: OpenAPISchema], optional: [String] = []) -> OpenAPISchema {
        .object(properties, required: properties.keys.filter { !optional.contains($0) }.sorted())
    }

    /// A string enumeration from a `CaseIterable` enum.
    public static func cases<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> OpenAPISchema where E.RawValue == String {
        .enumeration(E.allCases.map(\.rawValue))
    }

    /// The OpenAPI 3.1 (JSON Schema 2020-12) form.
    public var json: JSONValue {
        switch self {
        case .string: return ["type": "string"]
        case .number: return ["type": "number"]
        case .integer: return ["type": "integer"]
        case .boolean: return ["type": "boolean"]
        case .any: return [:]
        case .enumeration(let values): return ["type": "string", "enum": .array(values.map(JSONValue.string))]
        case .dateTime: return ["type": "string", "format": "date-time"]
        case .array(let items): return ["type": "array", "items": items.json]
        case .map: return ["type": "object"]
        case .object(let properties, let required):
            var members: [String: JSONValue] = ["type": "object", "properties": .object(properties.mapValues(\.json))]
            if !required.isEmpty { members["required"] = .array(required.map(JSONValue.string)) }
            return .object(members)
        case .ref(let name): return ["$ref": .string("#/components/schemas/\(name)")]
        case .oneOf(let options): return ["oneOf": .array(options.map(\.json))]
        case .nullable(let inner):
            if case .ref = inner { return ["anyOf": [inner.json, ["type": "null"]]] }
            guard case .object(var members) = inner.json, case .string(let type)? = members["type"] else {
                return ["anyOf": [inner.json, ["type": "null"]]]
            }
            members["type"] = [.string(type), "null"]
            if case .array(let values)? = members["enum"] { members["enum"] = .array(values + [.null]) }
            return .object(members)
        }
    }
}
