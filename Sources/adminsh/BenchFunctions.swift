import CLua
import CLuaShim
import Foundation
import LuaHost

/// Bridge-cost probes for `scripts/bench` (B1), installed only when `ADMINSH_BENCH=1`:
/// `__bench.swift(...)` is a Swift function through `LuaState.register`, `__bench.c(...)` the
/// plain C `lua_CFunction` `adminsh_c_identity`; both return their arguments.
enum BenchFunctions {
    static func installIfRequested(in state: LuaState) {
        guard ProcessInfo.processInfo.environment["ADMINSH_BENCH"] == "1" else { return }
        state.register("__bench.swift") { frame in frame.argumentCount }
        let L = state.L
        lua_getglobal(L, "__bench")
        lua_pushcclosure(L, adminsh_c_identity, 0)
        lua_setfield(L, -2, "c")
        adminsh_pop(L, 1)
    }
}
