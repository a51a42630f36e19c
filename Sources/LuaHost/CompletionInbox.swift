import Glibc

/// A thread-safe mailbox where finished Swift tasks drop their results for the Lua thread.
final class CompletionInbox: @unchecked Sendable {
    typealias Item = (ticket: UInt64, outcome: Result<LuaAsyncResult, Error>)
    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var items: [Item] = []

    init() {
        pthread_mutex_init(&mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(&condition, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    func post(_ ticket: UInt64, _ outcome: Result<LuaAsyncResult, Error>) {
        pthread_mutex_lock(&mutex)
        items.append((ticket, outcome))
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Waits up to `timeout` seconds for at least one item and takes all that are there.
    func take(timeout: Double) -> [Item] {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if items.isEmpty {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let nanos = Int(now.tv_nsec) + Int(timeout * 1e9)
            var deadline = timespec(tv_sec: now.tv_sec + nanos / 1_000_000_000, tv_nsec: nanos % 1_000_000_000)
            while items.isEmpty {
                if pthread_cond_timedwait(&condition, &mutex, &deadline) == ETIMEDOUT { break }
            }
        }
        let taken = items
        items.removeAll(keepingCapacity: true)
        return taken
    }
}
