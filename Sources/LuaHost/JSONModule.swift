import CLua
import CLuaShim

/// The `json` Lua module:
///   json.encode(value [, {pretty=true}]) -> string
///   json.decode(text) -> value            (null becomes json.null)
///   json.null                             (a sentinel for JSON null)
///   json.array(t) -> t                    (marks a table, even empty, to encode as an array)
public enum JSONModule {
    static let nullKey = "adminsh.json.null"
    static let arrayKey = "adminsh.json.array"

    static func install(in state: LuaState) {
        let L = state.L
        // json.null: a unique userdata that prints as "null".
        _ = adminsh_newuserdata(L, 1)
        adminsh_newtable(L)
        lua_pushstring(L, "json.null")
        lua_setfield(L, -2, "__name")
        lua_pushcclosure(L, { L in lua_pushstring(L, "null"); return 1 }, 0)
        lua_setfield(L, -2, "__tostring")
        lua_setmetatable(L, -2)
        lua_setfield(L, adminsh_registryindex(), nullKey)
        // The array marker metatable.
        adminsh_newtable(L)
        lua_pushstring(L, "array")
        lua_setfield(L, -2, "__jsontype")
        lua_setfield(L, adminsh_registryindex(), arrayKey)

        state.register("json.encode") { frame in
            guard frame.argumentCount >= 1 else { throw frame.badType(1, expected: "value") }
            var pretty = false
            if frame.isTable(2) { pretty = try frame.argument(2)["pretty"].boolValue ?? false }
            let bytes = try LuaJSONEncoder.encode(frame.L, index: 1, pretty: pretty)
            bytes.withUnsafeBufferPointer { b in
                b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(b.count, 1)) { _ = lua_pushlstring(frame.L, $0, b.count) }
            }
            return 1
        }
        state.register("json.decode") { frame in
            var len = 0
            guard lua_type(frame.L, 1) == LUA_TSTRING, let p = lua_tolstring(frame.L, 1, &len) else {
                throw frame.badType(1, expected: "string")
            }
            let buffer = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: len)
            try LuaJSONDecoder.decode(buffer, onto: frame.L)
            return 1
        }
        state.register("json.array") { frame in
            if frame.argumentCount == 0 { adminsh_newtable(frame.L) } else {
                guard frame.isTable(1) else { throw frame.badType(1, expected: "table") }
                lua_settop(frame.L, 1)
            }
            markArray(onto: frame.L)
            return 1
        }
        lua_getglobal(L, "json")
        pushNull(onto: L)
        lua_setfield(L, -2, "null")
        // Make `require "json"` return the same table.
        lua_getglobal(L, "package")
        lua_getfield(L, -1, "loaded")
        lua_pushvalue(L, -3)
        lua_setfield(L, -2, "json")
        adminsh_pop(L, 3)
    }

    static func pushNull(onto L: OpaquePointer) {
        lua_getfield(L, adminsh_registryindex(), nullKey)
    }

    static func isNull(_ L: OpaquePointer, _ index: Int32) -> Bool {
        guard lua_type(L, index) == LUA_TUSERDATA else { return false }
        let i = lua_absindex(L, index)
        lua_getfield(L, adminsh_registryindex(), nullKey)
        defer { adminsh_pop(L, 1) }
        return lua_rawequal(L, i, -1) != 0
    }

    /// Sets the array marker metatable on the table on top of the stack.
    static func markArray(onto L: OpaquePointer) {
        lua_getfield(L, adminsh_registryindex(), arrayKey)
        lua_setmetatable(L, -2)
    }

    static func isMarkedArray(_ L: OpaquePointer, _ index: Int32) -> Bool {
        guard lua_getmetatable(L, index) != 0 else { return false }
        lua_getfield(L, adminsh_registryindex(), arrayKey)
        defer { adminsh_pop(L, 2) }
        return lua_rawequal(L, -1, -2) != 0
    }
}

extension LuaState {
    /// Decodes JSON bytes straight onto thread `L`'s stack (one value pushed).
    public func pushJSON(_ bytes: UnsafeBufferPointer<UInt8>, onto thread: OpaquePointer? = nil) throws {
        try LuaJSONDecoder.decode(bytes, onto: thread ?? L)
    }

    /// Decodes JSON text into a Swift value.
    public func decodeJSON(_ text: String) throws -> LuaValue {
        try LuaJSONDecoder.decode(text, onto: L)
        defer { adminsh_pop(L, 1) }
        return try value(at: -1)
    }

    /// Encodes a Swift value as JSON text (sorted keys).
    public func encodeJSON(_ value: LuaValue, pretty: Bool = false) throws -> String {
        push(value)
        defer { adminsh_pop(L, 1) }
        return String(decoding: try LuaJSONEncoder.encode(L, index: -1, pretty: pretty), as: UTF8.self)
    }

    /// Encodes the value at `index` of thread `L` as JSON bytes, without running Lua code.
    public func encodeJSON(at index: Int32, of thread: OpaquePointer? = nil) throws -> [UInt8] {
        try LuaJSONEncoder.encode(thread ?? L, index: index)
    }
}
