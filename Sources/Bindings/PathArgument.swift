import LuaHost

/// A path parameter as a person names it (`agentId` → "an agent id"), for messages that say what
/// a positional argument should have been and, for a record passed whole, which field to pass.
struct PathArgument {
    let name: String

    init(_ name: String) { self.name = name }

    /// "agent id" for `agentId`, "credential type" for `credentialType`, "toolkit id" for `toolkit_id`.
    var words: String {
        var out = ""
        for ch in name {
            if ch == "_" { out += " "; continue }
            if ch.isUppercase, !out.isEmpty, out.last != " " { out += " " }
            out += ch.lowercased()
        }
        return out
    }

    /// The variable a record of the resource a `...Id` parameter points at would have
    /// (`agent` for `agentId`, `nextStep` for `nextStepId`), or nil for other names.
    var resource: String? {
        let w = words
        guard w.hasSuffix(" id"), w.count > 3 else { return nil }
        let parts = w.dropLast(3).split(separator: " ")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    /// "an agent id (string)".
    var expectation: String {
        let w = words
        let article = "aeiou".contains(w.first ?? "x") ? "an" : "a"
        return "\(article) \(w) (string)"
    }

    /// Why `value` does not fit, with the field to pass when it is a record that has an `id`.
    func mismatch(got value: LuaValue) -> String {
        var text = "expected \(expectation), got \(Self.describe(value))"
        if case .table(let fields) = value, fields[.string("id")] != nil {
            text += ": pass \(resource ?? "record").id"
        }
        return text
    }

    /// "a table", "a number", "an empty string": what was passed instead.
    static func describe(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): return s.isEmpty ? "an empty string" : "a string"
        case .integer, .number: return "a number"
        case .array, .table: return "a table"
        case .boolean: return "a boolean"
        case .nil: return "nil"
        default: return "a " + value.typeName
        }
    }
}
