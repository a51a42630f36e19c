import AdminSurface
import Foundation
import LuaHost

/// Plan mode (`adminsh run --plan`): reads go to the API; mutating calls are recorded instead of
/// sent and return placeholder results, so a recipe shows what it would change.
public final class PlanRecorder: @unchecked Sendable {
    public struct Mutation: Sendable {
        public let operation: String
        public let method: String
        public let path: String
        public let fields: String
    }

    private let lock = NSLock()
    private var recorded: [Mutation] = []

    public init() {}

    func record(_ op: AdminOperation, path: [String], body: LuaValue?, encode: (LuaValue) -> String) -> Int {
        let fields = body.map(encode) ?? ""
        return lock.withLock {
            recorded.append(Mutation(operation: op.qualifiedName, method: op.method.rawValue, path: op.resolvedPath(path), fields: fields))
            return recorded.count
        }
    }

    public var mutations: [Mutation] { lock.withLock { recorded } }

    /// The list printed at the end of a planned run.
    public var summary: String {
        let all = mutations
        guard !all.isEmpty else { return "plan: no changes would be made" }
        var lines = ["plan: \(all.count) change(s) would be made:"]
        for (i, m) in all.enumerated() {
            var line = "  \(i + 1). \(m.operation)  \(m.method) \(m.path)"
            if !m.fields.isEmpty && m.fields != "{}" { line += "  \(m.fields.count > 160 ? String(m.fields.prefix(160)) + "…" : m.fields)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
