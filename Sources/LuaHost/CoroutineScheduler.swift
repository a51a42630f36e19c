import CLua
import CLuaShim

/// Drives Lua coroutines on the one Lua thread: every chunk runs as a coroutine; async Swift
/// calls park their coroutine until the Swift task posts its result; `task.spawn` adds more
/// coroutines so many calls can wait at once.
final class CoroutineScheduler {
    /// One host-driven coroutine.
    final class Coroutine {
        let id: Int
        let thread: OpaquePointer
        let ref: Int32
        var finished = false
        var results: [LuaValue] = []
        var error: LuaError?
        /// Coroutines parked in `task.wait` on this one.
        var joiners: [Coroutine] = []

        init(id: Int, thread: OpaquePointer, ref: Int32) {
            self.id = id
            self.thread = thread
            self.ref = ref
        }
    }

    unowned let state: LuaState
    let inbox = CompletionInbox()
    private var nextTicket: UInt64 = 1
    private var nextID = 1
    private var parked: [UInt64: Coroutine] = [:]
    private var tasks: [UInt64: Task<Void, Never>] = [:]
    private var runQueue: [(Coroutine, Int32)] = []
    private var managed: [OpaquePointer: Coroutine] = [:]
    private(set) var byID: [Int: Coroutine] = [:]
    /// Completions that arrived while a blocking call waited for its own ticket.
    private var early: [CompletionInbox.Item] = []
    /// Set when the coroutine being resumed parked itself (vs. a plain `coroutine.yield`).
    private var parkedDuringStep = false
    /// Poll interval while waiting, so interrupts and deadlines are noticed.
    let pollInterval = 0.05

    init(state: LuaState) { self.state = state }

    var host: UnsafeMutablePointer<adminsh_host> { state.host }

    // MARK: running chunks

    /// Runs the function on top of the main stack (below it `nargs` arguments... pushed after it)
    /// as a coroutine, driving every coroutine it starts until it finishes. Pops function and args.
    func run(nargs: Int32) throws -> [LuaValue] {
        adminsh_reset_chunk(host)
        host.pointee.deadline = state.limits.timeLimit > 0 ? adminsh_monotonic() + state.limits.timeLimit : 0
        adminsh_install_hook(state.L) // new coroutines inherit the main thread's hook
        defer { host.pointee.deadline = 0 }
        let root = spawn(nargs: nargs)
        drive(until: root)
        abandonAll()
        // A tripped limit is what ended the chunk, whatever the script made of the error.
        if let limit = state.trippedLimitMessage { throw LuaError.limit(message: limit) }
        if let error = root.error { throw error }
        return root.results
    }

    /// Creates a coroutine for the function + `nargs` arguments on top of the main stack.
    @discardableResult
    func spawn(nargs: Int32, from L: OpaquePointer? = nil) -> Coroutine {
        let L = L ?? state.L
        let thread = lua_newthread(L)!
        let ref = luaL_ref(state.L == L ? L : L, adminsh_registryindex())
        lua_xmove(L, thread, nargs + 1)
        let co = Coroutine(id: nextID, thread: thread, ref: ref)
        nextID += 1
        managed[thread] = co
        byID[co.id] = co
        runQueue.append((co, nargs))
        return co
    }

    private func drive(until root: Coroutine) {
        while !root.finished {
            if !runQueue.isEmpty {
                let (co, nargs) = runQueue.removeFirst()
                step(co, nargs: nargs)
                continue
            }
            if parked.isEmpty && early.isEmpty {
                // Nothing can wake anyone: coroutines wait on each other in a cycle.
                failWaiting(with: "deadlock: every task is waiting for another task")
                continue
            }
            let items = early.isEmpty ? inbox.take(timeout: pollInterval) : takeEarly()
            if host.pointee.interrupt != 0 {
                host.pointee.interrupt = 0
                adminsh_trip_interrupt(host)
                cancelParked(with: "interrupted!")
            } else if host.pointee.deadline > 0 && adminsh_monotonic() > host.pointee.deadline {
                adminsh_trip_time_limit(host)
                cancelParked(with: state.trippedLimitMessage ?? "time limit reached")
            }
            for item in items { deliver(item) }
        }
    }

    private func takeEarly() -> [CompletionInbox.Item] {
        defer { early.removeAll() }
        return early
    }

    private func step(_ co: Coroutine, nargs: Int32) {
        parkedDuringStep = false
        var nres: Int32 = 0
        let status = adminsh_resume(co.thread, state.L, nargs, &nres)
        switch status {
        case LUA_YIELD:
            adminsh_pop(co.thread, nres)
            if !parkedDuringStep { runQueue.append((co, 0)) } // cooperative `coroutine.yield()`
        case LUA_OK:
            let top = lua_gettop(co.thread)
            var results: [LuaValue] = []
            do {
                for i in stride(from: top - nres + 1, through: top, by: 1) {
                    results.append(try state.value(at: i, of: co.thread))
                }
            } catch {
                co.error = (error as? LuaError) ?? .message(String(describing: error))
            }
            lua_settop(co.thread, 0)
            co.results = results
            finish(co)
        default:
            co.error = makeError(co.thread, status: status)
            lua_settop(co.thread, 0)
            finish(co)
        }
    }

    /// Builds a Swift error from the error value on top of a dead coroutine, with its traceback.
    private func makeError(_ thread: OpaquePointer, status: Int32) -> LuaError {
        let value = (try? state.value(at: -1, of: thread)) ?? .string("(unconvertible error value)")
        let message = state.describeError(at: -1, of: thread)
        if status == LUA_ERRMEM { return .memory(message: message) }
        var traceback = ""
        if adminsh_traceback(state.L, thread, nil, 0) == LUA_OK {
            traceback = adminsh_tostring(state.L, -1).map { String(cString: $0) } ?? ""
        }
        adminsh_pop(state.L, 1)
        return .runtime(value: value, message: message, traceback: traceback)
    }

    private func finish(_ co: Coroutine) {
        co.finished = true
        managed[co.thread] = nil
        luaL_unref(state.L, adminsh_registryindex(), co.ref)
        for joiner in co.joiners { resume(joiner, withOutcomeOf: co) }
        co.joiners.removeAll()
    }

    /// Makes `joiner` runnable with `target`'s results (true, ...) or error (false, err).
    private func resume(_ joiner: Coroutine, withOutcomeOf target: Coroutine) {
        let t = joiner.thread
        lua_checkstack(t, Int32(target.results.count + 2))
        if let error = target.error {
            lua_pushboolean(t, 0)
            pushError(error, state: state, onto: t)
            runQueue.append((joiner, 2))
        } else {
            lua_pushboolean(t, 1)
            for v in target.results { state.push(v, onto: t) }
            runQueue.append((joiner, Int32(target.results.count + 1)))
        }
    }

    // MARK: async calls

    /// Called by an async function's body on thread `L`: parks the coroutine and starts the
    /// work, or (outside a host coroutine) blocks until the work is done.
    func suspend(_ L: OpaquePointer, work: @escaping LuaAsyncWork) throws -> Int {
        let ticket = nextTicket
        nextTicket += 1
        let inbox = self.inbox
        let task = Task.detached {
            do { inbox.post(ticket, .success(try await work())) } catch { inbox.post(ticket, .failure(error)) }
        }
        guard let co = managed[L], lua_isyieldable(L) != 0 else {
            return try waitBlocking(ticket: ticket, task: task, on: L)
        }
        parked[ticket] = co
        tasks[ticket] = task
        parkedDuringStep = true
        return Int(ADMINSH_YIELD)
    }

    private func waitBlocking(ticket: UInt64, task: Task<Void, Never>, on L: OpaquePointer) throws -> Int {
        while true {
            for item in inbox.take(timeout: pollInterval) {
                guard item.ticket == ticket else { early.append(item); continue }
                switch item.outcome {
                case .failure(let error): throw error
                case .success(.values(let values)):
                    for v in values { state.push(v, onto: L) }
                    return values.count
                case .success(.push(let pusher)):
                    return try pusher(state, L)
                }
            }
            if host.pointee.interrupt != 0 {
                host.pointee.interrupt = 0
                task.cancel()
                throw LuaError.message("interrupted!")
            }
        }
    }

    /// Pushes a finished task's outcome onto its coroutine and makes it runnable.
    private func deliver(_ item: CompletionInbox.Item) {
        tasks[item.ticket] = nil
        guard let co = parked.removeValue(forKey: item.ticket) else { return } // late result: dropped
        let t = co.thread
        let base = lua_gettop(t)
        switch item.outcome {
        case .success(.values(let values)):
            lua_checkstack(t, Int32(values.count + 2))
            lua_pushboolean(t, 1)
            for v in values { state.push(v, onto: t) }
            runQueue.append((co, Int32(values.count + 1)))
        case .success(.push(let pusher)):
            lua_pushboolean(t, 1)
            do {
                let n = try pusher(state, t)
                runQueue.append((co, Int32(n + 1)))
            } catch {
                lua_settop(t, base)
                lua_pushboolean(t, 0)
                pushError(error, state: state, onto: t)
                runQueue.append((co, 2))
            }
        case .failure(let error):
            lua_pushboolean(t, 0)
            pushError(error, state: state, onto: t)
            runQueue.append((co, 2))
        }
    }

    /// Wakes every parked coroutine with an error (interrupt, deadline); their tasks are cancelled.
    private func cancelParked(with message: String) {
        for (ticket, co) in parked.sorted(by: { $0.key < $1.key }) {
            tasks.removeValue(forKey: ticket)?.cancel()
            lua_pushboolean(co.thread, 0)
            state.push(.string(message), onto: co.thread)
            runQueue.append((co, 2))
        }
        parked.removeAll()
    }

    /// Wakes coroutines that wait on other coroutines with an error (used on deadlock).
    private func failWaiting(with message: String) {
        for co in managed.values.sorted(by: { $0.id < $1.id }) where !co.joiners.isEmpty {
            for joiner in co.joiners {
                lua_pushboolean(joiner.thread, 0)
                state.push(.string(message), onto: joiner.thread)
                runQueue.append((joiner, 2))
            }
            co.joiners.removeAll()
        }
        if runQueue.isEmpty {
            // No coroutine is joined yet nobody runs: finish everyone left with the error.
            for co in managed.values { co.error = .message(message); finish(co) }
        }
    }

    /// Drops coroutines left unfinished when their chunk ends; cancels their tasks.
    private func abandonAll() {
        for (_, task) in tasks { task.cancel() }
        tasks.removeAll()
        parked.removeAll()
        runQueue.removeAll()
        for co in managed.values {
            co.finished = true
            co.error = .message("abandoned: the chunk that started this task ended")
            luaL_unref(state.L, adminsh_registryindex(), co.ref)
        }
        managed.removeAll()
        byID.removeAll()
        early.removeAll()
    }

    /// Cancels everything (state closing).
    func cancelAll() {
        for (_, task) in tasks { task.cancel() }
        tasks.removeAll()
    }

    // MARK: joining (task.wait)

    /// Parks the coroutine on `L` until coroutine `id` finishes, or returns its outcome now.
    func join(_ L: OpaquePointer, id: Int) throws -> Int {
        guard let target = byID[id] else { throw LuaError.message("unknown task \(id)") }
        if target.finished {
            if let error = target.error { throw error }
            for v in target.results { state.push(v, onto: L) }
            return target.results.count
        }
        guard let co = managed[L], lua_isyieldable(L) != 0 else {
            throw LuaError.message("task.wait must be called from a task or chunk, not from a callback")
        }
        guard co !== target else { throw LuaError.message("a task cannot wait for itself") }
        target.joiners.append(co)
        parkedDuringStep = true
        return Int(ADMINSH_YIELD)
    }

    /// Number of coroutines currently parked on Swift work.
    var parkedCount: Int { parked.count }
}
