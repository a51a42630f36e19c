import AdminSurface

/// Help text derived from a catalog entry: signature, route, scope, summary and parameters.
enum HelpText {
    static func forOperation(_ op: AdminOperation) -> String {
        var tableFields = op.parameters.map { $0.name + ($0.required ? "" : "?") }
        if tableFields.count > 6 { tableFields = Array(tableFields.prefix(6)) + ["..."] }
        var args = (op.authentication == .agentKey ? ["sdkKey"] : []) + op.pathParameters
        if !op.parameters.isEmpty || op.body == .whole {
            args.append(op.body == .whole ? "{document}" : "{" + tableFields.joined(separator: ", ") + "}")
        }
        var lines = ["\(op.qualifiedName)(\(args.joined(separator: ", ")))"]
        var route = "  \(op.method.rawValue) \(op.path)"
        if let scope = op.scope { route += " · scope \(scope)" + (op.authentication == .agentKey ? " (agent key)" : "") }
        route += op.mutating ? " · mutating" : " · read-only"
        lines.append(route)
        lines.append("  " + op.summary)
        if !op.help.isEmpty && op.help != op.summary {
            for line in op.help.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("  " + line) }
        }
        if !op.parameters.isEmpty {
            let width = min(24, op.parameters.map(\.name.count).max() ?? 0)
            for p in op.parameters {
                var line = "  " + p.name.padding(width) + "  " + p.type.description
                if p.required { line += " (required)" }
                if let d = p.defaultValue { line += " (default \(d))" }
                if p.location == .query && op.body != .none { line += " [query]" }
                if !p.summary.isEmpty { line += " — " + p.summary }
                lines.append(line)
            }
        }
        if let list = op.list {
            lines.append("  list: iterate every page with each(\(op.qualifiedName), {...}) or all(...)" + (list == .bareArray ? " (single page)" : ""))
        }
        for name in op.pathParameters {
            guard let choices = op.pathValues[name] else { continue }
            var line = "  \(name): " + choices.allowed.map { "'\($0)'" }.joined(separator: " | ")
            if !choices.aliases.isEmpty { line += " (also " + choices.aliases.keys.sorted().joined(separator: ", ") + ")" }
            lines.append(line)
        }
        switch op.inverse {
        case .call(let call)?: lines.append("  undone by " + describe(call, of: op))
        case .none(let reason)?: lines.append("  no safe inverse: " + reason)
        case nil: break
        }
        if op.destructive { lines.append("  destructive: removes or replaces what cannot simply be created again") }
        if !op.secretFields.isEmpty { lines.append("  secret in the result: " + op.secretFields.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }

    /// `conto.agents.unlinkWallet(agentId, walletId)`, in the terms of the original call.
    static func describe(_ call: InverseCall, of op: AdminOperation) -> String {
        func source(_ s: ValueSource) -> String {
            switch s {
            case .argument(let i): return i <= op.pathParameters.count ? op.pathParameters[i - 1] : "arg\(i)"
            case .field(let name): return name
            case .result(let path): return "result." + path
            case .previous(let path), .previousKeeping(let path, _): return "previous." + path
            case .literal(let text): return "'\(text)'"
            }
        }
        var parts = call.arguments.map(source)
        var fields = call.fields.sorted { $0.key < $1.key }.map { "\($0.key) = \(source($0.value))" }
        if call.restoresFields { fields.insert("<previous values of the fields given>", at: 0) }
        if !fields.isEmpty { parts.append("{" + fields.joined(separator: ", ") + "}") }
        var text = "\(call.operation)(\(parts.joined(separator: ", ")))"
        if let read = call.read {
            text += ", with previous values from \(read.operation)(\(read.arguments.map(source).joined(separator: ", ")))"
        }
        return text
    }

    static func forNamespace(_ name: String, operations: [AdminOperation]) -> String {
        var lines = ["\(name): \(operations.count) operations"]
        let width = min(36, operations.map(\.luaName.count).max() ?? 0)
        for op in operations.sorted(by: { $0.luaName < $1.luaName }) {
            lines.append("  " + op.luaName.padding(width) + "  " + op.summary)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
