import AdminClient
import AdminSurface
import LuaHost

/// Checks a call's arguments against its catalog entry before any request, and turns them into
/// path values, query pairs and a JSON body.
struct ArgumentValidator {
    let operation: AdminOperation

    struct Request {
        var pathValues: [String] = []
        var query: [(String, String)] = []
        var body: LuaValue?
        /// The agent SDK key of an agent-key operation (a secret: never put in a message).
        var agentKey: String?
    }

    func fail(_ message: String) -> AdminError {
        AdminError.client(code: "VALIDATION_FAILED", message: message, platform: operation.platform, operation: operation.qualifiedName)
    }

    func badArgument(_ name: String, _ reason: String) -> AdminError {
        fail("bad argument '\(name)' to \(operation.qualifiedName): \(reason)")
    }

    /// `positional` are the call's arguments before the table; `options` the table (or nil).
    func validate(positional: [LuaValue], options: LuaValue) throws -> Request {
        var request = Request()
        var positional = positional
        if operation.authentication == .agentKey {
            // The key comes first: conto.sdk.payments.approve(sdkKey, {...}).
            guard case .string(let key)? = positional.first, key.hasPrefix(Credentials.contoAgentKeyPrefix) else {
                let got = positional.first.map { value -> String in
                    if case .string = value { return "a string that is not an agent SDK key" }
                    return describe(value)
                } ?? "nothing"
                throw badArgument("sdkKey", "expected the agent's SDK key (conto_agent_..., e.g. the key agents.createSdkKey returned) as the first argument, got \(got)")
            }
            request.agentKey = key
            positional.removeFirst()
        }
        let names = operation.pathParameters
        // A record passed where its id belongs arrives as the options table: say so, by name.
        if positional.count < names.count, options.isTable {
            throw badArgument(names[positional.count], PathArgument(names[positional.count]).mismatch(got: options))
        }
        guard positional.count == names.count else {
            let expected = names.isEmpty ? "no positional arguments" : names.joined(separator: ", ")
            let missing = positional.count < names.count ? "; missing \(PathArgument(names[positional.count]).expectation)" : ""
            throw fail("\(operation.qualifiedName) takes \(expected)\(names.isEmpty ? "" : " then") a table; got \(positional.count) positional argument(s)\(missing)")
        }
        for (name, value) in zip(names, positional) {
            var text: String
            switch value {
            case .string(let s) where !s.isEmpty: text = s
            case .integer(let i): text = String(i)
            default: throw badArgument(name, PathArgument(name).mismatch(got: value))
            }
            if let choices = operation.pathValues[name] {
                switch choices.resolve(text) {
                case .success(let value): text = value
                case .failure(let refusal): throw badArgument(name, refusal.message)
                }
            }
            request.pathValues.append(text)
        }
        var fields: [LuaValue: LuaValue] = [:]
        switch options {
        case .nil: break
        case .table(let t): fields = t
        case .array(let a) where a.isEmpty: break
        case .array where operation.body == .whole: break
        default: throw fail("\(operation.qualifiedName) expects a table of fields, got \(describe(options))")
        }
        if operation.body == .whole {
            // Free-form document (e.g. a toolkit manifest): sent as it is; query fields split off.
            var document = fields
            for p in operation.parameters where p.location == .query {
                if let v = document.removeValue(forKey: .string(p.name)) {
                    try check(p, v)
                    request.query.append((p.name, queryText(v)))
                }
            }
            request.body = options.isArrayLike ? options : .table(document)
            return request
        }
        let declared = Dictionary(operation.parameters.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var body: [LuaValue: LuaValue] = [:]
        for (key, value) in fields {
            guard case .string(let name) = key else { throw fail("field names must be strings in \(operation.qualifiedName), got \(describe(key))") }
            guard let p = declared[name] else {
                let known = operation.parameters.map(\.name).sorted().joined(separator: ", ")
                throw badArgument(name, "unknown field" + (known.isEmpty ? " (this operation takes none)" : "; known: \(known)"))
            }
            try check(p, value)
            if p.location == .query || operation.body == .none {
                request.query.append((name, queryText(value)))
            } else {
                body[key] = shaped(p.type, value)
            }
        }
        for p in operation.parameters where p.required && fields[.string(p.name)] == nil {
            throw badArgument(p.name, "required \(p.type) is missing")
        }
        request.query.sort { $0.0 < $1.0 }
        if operation.body == .fields { request.body = .table(body) }
        return request
    }

    /// An empty Lua table is both `{}` and `[]`: the declared type decides how it is sent, so
    /// `actions = {}` reaches the API as an empty array, not an empty object.
    private func shaped(_ type: ParameterType, _ value: LuaValue) -> LuaValue {
        switch (type, value) {
        case (.array, .table(let t)) where t.isEmpty: return .array([])
        case (.object, .array(let a)) where a.isEmpty: return .table([:])
        case (.array(let element), .array(let items)): return .array(items.map { shaped(element, $0) })
        default: return value
        }
    }

    private func check(_ p: Parameter, _ value: LuaValue) throws {
        if let reason = mismatch(p.type, value) { throw badArgument(p.name, reason) }
    }

    private func mismatch(_ type: ParameterType, _ value: LuaValue) -> String? {
        let expected = "expected \(type), got \(describe(value))"
        switch (type, value) {
        case (.any, _): return nil
        case (.string, .string): return nil
        case (.integer, .integer): return nil
        case (.integer, .number(let d)) where d.rounded() == d: return nil
        case (.number, .integer), (.number, .number): return nil
        case (.boolean, .boolean): return nil
        case (.enumeration(let allowed), .string(let s)):
            return allowed.contains(s) ? nil : "expected one of \(allowed.joined(separator: ", ")), got \"\(s)\""
        case (.array(let element), .array(let items)):
            for (i, item) in items.enumerated() {
                if let r = mismatch(element, item) { return "element \(i + 1): \(r)" }
            }
            return nil
        case (.array, .table(let t)) where t.isEmpty: return nil
        case (.object, .table), (.object, .array): return nil
        case (_, .null): return nil
        default: return expected
        }
    }

    private func describe(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): return "string \"\(s.count > 20 ? String(s.prefix(20)) + "…" : s)\""
        case .integer, .number: return "number"
        case .array, .table: return "table"
        default: return value.typeName
        }
    }

    private func queryText(_ value: LuaValue) -> String {
        switch value {
        case .string(let s): return s
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .boolean(let b): return b ? "true" : "false"
        case .array(let items): return items.map(queryText).joined(separator: ",")
        default: return ""
        }
    }
}

extension LuaValue {
    var isArrayLike: Bool { if case .array = self { return true }; return false }
    var isTable: Bool {
        switch self {
        case .table, .array: return true
        default: return false
        }
    }
}
