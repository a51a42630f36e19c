import CLua
import CLuaShim

/// The `task` Lua module: lightweight concurrent tasks on the host scheduler.
///   local t = task.spawn(fn, ...)   -- start fn(...) as a new coroutine; returns its id
///   local a, b = task.wait(t)       -- its results, or re-raise its error
///   task.sleep(seconds)             -- yield for a while without blocking other tasks
enum TaskModule {
    static func install(in state: LuaState) {
        state.register("task.spawn") { [unowned state] frame in
            guard frame.isFunction(1) else { throw frame.badType(1, expected: "function") }
            let L = frame.L
            let nargs = Int32(frame.argumentCount - 1)
            let co = state.scheduler.spawn(nargs: nargs, from: L)
            frame.push(.integer(Int64(co.id)))
            return 1
        }
        state.register("task.wait") { [unowned state] frame in
            let id = try frame.integer(1)
            return try state.scheduler.join(frame.L, id: Int(id))
        }
        state.registerAsync("task.sleep") { frame in
            let seconds = max(0, try frame.number(1))
            return {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                return .values([])
            }
        }
    }
}
