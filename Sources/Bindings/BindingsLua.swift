import LuaHost

/// The Lua half of the bindings (lua/adminsh/host/bindings.lua): the `contio`/`conto` tables,
/// secret wrapping of results by each operation's declared secret fields, `each`/`all`
/// pagination over any list envelope, `adminsh.operations` and help registration.
enum BindingsLua {
    /// Builds the tables from the catalog `entries` (as `adminsh.operations` shows them) and the
    /// help texts of `namespaces` (`conto.agents` -> text).
    static func install(in state: LuaState, entries: [LuaValue], namespaces: [LuaValue: LuaValue]) throws {
        try state.run("return require('adminsh.host.bindings')(...)", name: "=bindings",
                      arguments: [.array(entries), .table(namespaces)])
        try ResourceColumnsData.install(in: state)
    }
}
