import CLua
import CLuaShim

/// Decodes JSON bytes straight onto a Lua stack (no intermediate Swift values): objects become
/// tables, arrays sequences (empty ones carry the array marker), `null` becomes `json.null`,
/// integers stay integers.
struct LuaJSONDecoder {
    let L: OpaquePointer
    private var bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var depth = 0
    static let maxDepth = 400

    struct Failure: Error, CustomStringConvertible {
        let message: String
        let offset: Int
        var description: String { "invalid JSON at byte \(offset + 1): \(message)" }
    }

    /// Decodes one JSON document and pushes it. On failure nothing is left on the stack.
    static func decode(_ data: UnsafeBufferPointer<UInt8>, onto L: OpaquePointer) throws {
        var d = LuaJSONDecoder(L: L, bytes: data)
        let base = lua_gettop(L)
        do {
            d.skipSpace()
            try d.value()
            d.skipSpace()
            if d.pos < data.count { throw Failure(message: "unexpected trailing characters", offset: d.pos) }
        } catch {
            lua_settop(L, base)
            throw error
        }
    }

    static func decode(_ text: String, onto L: OpaquePointer) throws {
        var text = text
        try text.withUTF8 { try decode($0, onto: L) }
    }

    private init(L: OpaquePointer, bytes: UnsafeBufferPointer<UInt8>) {
        self.L = L
        self.bytes = bytes
    }

    private mutating func skipSpace() {
        while pos < bytes.count {
            let c = bytes[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
        }
    }

    private func fail(_ message: String) -> Failure { Failure(message: message, offset: pos) }

    private mutating func value() throws {
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true"); lua_pushboolean(L, 1)
        case UInt8(ascii: "f"): try literal("false"); lua_pushboolean(L, 0)
        case UInt8(ascii: "n"): try literal("null"); JSONModule.pushNull(onto: L)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[pos])))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw fail("unexpected end of input") }
        for i in 0..<n where bytes[pos + i] != word.utf8Start[i] { throw fail("invalid literal") }
        pos += n
    }

    private mutating func enter() throws {
        depth += 1
        if depth > LuaJSONDecoder.maxDepth { throw fail("nesting deeper than \(LuaJSONDecoder.maxDepth)") }
        guard lua_checkstack(L, 4) != 0 else { throw fail("Lua stack overflow") }
    }

    private mutating func object() throws {
        try enter()
        pos += 1
        lua_createtable(L, 0, 4)
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "}") { pos += 1; depth -= 1; return }
        while true {
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            try string()
            skipSpace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipSpace()
            try value()
            lua_rawset(L, -3)
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of input in object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw fail("expected ',' or '}'")
        }
        depth -= 1
    }

    private mutating func array() throws {
        try enter()
        pos += 1
        lua_createtable(L, 4, 0)
        skipSpace()
        if pos < bytes.count && bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            JSONModule.markArray(onto: L)
            return
        }
        var index: lua_Integer = 1
        while true {
            skipSpace()
            try value()
            lua_rawseti(L, -2, index)
            index += 1
            skipSpace()
            guard pos < bytes.count else { throw fail("unexpected end of input in array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw fail("expected ',' or ']'")
        }
        depth -= 1
    }

    private mutating func string() throws {
        pos += 1
        let start = pos
        // Fast path: no escapes.
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                bytes.baseAddress!.advanced(by: start).withMemoryRebound(to: CChar.self, capacity: pos - start) {
                    _ = lua_pushlstring(L, $0, pos - start)
                }
                pos += 1
                return
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw fail("control character in string") }
            pos += 1
        }
        var out = [UInt8](bytes[start..<pos])
        while pos < bytes.count {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                out.withUnsafeBufferPointer { b in
                    b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { _ = lua_pushlstring(L, $0, b.count) }
                }
                pos += 1
                return
            }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); pos += 1; continue }
            pos += 1
            guard pos < bytes.count else { break }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), pos + 1 < bytes.count,
                   bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                    pos += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    private mutating func number() throws {
        let start = pos
        var isInteger = true
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.count, (48...57).contains(bytes[pos]) else { throw fail("invalid number") }
        var magnitude: UInt64 = 0
        var overflow = false
        while pos < bytes.count, (48...57).contains(bytes[pos]) {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[pos] - 48))
            overflow = overflow || o1 || o2
            magnitude = m2
            pos += 1
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < bytes.count, (48...57).contains(bytes[pos]) else { throw fail("invalid number") }
            while pos < bytes.count, (48...57).contains(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            isInteger = false
            pos += 1
            if pos < bytes.count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.count, (48...57).contains(bytes[pos]) else { throw fail("invalid exponent") }
            while pos < bytes.count, (48...57).contains(bytes[pos]) { pos += 1 }
        }
        let negative = bytes[start] == UInt8(ascii: "-")
        if isInteger && !overflow && magnitude <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)) {
            let v: Int64 = negative ? (magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)) : Int64(magnitude)
            lua_pushinteger(L, lua_Integer(v))
            return
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        lua_pushnumber(L, Double(text) ?? .nan)
    }
}
