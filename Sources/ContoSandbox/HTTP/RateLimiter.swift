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

    private var hits: [String: [Date]] = [:]
    private let lock = NSLock()

    /// Records one request of `bucket` at `now` unless the window is full.
    func hit(_ bucket: String, limit: Int, window: TimeInterval, now: Date) -> Verdict {
        lock.lock()
        defer { lock.unlock() }
        // Requests "from the future" (the tenant clock never goes back, but a fresh org starts at
        // real time) are kept; only ones older than the window are dropped.
        var recent = (hits[bucket] ?? []).filter { now.timeIntervalSince($0) < window }
        let allowed = recent.count < limit
        if allowed { recent.append(now) }
        hits[bucket] = recent
        let oldest = recent.first ?? now
        let reset = oldest.addingTimeInterval(window)
        let retry = max(1, Int(reset.timeIntervalSince(now).rounded(.up)))
        return Verdict(allowed: allowed, limit: limit, remaining: max(0, limit - recent.count), reset: reset, retryAfterSeconds: retry)
    }
}
