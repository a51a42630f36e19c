import CLua
import CLuaShim

/// Encodes the Lua value at a stack index as JSON text, without running any Lua code.
/// Sequences (and tables marked with `json.array`) become arrays, other tables objects with
/// sorted keys; `json.null` becomes `null`. Cycles, functions, NaN, text that is not UTF-8 and a
/// key present both as a number and as a string are refused with a clear message.
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
            let bytes = UnsafeRawBufferPointer(start: p, count: len)
            guard Self.isUTF8(bytes) else { throw Failure(message: "\(path) is not valid UTF-8 text") }
            string(bytes)
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
        // Object: keys as the text they are written as (their bytes: a key may hold any byte,
        // NUL included), sorted for stable output; each value is read back under its own key.
        var keys: [(text: [UInt8], key: ObjectKey)] = []
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            adminsh_pop(L, 1)
            switch lua_type(L, -1) {
            case LUA_TSTRING:
                let bytes = Self.bytes(L, -1)
                guard Self.isUTF8(bytes) else {
                    adminsh_pop(L, 1)
                    throw Failure(message: "\(path) has a key that is not valid UTF-8 text")
                }
                keys.append((bytes, .string(bytes)))
            case LUA_TNUMBER where lua_isinteger(L, -1) != 0:
                let n = lua_tointegerx(L, -1, nil)
                keys.append((Array(String(n).utf8), .integer(n)))
            case LUA_TNUMBER:
                let d = lua_tonumberx(L, -1, nil)
                keys.append((Array("\(d)".utf8), .number(d)))
            default:
                let kind = String(cString: adminsh_typename(L, -1))
                adminsh_pop(L, 1)
                throw Failure(message: "\(path) has a \(kind) key")
            }
        }
        keys.sort { $0.text.lexicographicallyPrecedes($1.text) }
        for (a, b) in zip(keys, keys.dropFirst()) where a.text == b.text {
            throw Failure(message: "\(path) has the key '\(String(decoding: a.text, as: UTF8.self))' twice (as a number and as a string)")
        }
        append("{")
        for (i, entry) in keys.enumerated() {
            if i > 0 { append(",") }
            newline(depth + 1)
            string(entry.text)
            append(pretty ? ": " : ":")
            switch entry.key {
            case .string(let bytes):
                bytes.withUnsafeBytes { _ = lua_pushlstring(L, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count) }
            case .integer(let n): lua_pushinteger(L, n)
            case .number(let d): lua_pushnumber(L, d)
            }
            lua_rawget(L, index)
            try value(lua_gettop(L), depth: depth + 1, path: "\(path).\(String(decoding: entry.text, as: UTF8.self))")
            adminsh_pop(L, 1)
        }
        if !keys.isEmpty { newline(depth) }
        append("}")
    }

    /// A key as Lua holds it, to read its value back.
    private enum ObjectKey {
        case string([UInt8])
        case integer(lua_Integer)
        case number(Double)
    }

    /// The bytes of the string at `index`.
    private static func bytes(_ L: OpaquePointer, _ index: Int32) -> [UInt8] {
        var len = 0
        guard let p = lua_tolstring(L, index, &len) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: len))
    }

    /// JSON text is UTF-8 (RFC 8259 §8.1); Lua strings may hold any bytes.
    private static func isUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.allSatisfy { $0 < 0x80 } || String(validating: bytes, as: UTF8.self) != nil
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
