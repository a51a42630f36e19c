// fuzz-sources: Sources/LuaHost/*.swift .build/plugins/outputs/*/LuaHost/destination/EmbedLua/EmbeddedLua.swift
// fuzz-c-modules: CLuaShim=Sources/CLuaShim
// fuzz-cflags: -I/usr/include/lua5.4
// fuzz-flags: -I Sources/CLua -Xcc -I/usr/include/lua5.4 -llua5.4
// JSON straight onto the Lua stack: any bytes decode into Lua values or a clean error (nothing left
// on the stack), and what decodes encodes back to JSON that decodes to the same encoding.
import CLua

private let state = try! LuaState()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let L = state.L
    let top = lua_gettop(L)
    defer { lua_settop(L, top) }
    do {
        try LuaJSONDecoder.decode(UnsafeBufferPointer(start: data, count: size), onto: L)
    } catch {
        precondition(lua_gettop(L) == top, "a refused document left values on the stack")
        return 0
    }
    precondition(lua_gettop(L) == top + 1, "one document, one value")
    guard let once = try? LuaJSONEncoder.encode(L, index: -1) else { return 0 }
    lua_settop(L, top)
    do {
        try once.withUnsafeBufferPointer { try LuaJSONDecoder.decode($0, onto: L) }
    } catch {
        preconditionFailure("the encoder wrote JSON its decoder refuses: \(String(decoding: once, as: UTF8.self))")
    }
    let twice = try? LuaJSONEncoder.encode(L, index: -1)
    precondition(twice == once, "encode(decode(encode(x))) differs from encode(x)")
    return 0
}
