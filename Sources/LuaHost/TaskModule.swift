import CLua
import CLuaShim

/// The `task` Lua module: lightweight concurrent tasks on the host scheduler.
///   local t = task.spawn(fn, ...)   -- start fn(...) as a new coroutine; returns its id
///   local a, b = task.wait(t)       -- its results, or re-raise its error
///   task.sleep(seconds)             -- yield for a while without blocking other tasks
///   task.beginBulk() / task.endBulk() -- bracket bulk work: a Ctrl-C inside asks it to wind down
///   task.stopRequested()            -- true once that Ctrl-C came: start no new items
enum TaskModule {
    static func install(in state: LuaState) {
        // Bulk work (parallel.map) runs between beginBulk and endBulk; the first Ctrl-C inside
        // only sets the stop flag, so in-flight calls finish and the work reports what it did.
        state.register("task.beginBulk") { [unowned state] _ in
            state.host.pointee.bulk_depth += 1
            return 0
        }
        state.register("task.endBulk") { [unowned state] _ in
            let host = state.host
            host.pointee.bulk_depth = max(0, host.pointee.bulk_depth - 1)
            if host.pointee.bulk_depth == 0 { host.pointee.stop_requested = 0 }
            return 0
        }
        state.register("task.stopRequested") { [unowned state] frame in
            frame.push(.boolean(state.host.pointee.stop_requested != 0))
            return 1
        }
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
