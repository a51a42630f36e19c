import CLua
import CLuaShim

/// One host Lua module compiled into the binary (see the EmbedLua build plugin): `name` is what
/// `require` takes, `chunk` the chunk name tracebacks show (`@adminsh/host/pp.lua`).
public typealias HostModule = (name: String, chunk: String, source: String)

extension LuaState {
    /// Makes host modules requirable through `package.preload`. Each is compiled now, so a host
    /// module that does not compile fails at start-up, not at its first use.
    public func preloadModules(_ modules: [HostModule]) throws {
        let L = L
        for module in modules {
            lua_getglobal(L, "package")
            lua_getfield(L, -1, "preload")
            do {
                try load(module.source, name: module.chunk)
            } catch {
                adminsh_pop(L, 2)
                throw LuaError.syntax(message: "host module \(module.name): \(error)")
            }
            lua_setfield(L, -2, module.name)
            adminsh_pop(L, 2)
        }
    }

    /// Stores the value of the Lua `expression` in the registry under `key` (the value itself,
    /// not a copy), for host code that must find it without running Lua, and without the
    /// `debug.getregistry` user code does not get.
    public func setRegistryField(_ key: String, toValueOf expression: String) throws {
        let L = L
        try load("return " + expression, name: "=registry")
        guard adminsh_pcall(L, 0, 1) == LUA_OK else {
            throw LuaError.message("\(key): \(popErrorMessage())")
        }
        lua_setfield(L, adminsh_registryindex(), key)
    }

    /// `require(name)`, run protected like any chunk; the module's value.
    @discardableResult
    public func require(_ name: String) throws -> LuaValue {
        try run("return require(...)", name: "=require", arguments: [.string(name)]).first ?? .nil
    }

    /// Sets the global `name` to the module `module` itself (`name = require(module)`; not a copy).
    public func setGlobal(_ name: String, toModule module: String) throws {
        try run("local name, module = ...; _G[name] = require(module)", name: "=require",
                arguments: [.string(name), .string(module)])
    }

    /// Registers `body` as the field `name` of the module table `module` (`package.loaded[module]`,
    /// created when missing), so Lua reaches it with `require(module)` instead of a global.
    /// A Lua module (one in `package.preload`) is loaded first, so the function joins its table.
    public func register(_ name: String, inModule module: String, _ body: @escaping LuaFunction) {
        loadIfPreloaded(module)
        pushModuleTable(module)
        pushFunction("\(module).\(name)", body)
        lua_setfield(L, -2, name)
        adminsh_pop(L, 1)
    }

    /// Attaches help text to a module table, or to its field `field`.
    public func setModuleHelp(_ module: String, field: String? = nil, _ text: String) {
        loadIfPreloaded(module)
        pushModuleTable(module)
        if let field {
            lua_getfield(L, -1, field)
            adminsh_remove(L, -2)
        }
        attachHelpToTop(text)
    }

    /// Runs `require(module)` when a loader waits in `package.preload` (its value stays in Lua).
    private func loadIfPreloaded(_ module: String) {
        guard isPreloaded(module) else { return }
        _ = try? run("require(...)", name: "=require", arguments: [.string(module)])
    }

    /// Whether `package.preload` has a loader for `module`.
    public func isPreloaded(_ module: String) -> Bool {
        let L = L
        lua_getfield(L, adminsh_registryindex(), "_PRELOAD")
        defer { adminsh_pop(L, 2) }
        return lua_getfield(L, -1, module) != LUA_TNIL
    }

    /// Pushes `package.loaded[module]`, creating an empty table there when missing.
    func pushModuleTable(_ module: String) {
        let L = L
        lua_getfield(L, adminsh_registryindex(), "_LOADED")
        if lua_getfield(L, -1, module) != LUA_TTABLE {
            adminsh_pop(L, 1)
            adminsh_newtable(L)
            lua_pushvalue(L, -1)
            lua_setfield(L, -3, module)
        }
        adminsh_remove(L, -2)
    }
}
