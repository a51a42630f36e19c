import CLua
import CLuaShim

/// The view a Swift function has of one Lua call: its arguments and a place to push results.
/// Reading arguments never raises a Lua error; bad arguments throw `LuaError.argument`.
public struct LuaCallFrame {
    /// The thread (coroutine) the call runs on.
    public let L: OpaquePointer
    /// The called function; borrowed, not retained (see `callBoxedFunction`), so a call from Lua
    /// costs no reference counting.
    private unowned(unsafe) let box: FunctionBox

    init(L: OpaquePointer, box: FunctionBox) {
        self.L = L
        self.box = box
    }

    public var state: LuaState { box.state }
    /// Name used in argument error messages.
    public var functionName: String { box.name }

    public var argumentCount: Int { Int(lua_gettop(L)) }

    /// A Swift copy of argument `position` (1-based).
    public func argument(_ position: Int) throws -> LuaValue {
        guard position <= argumentCount else { return .nil }
        return try state.value(at: Int32(position), of: L)
    }

    public func isNil(_ position: Int) -> Bool { adminsh_isnoneornil(L, Int32(position)) != 0 }

    public func string(_ position: Int) throws -> String {
        guard lua_type(L, Int32(position)) == LUA_TSTRING || lua_type(L, Int32(position)) == LUA_TNUMBER else {
            throw badType(position, expected: "string")
        }
        var len = 0
        let p = lua_tolstring(L, Int32(position), &len)!
        return String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self)
    }

    public func optionalString(_ position: Int) throws -> String? {
        isNil(position) ? nil : try string(position)
    }

    public func integer(_ position: Int) throws -> Int64 {
        var ok: Int32 = 0
        let v = lua_tointegerx(L, Int32(position), &ok)
        guard ok != 0 else { throw badType(position, expected: "integer") }
        return Int64(v)
    }

    public func number(_ position: Int) throws -> Double {
        var ok: Int32 = 0
        let v = lua_tonumberx(L, Int32(position), &ok)
        guard ok != 0 else { throw badType(position, expected: "number") }
        return v
    }

    public func isFunction(_ position: Int) -> Bool { lua_type(L, Int32(position)) == LUA_TFUNCTION }
    public func isTable(_ position: Int) -> Bool { lua_type(L, Int32(position)) == LUA_TTABLE }

    public func badType(_ position: Int, expected: String) -> LuaError {
        let got = String(cString: adminsh_typename(L, Int32(position)))
        return .argument(position: position, function: functionName, message: "\(expected) expected, got \(got == "nil" && position > argumentCount ? "no value" : got)")
    }

    /// Pushes a result value.
    public func push(_ value: LuaValue) { state.push(value, onto: L) }
}
