import LuaHost

/// How the values a chunk returns are printed: by the pretty printer (`text`, the default), as
/// JSON (`json`: one document, several values as one array, for `jq` and CI) or as CSV (`csv`: a
/// returned sequence of records, query or list reply). The REPL prints every expression this way;
/// `adminsh run` and `-e` print what a script or chunk `return`s. In the machine formats stdout
/// carries only the data: `print` writes to stderr.
public enum ResultFormat: String, CaseIterable, Sendable {
    case text, json, csv

    /// Makes `shell.render(pack)` (lua/adminsh/host/output.lua) use this format in `state`.
    /// - Parameters:
    ///   - columns: the CSV columns, in order (empty: every column, the resource's first).
    ///   - reveal: write secret values in full instead of redacted.
    public func install(in state: LuaState, columns: [String] = [], reveal: Bool = false) throws {
        try ShellModules.preload(in: state)
        try state.run("""
            local format, columns, reveal = ...
            require('adminsh.shell').format = format
            local output = require('adminsh.host.output')
            output.columns, output.reveal = (#columns > 0 and columns or nil), reveal
            if format ~= 'text' then output.machineOutput() end
            """, name: "=output", arguments: [.string(rawValue), .array(columns.map { .string($0) }), .boolean(reveal)])
    }

    /// The text for `values` (nil when there are none), rendered by `shell.render`.
    public static func render(_ values: [LuaValue], in state: LuaState) throws -> String? {
        guard !values.isEmpty else { return nil }
        return try state.run("return require('adminsh.shell').render(table.pack(...))", name: "=output", arguments: values).first?.stringValue
    }
}
