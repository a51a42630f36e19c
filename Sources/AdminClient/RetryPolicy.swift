/// When and how often a failed request is sent again.
///
/// Retried: 429, 5xx, connection failures and timeouts. A mutating request is retried only
/// because it carries an `Idempotency-Key` (AdminClient adds one to every mutating request), so
/// the server applies it at most once. Between attempts the client waits `Retry-After` when the
/// server sends one (giving up instead if it exceeds `maxDelay`), otherwise a jittered
/// exponential backoff: attempt *n* waits a random time in `[d/2, d]` with
/// `d = min(maxDelay, baseDelay · 2^(n-1))`. A failed connection backs off from
/// `connectionRetryDelay` instead (a server that is restarting needs seconds, not milliseconds),
/// and a refused connection to a loopback address is retried once, after that delay: the local
/// server is not running, and the person hears so within seconds.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first (1 = never retry).
    public var maxAttempts: Int
    /// Backoff before the first retry, in seconds (before jitter).
    public var baseDelay: Double
    /// Upper bound of a backoff wait, in seconds.
    public var maxDelay: Double
    /// The longest `Retry-After` waited out, in seconds (a rate window is typically a minute);
    /// a longer one ends the retries and is reported.
    public var maxRetryAfter: Double
    /// A 429 with a `Retry-After` the client waits out does not use up an attempt (nothing was
    /// applied; the server said when to come back): such waits are bounded by their total instead,
    /// in seconds per call, so bulk work under a rate limit slows down rather than fails.
    public var rateLimitBudget: Double
    /// The backoff before the first retry of a failed connection, in seconds (before jitter).
    public var connectionRetryDelay: Double
    /// Attempts, the first included, for a connection refused by this machine itself.
    public static let loopbackRefusedAttempts = 2

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.2, maxDelay: Double = 10, maxRetryAfter: Double = 60,
                rateLimitBudget: Double = 300, connectionRetryDelay: Double = 1) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
        self.rateLimitBudget = max(0, rateLimitBudget)
        self.connectionRetryDelay = max(0, connectionRetryDelay)
    }

    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The jittered backoff before retry number `attempt` (1 = first retry), in seconds.
    public func backoff(beforeRetry attempt: Int) -> Double {
        jittered(from: baseDelay, beforeRetry: attempt)
    }

    /// The jittered backoff before retry number `attempt` of a failed connection, in seconds.
    public func connectionBackoff(beforeRetry attempt: Int) -> Double {
        jittered(from: max(baseDelay, connectionRetryDelay), beforeRetry: attempt)
    }

    /// The wait before the one retry of a connection refused on loopback (no jitter: one caller).
    public var loopbackRetryDelay: Double { min(maxDelay, connectionRetryDelay) }

    /// How many attempts a call gets in all; a refusal by this machine itself gets fewer.
    public func attempts(refusedOnLoopback: Bool) -> Int {
        refusedOnLoopback ? min(maxAttempts, Self.loopbackRefusedAttempts) : maxAttempts
    }

    private func jittered(from base: Double, beforeRetry attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let ceiling = min(maxDelay, base * pow2(exponent))
        guard ceiling > 0 else { return 0 }
        return Double.random(in: (ceiling / 2)...ceiling)
    }

    private func pow2(_ e: Double) -> Double {
        var r = 1.0
        for _ in 0..<Int(e) { r *= 2 }
        return r
    }
}
