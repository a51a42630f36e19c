import CLua
import CLuaShim

/// Owns one `lua_State` with the standard libraries, the host's limits, `require` paths and the
/// coroutine scheduler. All use must happen on one thread.
public final class LuaState {
    private(set) var rawState: OpaquePointer?
    let host: UnsafeMutablePointer<adminsh_host>
    public private(set) var limits: LuaLimits
    lazy var scheduler = CoroutineScheduler(state: self)

    /// The raw `lua_State` (the main thread). Valid until `close()`.
    public var L: OpaquePointer {
        guard let rawState else { preconditionFailure("LuaState used after close()") }
        return rawState
    }

    /// Creates a state with the standard libraries, the `json` module and the given search paths.
    /// - Parameter libraryPaths: folders searched by `require` (`DIR/?.lua`, `DIR/?/init.lua`), in order.
    public init(limits: LuaLimits = LuaLimits(), libraryPaths: [String] = []) throws {
        self.limits = limits
        host = .allocate(capacity: 1)
        host.initialize(to: adminsh_host())
        host.pointee.limit = limits.memoryLimit
        guard let L = adminsh_newstate(host) else {
            host.deallocate()
            throw LuaError.memory(message: "cannot create Lua state")
        }
        rawState = L
        // Opening the libraries can only fail on memory; run it protected.
        lua_pushcclosure(L, { L in luaL_openlibs(L); return 0 }, 0)
        if adminsh_pcall(L, 0, 0) != LUA_OK {
            let message = popErrorMessage()
            close()
            throw LuaError.memory(message: message)
        }
        registerBoxMetatable()
        setLibraryPaths(libraryPaths)
        try preloadModules(EmbeddedLua.modules)
        try setRegistryField(LuaState.describeErrorKey, toValueOf: "require('adminsh.host.errors').describe")
        JSONModule.install(in: self)
        TaskModule.install(in: self)
        try HelpRegistry.install(in: self)
        documentBuiltins()
        // Last: the host's own setup above may use what the guards take from user code.
        try installGuards()
        applyLimits()
    }

    deinit { close() }

    /// Closes the state once; later calls do nothing. Boxed Swift objects are released by `__gc`.
    public func close() {
        guard let L = rawState else { return }
        scheduler.cancelAll()
        rawState = nil
        lua_close(L)
        host.deinitialize(count: 1)
        host.deallocate()
    }

    /// Updates limits; they apply from the next chunk.
    public func setLimits(_ limits: LuaLimits) {
        self.limits = limits
        host.pointee.limit = limits.memoryLimit
        applyLimits()
    }

    func applyLimits() {
        host.pointee.instruction_limit = limits.instructionLimit
        LuaState.write(LuaLimits.secondsText(limits.timeLimit), into: &host.pointee.time_limit_text)
        adminsh_install_hook(L)
    }

    /// Runs `adminsh.host.guards` with the shim's two guard functions, then drops it from
    /// `package.preload` so user code cannot run it again.
    private func installGuards() throws {
        let L = L
        let name = "adminsh.host.guards"
        lua_getglobal(L, "package")
        lua_getfield(L, -1, "preload")
        lua_getfield(L, -1, name)
        adminsh_push_limit_guard(L)
        adminsh_push_finalizer_guard(L)
        let status = adminsh_pcall(L, 2, 0)
        if status != LUA_OK {
            let message = popErrorMessage()
            adminsh_pop(L, 2)
            throw LuaError.message("\(name): \(message)")
        }
        lua_pushnil(L)
        lua_setfield(L, -2, name)
        adminsh_pop(L, 2)
    }

    /// Copies `text` as a NUL-terminated C string into a fixed C array (truncated to fit).
    static func write<T>(_ text: String, into array: inout T) {
        withUnsafeMutableBytes(of: &array) { raw in
            let bytes = Array(text.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }

    /// The message of the limit that tripped in the chunk that just ran, if one did.
    var trippedLimitMessage: String? {
        var buffer = [CChar](repeating: 0, count: 128)
        guard adminsh_tripped_message(host, &buffer, buffer.count) != 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Bytes currently allocated by Lua, and the peak.
    public var memoryInUse: Int { host.pointee.used }
    public var peakMemory: Int { host.pointee.peak }

    /// Asks running Lua code to stop with an `interrupted!` error. Safe to call from a signal
    /// handler (only sets a flag and a hook, like `lua.c`).
    public var interruptHandle: InterruptHandle { InterruptHandle(host: host) }

    /// Sets `package.path` so `require` searches `paths` first, then Lua's defaults.
    public func setLibraryPaths(_ paths: [String]) {
        let L = L
        let patterns = paths.flatMap { ["\($0)/?.lua", "\($0)/?/init.lua"] }
        lua_getglobal(L, "package")
        lua_getfield(L, -1, "path")
        let current = adminsh_tostring(L, -1).map { String(cString: $0) } ?? ""
        adminsh_pop(L, 1)
        let joined = (patterns + [current]).filter { !$0.isEmpty }.joined(separator: ";")
        lua_pushstring(L, joined)
        lua_setfield(L, -2, "path")
        adminsh_pop(L, 1)
    }

    /// Pops the value on top of the stack and returns it as text (for errors).
    func popErrorMessage() -> String {
        let L = L
        let text = describeValue(at: -1)
        adminsh_pop(L, 1)
        return text
    }

    /// Text of the value at `index` (uses `__tostring` in protected mode, never raises).
    func describeValue(at index: Int32, of thread: OpaquePointer? = nil) -> String {
        let L = thread ?? self.L
        if let s = adminsh_tostring(L, index), lua_type(L, index) == LUA_TSTRING { return String(cString: s) }
        if adminsh_tolstring_safe(L, index) == LUA_OK {
            var len = 0
            let p = lua_tolstring(L, -1, &len)
            let text = p.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: len), as: UTF8.self) } ?? "?"
            adminsh_pop(L, 1)
            return text
        }
        adminsh_pop(L, 1)
        return "(error object is a \(String(cString: adminsh_typename(L, index))) value)"
    }

    /// Registry key of `adminsh.host.errors.describe`, the one formatter of error values.
    static let describeErrorKey = "adminsh.describeError"

    /// One line for the error value at `index` of `thread`: the host's formatter for tables
    /// (`X (client): message`, or the value's `__tostring`), the text of anything else.
    func describeError(at index: Int32, of thread: OpaquePointer) -> String {
        let L = self.L
        let index = lua_absindex(thread, index)
        guard lua_type(thread, index) == LUA_TTABLE else { return describeValue(at: index, of: thread) }
        lua_getfield(L, adminsh_registryindex(), LuaState.describeErrorKey)
        lua_pushvalue(thread, index)
        lua_xmove(thread, L, 1)
        guard adminsh_pcall(L, 1, 1) == LUA_OK, lua_type(L, -1) == LUA_TSTRING else {
            adminsh_pop(L, 1)
            return describeValue(at: index, of: thread)
        }
        return popErrorMessage()
    }

    /// Runs a full garbage collection.
    public func collectGarbage() { adminsh_gc_collect(L) }
}

/// A handle that can interrupt a state from a signal handler or another thread.
public struct InterruptHandle: @unchecked Sendable {
    let host: UnsafeMutablePointer<adminsh_host>
    /// Requests the interrupt (async-signal-safe).
    public func interrupt() { adminsh_request_interrupt(host) }
    /// What Ctrl-C does (async-signal-safe): while bulk work runs, the first one only stops it
    /// from starting new items (`task.stopRequested()`); otherwise, and the second time, `interrupt()`.
    public func userInterrupt() { adminsh_user_interrupt(host) }
}
