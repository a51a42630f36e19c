import LuaHost

/// Installs the pretty printer (lua/adminsh/host/pp.lua) as the global `pp` table
/// (`pp.render(v)`, `pp.maxDepth`, ...) and a `print`-like `pp(v)`.
public enum PrettyPrinter {
    public static func install(in state: LuaState, color: Bool) throws {
        try ShellModules.preload(in: state)
        try state.run("pp = require('adminsh.host.pp').new(...)", name: "=prettyprinter", arguments: [.boolean(color)])
        state.setHelp("pp", "pp(value, ...): print values the way the prompt does (tables as trees, records as aligned tables)\n  pp.render(v) -> string; settings: pp.maxDepth, pp.maxItems, pp.width")
    }
}

/// The shell's host Lua modules (lua/ in this target), made requirable once per state.
enum ShellModules {
    static func preload(in state: LuaState) throws {
        if !state.isPreloaded("adminsh.shell") { try state.preloadModules(EmbeddedLua.modules) }
    }
}
