import CLua
import CLuaShim
import LuaHost

/// Installs the pretty printer as the global `pp` table (`pp.render(v)`, `pp.maxDepth`, ...)
/// and a `print`-like `pp(v)`.
public enum PrettyPrinter {
    public static func install(in state: LuaState, color: Bool) throws {
        // Loaded inside Lua so `pp` is the printer's own table (its settings are live).
        try state.run("""
            local source, color = ...
            pp = assert(load(source, "=prettyprinter"))(color)
            setmetatable(pp, { __call = function(self, ...) local p = table.pack(...) print(self.renderAll(p)) end })
            """, name: "=prettyprinter", arguments: [.string(PrettyPrinterSource.code), .boolean(color)])
        state.setHelp("pp", "pp(value, ...): print values the way the prompt does (tables as trees, records as aligned tables)\n  pp.render(v) -> string; settings: pp.maxDepth, pp.maxItems, pp.width")
    }
}
