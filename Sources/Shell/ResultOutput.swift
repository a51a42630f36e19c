import LuaHost

/// How the values a chunk returns are printed: by the pretty printer (`text`, the default) or as
/// JSON (`json`, one document per value and line, for `jq` and CI). The REPL prints every
/// expression this way; `adminsh run` and `-e` print what a script or chunk `return`s.
public enum ResultFormat: String, CaseIterable, Sendable {
    case text, json

    /// Makes `shell.render(pack)` (lua/adminsh/host/output.lua) use this format in `state`.
    public func install(in state: LuaState) throws {
        try ShellModules.preload(in: state)
        try state.run("require('adminsh.shell').format = ...", name: "=output", arguments: [.string(rawValue)])
    }

    /// The text for `values` (nil when there are none), rendered by `shell.render`.
    public static func render(_ values: [LuaValue], in state: LuaState) throws -> String? {
        guard !values.isEmpty else { return nil }
        return try state.run("return require('adminsh.shell').render(table.pack(...))", name: "=output", arguments: values).first?.stringValue
    }
}
