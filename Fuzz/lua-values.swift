// fuzz-sources: Sources/LuaHost/*.swift .build/plugins/outputs/*/LuaHost/destination/EmbedLua/EmbeddedLua.swift
// fuzz-c-modules: CLuaShim=Sources/CLuaShim
// fuzz-cflags: -I/usr/include/lua5.4
// fuzz-flags: -I Sources/CLua -Xcc -I/usr/include/lua5.4 -llua5.4
// Values crossing the bridge: a LuaValue built from the input (nested tables, arbitrary bytes,
// integers, floats including NaN and infinities) pushed into Lua and read back is the same value.
import CLua
import Foundation

private let state = try! LuaState()

/// Reads the input as a little program that builds one value.
private struct Builder {
    var bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    mutating func next() -> UInt8? { pos < bytes.count ? (pos += 1, bytes[pos - 1]).1 : nil }
    mutating func take(_ n: Int) -> [UInt8] { var out: [UInt8] = []; while out.count < n, let b = next() { out.append(b) }; return out }
    mutating func value(depth: Int) -> LuaValue {
        guard let op = next() else { return .nil }
        switch op % 8 {
        case 0: return .boolean(op & 0x80 != 0)
        case 1:
            let raw = take(8); var i: Int64 = 0
            for (k, b) in raw.enumerated() { i |= Int64(b) << (8 * Int64(k)) }
            return .integer(i)
        case 2:
            let raw = take(8); var bits: UInt64 = 0
            for (k, b) in raw.enumerated() { bits |= UInt64(b) << (8 * UInt64(k)) }
            return .number(Double(bitPattern: bits))
        case 3: return .string(String(decoding: take(Int(next() ?? 0) % 40), as: UTF8.self))
        case 4 where depth < 12:
            let n = Int(next() ?? 0) % 6
            return .array((0..<n).map { _ in value(depth: depth + 1) }.filter { $0 != .nil })
        case 5 where depth < 12:
            var t: [LuaValue: LuaValue] = [:]
            for _ in 0..<(Int(next() ?? 0) % 6) {
                let k = value(depth: depth + 1), v = value(depth: depth + 1)
                if k.isPlainKey, v != .nil { t[k] = v }
            }
            return .table(t)
        case 6: return .null
        default: return .nil
        }
    }
}

private extension LuaValue {
    /// Keys Lua keeps as they are (a float key with an integral value becomes an integer key).
    var isPlainKey: Bool {
        switch self {
        case .string, .integer, .boolean: return true
        default: return false
        }
    }
    /// Equality with NaN equal to itself and a table with keys 1...n read as the sequence it is.
    func same(_ other: LuaValue) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.same($1) }
        case (.table(let a), .array(let b)), (.array(let b), .table(let a)):
            return a.count == b.count && b.enumerated().allSatisfy { i, v in a[.integer(Int64(i + 1))]?.same(v) ?? false }
        case (.table(let a), .table(let b)):
            return a.count == b.count && a.allSatisfy { k, v in b[k]?.same(v) ?? false }
        case (.string(let a), .string(let b)): return Array(a.utf8) == Array(b.utf8)
        default: return self == other
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var builder = Builder(bytes: UnsafeBufferPointer(start: data, count: size))
    let value = builder.value(depth: 0)
    let L = state.L
    let top = lua_gettop(L)
    defer { lua_settop(L, top) }
    state.push(value)
    guard let back = try? state.value(at: -1) else { preconditionFailure("a pushed value cannot be read back") }
    precondition(value.same(back), "\(value) came back as \(back)")
    return 0
}
