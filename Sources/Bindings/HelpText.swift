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
        if let inverse = op.inverse { lines.append("  undone by \(op.platform.rawValue).\(inverse)") }
        return lines.joined(separator: "\n")
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
