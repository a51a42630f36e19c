import Glibc
import LuaHost

/// Installs the pretty printer (lua/adminsh/host/pp.lua) as the global `pp` table
/// (`pp.render(v)`, `pp.table(rows, columns)`, `pp.maxDepth`, ...) and a `print`-like `pp(v)`,
/// and the `q` query helper (lua/adminsh/host/query.lua).
public enum PrettyPrinter {
    public static func install(in state: LuaState, color: Bool) throws {
        try ShellModules.preload(in: state)
        // The terminal's width, asked for at each print so a resized window is followed.
        state.register("__adminsh.terminalColumns") { frame in
            frame.push(terminalColumns().map { .integer(Int64($0)) } ?? .nil)
            return 1
        }
        try state.run("pp = require('adminsh.host.pp').new(...); q = require('adminsh.host.query')", name: "=prettyprinter", arguments: [.boolean(color)])
        state.setHelp("pp", """
            pp(value, ...): print values the way the prompt does (lists as tables that fit the terminal, records as trees)
              pp.table(rows [, columns]): rows (records, a list reply or a query) as a table; columns "all" or {"id", "name", ...}
              pp.render(v) -> string; pp.renderTable(rows [, columns]) -> string
              settings: pp.width (default: $COLUMNS or the terminal), pp.maxRows, pp.maxCell, pp.maxDepth, pp.maxItems
            """)
    }

    /// Columns of the terminal on stdout (else stderr), nil when neither is one.
    static func terminalColumns() -> Int? {
        for fd: Int32 in [1, 2] where isatty(fd) != 0 {
            var size = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        return nil
    }
}

/// The shell's host Lua modules (lua/ in this target), made requirable once per state.
enum ShellModules {
    static func preload(in state: LuaState) throws {
        if !state.isPreloaded("adminsh.shell") { try state.preloadModules(EmbeddedLua.modules) }
    }
}
