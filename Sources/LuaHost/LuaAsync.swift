import CLua
import CLuaShim

/// What a Swift async function hands back to the Lua thread.
public enum LuaAsyncResult {
    /// Plain values, pushed as the call's results.
    case values([LuaValue])
    /// A pusher run on the Lua thread that pushes results itself and returns their count
    /// (for example decoding JSON bytes straight onto the Lua stack).
    case push((LuaState, OpaquePointer) throws -> Int)
}

/// The asynchronous part of a Swift function: runs off the Lua thread (on Swift concurrency).
public typealias LuaAsyncWork = @Sendable () async throws -> LuaAsyncResult

extension LuaState {
    /// Registers an async Swift function. `body` runs on the Lua thread, reads its arguments and
    /// returns the work to do; calling the function from Lua yields the calling coroutine until
    /// the work finishes, then returns its result or raises its error at the call site.
    /// Outside a host-driven coroutine (e.g. inside a `table.sort` comparator) the call blocks.
    public func registerAsync(_ name: String, _ body: @escaping (LuaCallFrame) throws -> LuaAsyncWork) {
        register(name) { [unowned self] frame in
            let work = try body(frame)
            return try self.scheduler.suspend(frame.L, work: work)
        }
    }
}
