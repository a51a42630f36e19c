import CLua
import CLuaShim

extension LuaState {
    /// Pushes a Swift copy of a value onto the stack of `L` (default: the main thread).
    public func push(_ value: LuaValue, onto thread: OpaquePointer? = nil) {
        let L = thread ?? self.L
        lua_checkstack(L, 4)
        switch value {
        case .nil: lua_pushnil(L)
        case .boolean(let b): lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i): lua_pushinteger(L, lua_Integer(i))
        case .number(let d): lua_pushnumber(L, d)
        case .string(let s): pushString(s, onto: L)
        case .null: JSONModule.pushNull(onto: L)
        case .function(let r), .userdata(let r): r.push(onto: L)
        case .array(let items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (i, item) in items.enumerated() {
                push(item, onto: L)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            if items.isEmpty { JSONModule.markArray(onto: L) }
        case .table(let fields):
            lua_createtable(L, 0, Int32(clamping: fields.count))
            for (k, v) in fields {
                push(k, onto: L)
                push(v, onto: L)
                lua_rawset(L, -3)
            }
        }
    }

    func pushString(_ s: String, onto L: OpaquePointer) {
        var s = s
        s.withUTF8 { buf in
            _ = lua_pushlstring(L, buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count)
        }
    }

    /// Copies the value at `index` of `L` (default: main thread) into Swift. Tables are copied
    /// deeply; a table that contains itself is refused with `LuaError.conversion`.
    public func value(at index: Int32, of thread: OpaquePointer? = nil) throws -> LuaValue {
        let L = thread ?? self.L
        var visiting = Set<UnsafeRawPointer>()
        return try pull(L, lua_absindex(L, index), &visiting, depth: 0)
    }

    private func pull(_ L: OpaquePointer, _ index: Int32, _ visiting: inout Set<UnsafeRawPointer>, depth: Int) throws -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var len = 0
            let p = lua_tolstring(L, index, &len)!
            return .string(String(decoding: UnsafeRawBufferPointer(start: p, count: len), as: UTF8.self))
        case LUA_TTABLE:
            return try pullTable(L, index, &visiting, depth: depth)
        case LUA_TFUNCTION:
            return .function(reference(L, index))
        case LUA_TUSERDATA, LUA_TLIGHTUSERDATA:
            if JSONModule.isNull(L, index) { return .null }
            return .userdata(reference(L, index))
        default:
            return .userdata(reference(L, index))
        }
    }

    private func reference(_ L: OpaquePointer, _ index: Int32) -> LuaReference {
        lua_pushvalue(L, index)
        return LuaReference(ref: luaL_ref(L, adminsh_registryindex()), owner: self)
    }

    private func pullTable(_ L: OpaquePointer, _ index: Int32, _ visiting: inout Set<UnsafeRawPointer>, depth: Int) throws -> LuaValue {
        guard let identity = lua_topointer(L, index) else { return .table([:]) }
        if visiting.contains(identity) {
            throw LuaError.conversion("cannot convert a table that contains itself (cycle)")
        }
        if depth > 200 { throw LuaError.conversion("table nesting is too deep (over 200 levels)") }
        visiting.insert(identity)
        defer { visiting.remove(identity) }
        lua_checkstack(L, 8)

        // Array if keys are exactly 1...n: count entries, then check rawlen matches.
        var count = 0
        var onlyPositiveIntegers = true
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            count += 1
            if onlyPositiveIntegers {
                if lua_type(L, -2) != LUA_TNUMBER || lua_isinteger(L, -2) == 0 || lua_tointegerx(L, -2, nil) < 1 {
                    onlyPositiveIntegers = false
                }
            }
            adminsh_pop(L, 1)
        }
        if count == 0 {
            return JSONModule.isMarkedArray(L, index) ? .array([]) : .table([:])
        }
        if onlyPositiveIntegers && Int(lua_rawlen(L, index)) == count {
            var items: [LuaValue] = []
            items.reserveCapacity(count)
            for i in 1...count {
                lua_rawgeti(L, index, lua_Integer(i))
                let item = try pull(L, lua_gettop(L), &visiting, depth: depth + 1)
                adminsh_pop(L, 1)
                items.append(item)
            }
            return .array(items)
        }
        var fields: [LuaValue: LuaValue] = [:]
        fields.reserveCapacity(count)
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let top = lua_gettop(L)
            do {
                let key = try pull(L, top - 1, &visiting, depth: depth + 1)
                let value = try pull(L, top, &visiting, depth: depth + 1)
                fields[key] = value
            } catch {
                adminsh_pop(L, 2)
                throw error
            }
            adminsh_pop(L, 1)
        }
        return .table(fields)
    }

    // MARK: globals

    /// Sets a global variable.
    public func setGlobal(_ name: String, _ value: LuaValue) {
        push(value)
        lua_setglobal(L, name)
    }

    /// Reads a global variable (raw access on the globals table, never runs metamethods).
    public func global(_ name: String) throws -> LuaValue {
        adminsh_pushglobaltable(L)
        pushString(name, onto: L)
        lua_rawget(L, -2)
        defer { adminsh_pop(L, 2) }
        return try value(at: -1)
    }
}
