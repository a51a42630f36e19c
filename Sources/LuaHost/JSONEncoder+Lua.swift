import CLua
import CLuaShim

/// Encodes the Lua value at a stack index as JSON text, without running any Lua code.
/// Sequences (and tables marked with `json.array`) become arrays, other tables objects with
/// sorted keys; `json.null` becomes `null`. Cycles, functions and NaN are refused with a
/// clear message.
struct LuaJSONEncoder {
    let L: OpaquePointer
    var pretty = false
    private var out: [UInt8] = []
    private var visiting = Set<UnsafeRawPointer>()

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { "cannot encode to JSON: \(message)" }
    }

    static func encode(_ L: OpaquePointer, index: Int32, pretty: Bool = false) throws -> [UInt8] {
        var e = LuaJSONEncoder(L: L, pretty: pretty)
        e.out.reserveCapacity(256)
        try e.value(lua_absindex(L, index), depth: 0, path: "value")
        return e.out
    }

    private init(L: OpaquePointer, pretty: Bool) {
        self.L = L
        self.pretty = pretty
    }

    private mutating func value(_ index: Int32, depth: Int, path: String) throws {
        switch lua_type(L, index) {
        case LUA_TNIL: append("null")
        case LUA_TBOOLEAN: append(lua_toboolean(L, index) != 0 ? "true" : "false")
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 {
                append(String(lua_tointegerx(L, index, nil)))
            } else {
                let d = lua_tonumberx(L, index, nil)
                guard d.isFinite else { throw Failure(message: "\(path) is \(d) (not a finite number)") }
                append(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : "\(d)")
            }
        case LUA_TSTRING:
            var len = 0
            let p = lua_tolstring(L, index, &len)!
            string(UnsafeRawBufferPointer(start: p, count: len))
        case LUA_TTABLE:
            try table(index, depth: depth, path: path)
        case LUA_TUSERDATA, LUA_TLIGHTUSERDATA:
            if JSONModule.isNull(L, index) { append("null"); return }
            throw Failure(message: "\(path) is a userdata")
        default:
            throw Failure(message: "\(path) is a \(String(cString: adminsh_typename(L, index)))")
        }
    }

    private mutating func table(_ index: Int32, depth: Int, path: String) throws {
        let identity = lua_topointer(L, index)!
        guard !visiting.contains(identity) else {
            throw Failure(message: "\(path) contains itself (a cycle)")
        }
        guard depth < 200, lua_checkstack(L, 6) != 0 else { throw Failure(message: "\(path) is nested too deeply") }
        visiting.insert(identity)
        defer { visiting.remove(identity) }

        var count = 0
        var sequenceLike = true
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            count += 1
            if lua_type(L, -2) != LUA_TNUMBER || lua_isinteger(L, -2) == 0 || lua_tointegerx(L, -2, nil) < 1 {
                sequenceLike = false
            }
            adminsh_pop(L, 1)
        }
        let isArray = count == 0 ? JSONModule.isMarkedArray(L, index) : (sequenceLike && Int(lua_rawlen(L, index)) == count)
        if isArray {
            append("[")
            for i in 0..<count {
                if i > 0 { append(",") }
                newline(depth + 1)
                lua_rawgeti(L, index, lua_Integer(i + 1))
                try value(lua_gettop(L), depth: depth + 1, path: "\(path)[\(i + 1)]")
                adminsh_pop(L, 1)
            }
            if count > 0 { newline(depth) }
            append("]")
            return
        }
        // Object: collect keys as strings, sort for stable output.
        var keys: [(String, Int32)] = []
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            adminsh_pop(L, 1)
            let keyText: String
            switch lua_type(L, -1) {
            case LUA_TSTRING: keyText = String(cString: adminsh_tostring(L, -1))
            case LUA_TNUMBER:
                keyText = lua_isinteger(L, -1) != 0 ? String(lua_tointegerx(L, -1, nil)) : "\(lua_tonumberx(L, -1, nil))"
            default:
                let kind = String(cString: adminsh_typename(L, -1))
                adminsh_pop(L, 1)
                throw Failure(message: "\(path) has a \(kind) key")
            }
            keys.append((keyText, 0))
        }
        keys.sort { $0.0 < $1.0 }
        append("{")
        for (i, (key, _)) in keys.enumerated() {
            if i > 0 { append(",") }
            newline(depth + 1)
            string(Array(key.utf8))
            append(pretty ? ": " : ":")
            // Look the key up as a string first, then as a number (integer keys were stringified).
            lua_pushstring(L, key)
            lua_rawget(L, index)
            if lua_type(L, -1) == LUA_TNIL, let n = Int64(key) {
                adminsh_pop(L, 1)
                lua_rawgeti(L, index, lua_Integer(n))
            }
            try value(lua_gettop(L), depth: depth + 1, path: "\(path).\(key)")
            adminsh_pop(L, 1)
        }
        if !keys.isEmpty { newline(depth) }
        append("}")
    }

    private mutating func newline(_ depth: Int) {
        guard pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    private mutating func append(_ s: String) { out.append(contentsOf: s.utf8) }

    private mutating func string<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        out.append(0x22)
        for c in bytes {
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }
}
