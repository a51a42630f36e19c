import CLua
import CLuaShim

/// Help texts attached to Lua values (functions, tables), kept in a weak-keyed registry table so
/// `help(x)` works for anything the host or a module documents (`help.set(value, text)`).
public enum HelpRegistry {
    static let key = "adminsh.help"

    /// The `help` global: `adminsh.host.help` (lua/adminsh/host/help.lua), which also puts its
    /// weak-keyed text table in the registry under `key`.
    static func install(in state: LuaState) throws {
        try state.setGlobal("help", toModule: "adminsh.host.help")
    }
}

extension LuaState {
    /// Attaches help text to the value at a dotted global path (e.g. `json.encode`).
    public func setHelp(_ path: String, _ text: String) {
        let parts = path.split(separator: ".").map(String.init)
        adminsh_pushglobaltable(L)
        for part in parts {
            guard lua_type(L, -1) == LUA_TTABLE else { adminsh_pop(L, 1); return }
            lua_getfield(L, -1, part)
            adminsh_remove(L, -2)
        }
        attachHelpToTop(text)
    }

    /// Records `text` as the help of the value on top of the stack, and pops that value.
    func attachHelpToTop(_ text: String) {
        lua_getfield(L, adminsh_registryindex(), HelpRegistry.key)
        lua_pushvalue(L, -2)
        pushString(text, onto: L)
        lua_rawset(L, -3)
        adminsh_pop(L, 2)
    }

    /// The help text for the value at a dotted path, as `help.get` returns it.
    public func helpText(_ path: String) throws -> String {
        let results = try run("return help.get(\(path))", name: "=help")
        return results.first?.stringValue ?? ""
    }
}
