import Foundation

/// Sliding-window request counting per key, on the tenant clock.
///
/// [I] Kept in memory: a restart forgets recent requests, as a real limiter's cache would.
/// Using the tenant clock means advancing a test clock past the window frees the key, so the
/// 429 → retry path is testable without waiting.
final class RateLimiter: @unchecked Sendable {
    /// The verdict and the values of the `X-RateLimit-*` headers.
    struct Verdict {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        var reset: Date
        var retryAfterSeconds: Int
    }

    /// The requests of one bucket still inside the window, oldest first from `start`.
    private struct Window {
        var times: [Date] = []
        var start = 0

        var count: Int { times.count - start }

        /// Forgets requests older than `window` at `now`: a moving start index, so a busy key
        /// costs O(1) per request rather than a pass over every request of the last minute.
        mutating func expire(before now: Date, window: TimeInterval) {
            while start < times.count, now.timeIntervalSince(times[start]) >= window { start += 1 }
            if start > 1024, start * 2 > times.count {
                times.removeFirst(start)
                start = 0
            }
        }
    }

    private var windows: [String: Window] = [:]
    private let lock = NSLock()

    /// Records one request of `bucket` at `now` unless the window is full.
    func hit(_ bucket: String, limit: Int, window: TimeInterval, now: Date) -> Verdict {
        lock.lock()
        defer { lock.unlock() }
        var recent = windows[bucket] ?? Window()
        windows[bucket] = nil // keeps `recent` uniquely referenced while it changes
        // Requests "from the future" (the tenant clock never goes back, but a fresh org starts at
        // real time) are kept; only ones older than the window are dropped.
        recent.expire(before: now, window: window)
        let allowed = recent.count < limit
        if allowed { recent.times.append(now) }
        let oldest = recent.count > 0 ? recent.times[recent.start] : now
        let remaining = max(0, limit - recent.count)
        windows[bucket] = recent
        let reset = oldest.addingTimeInterval(window)
        let retry = max(1, Int(reset.timeIntervalSince(now).rounded(.up)))
        return Verdict(allowed: allowed, limit: limit, remaining: remaining, reset: reset, retryAfterSeconds: retry)
    }

    /// Forgets every window (the sandbox was reset).
    func removeAll() {
        lock.lock()
        windows.removeAll()
        lock.unlock()
    }
}
