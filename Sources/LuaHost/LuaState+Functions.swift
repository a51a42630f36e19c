import CLua
import CLuaShim

/// A Swift function callable from Lua. It returns the number of values it pushed with
/// `frame.push`. Throwing raises the error in Lua (after this Swift frame has returned).
public typealias LuaFunction = (LuaCallFrame) throws -> Int

/// Lua-side context of a boxed Swift function.
final class FunctionBox {
    let name: String
    let body: LuaFunction
    /// `unowned(unsafe)`: a state outlives the functions it holds (their boxes are released by
    /// `__gc` when the state closes), and a checked reference would cost reference-count traffic
    /// on every call from Lua.
    unowned(unsafe) let state: LuaState
    init(name: String, state: LuaState, body: @escaping LuaFunction) {
        self.name = name
        self.state = state
        self.body = body
    }
}

/// Pushes an error value for `error` on `L`: LuaErrorConvertible errors push their value
/// (tables keep their fields); others their description.
func pushError(_ error: Error, state: LuaState, onto L: OpaquePointer) {
    if let pushable = error as? LuaErrorPushable {
        pushable.pushLuaError(state: state, onto: L)
    } else if let convertible = error as? LuaErrorConvertible {
        state.push(convertible.luaErrorValue, onto: L)
    } else {
        state.push(.string(String(describing: error)), onto: L)
    }
}

/// An error that pushes its own Lua value (for example a table with a metatable).
public protocol LuaErrorPushable: Error {
    func pushLuaError(state: LuaState, onto L: OpaquePointer)
}

/// The C-callable body shared by every boxed Swift function.
private let callBoxedFunction: adminsh_body = { L, context in
    guard let L, let context else { return ADMINSH_RAISE }
    // The userdata holding the box is an upvalue of the running closure, so the box is alive for
    // the whole call: borrow it without retaining.
    return Unmanaged<FunctionBox>.fromOpaque(context.load(as: UnsafeRawPointer.self))._withUnsafeGuaranteedRef { box in
        do {
            return Int32(try box.body(LuaCallFrame(L: L, box: box)))
        } catch {
            pushError(error, state: box.state, onto: L)
            return ADMINSH_RAISE
        }
    }
}

extension LuaState {
    static let boxMetatable = "adminsh.SwiftBox"

    /// The metatable whose `__gc` releases a retained Swift object stored in a userdata.
    func registerBoxMetatable() {
        luaL_newmetatable(L, LuaState.boxMetatable)
        lua_pushcclosure(L, { L in
            if let block = lua_touserdata(L, 1) {
                let raw = block.load(as: UnsafeRawPointer?.self)
                if let raw {
                    Unmanaged<AnyObject>.fromOpaque(raw).release()
                    block.storeBytes(of: nil, as: UnsafeRawPointer?.self)
                }
            }
            return 0
        }, 0)
        lua_setfield(L, -2, "__gc")
        adminsh_pop(L, 1)
        // Map every thread of this state back to its LuaState.
        lua_pushlightuserdata(L, Unmanaged.passUnretained(self).toOpaque())
        lua_setfield(L, adminsh_registryindex(), "adminsh.state")
    }

    /// The LuaState that owns thread `L`.
    static func owner(of L: OpaquePointer) -> LuaState? {
        lua_getfield(L, adminsh_registryindex(), "adminsh.state")
        let p = lua_touserdata(L, -1)
        adminsh_pop(L, 1)
        return p.map { Unmanaged<LuaState>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Pushes a userdata retaining `object`, released by `__gc`; its metatable is `metatable`
    /// (created on first use) or the plain box metatable.
    /// `size` leaves room after the object pointer (function blocks also hold their body).
    func pushRetained(_ object: AnyObject, onto L: OpaquePointer, metatable: String = LuaState.boxMetatable,
                      size: Int = MemoryLayout<UnsafeRawPointer>.size) {
        let block = adminsh_newuserdata(L, size)!
        block.storeBytes(of: UnsafeRawPointer(Unmanaged.passRetained(object).toOpaque()), as: UnsafeRawPointer.self)
        if luaL_getmetatable_wrapper(L, metatable) {
            lua_setmetatable(L, -2)
        } else {
            adminsh_pop(L, 1)
            luaL_newmetatable(L, metatable)
            lua_getfield(L, adminsh_registryindex(), LuaState.boxMetatable)
            lua_getfield(L, -1, "__gc")
            lua_setfield(L, -3, "__gc")
            adminsh_pop(L, 1)
            lua_setmetatable(L, -2)
        }
    }

    /// Pushes a Lua function that calls `body`.
    public func pushFunction(_ name: String, onto thread: OpaquePointer? = nil, _ body: @escaping LuaFunction) {
        let L = thread ?? self.L
        pushRetained(FunctionBox(name: name, state: self, body: body), onto: L, size: MemoryLayout<adminsh_function_block>.size)
        adminsh_push_trampoline(L, callBoxedFunction)
    }

    /// Registers `body` as the global function `name`, or as `table.name` for a dotted name
    /// (tables along the path are created when missing).
    public func register(_ name: String, _ body: @escaping LuaFunction) {
        let parts = name.split(separator: ".").map(String.init)
        pushTablePath(parts.dropLast())
        pushFunction(name, body)
        lua_setfield(L, -2, parts.last!)
        adminsh_pop(L, 1)
    }

    /// Registers a Swift function that returns plain values.
    public func registerValues(_ name: String, _ body: @escaping ([LuaValue]) throws -> [LuaValue]) {
        register(name) { frame in
            var args: [LuaValue] = []
            for i in 0..<frame.argumentCount { args.append(try frame.argument(i + 1)) }
            let results = try body(args)
            for r in results { frame.push(r) }
            return results.count
        }
    }

    /// Pushes the table at a dotted path below the globals (creating tables when missing).
    func pushTablePath<S: Sequence>(_ parts: S) where S.Element == String {
        adminsh_pushglobaltable(L)
        for part in parts {
            lua_getfield(L, -1, part)
            if lua_type(L, -1) != LUA_TTABLE {
                adminsh_pop(L, 1)
                adminsh_newtable(L)
                lua_pushvalue(L, -1)
                lua_setfield(L, -3, part)
            }
            adminsh_remove(L, -2)
        }
    }

    /// Pushes a userdata boxing `object`; `__gc` releases it. Read it back with `boxedObject`.
    public func pushObject(_ object: AnyObject, metatable: String, onto thread: OpaquePointer? = nil) {
        pushRetained(object, onto: thread ?? L, metatable: metatable)
    }

    /// The Swift object boxed in the userdata at `index`, when it has that metatable.
    public func boxedObject<T: AnyObject>(at index: Int32, metatable: String, as type: T.Type, of thread: OpaquePointer? = nil) -> T? {
        let L = thread ?? self.L
        guard let block = luaL_testudata(L, index, metatable) else { return nil }
        guard let raw = block.load(as: UnsafeRawPointer?.self) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(raw).takeUnretainedValue() as? T
    }
}

/// `luaL_getmetatable` is a macro; returns whether the metatable exists (pushed either way).
func luaL_getmetatable_wrapper(_ L: OpaquePointer, _ name: String) -> Bool {
    lua_getfield(L, adminsh_registryindex(), name) == LUA_TTABLE
}
