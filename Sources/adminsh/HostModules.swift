import LuaHost

/// This target's host Lua modules (lua/ here: `adminsh.host.test`, `adminsh.host.listen`, and
/// `adminsh.host.libraries`, the module searcher `LibSession` configures),
/// compiled into the binary by the EmbedLua plugin.
enum HostModules {
    static func preload(in state: LuaState) throws {
        try state.preloadModules(EmbeddedLua.modules)
    }
}
