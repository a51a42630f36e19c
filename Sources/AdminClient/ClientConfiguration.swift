import AdminSurface

/// Everything an `AdminClient` needs: where each platform is, timeouts and retries.
///
/// A platform left `nil` is not configured: calling one of its operations throws an
/// `AdminError` with code `NOT_CONFIGURED`.
public struct ClientConfiguration: Sendable, CustomStringConvertible {
    public var contio: Endpoint?
    public var conto: Endpoint?
    /// Seconds one attempt may take, from sending the request to the last byte of the body.
    public var timeout: Double = 30

    /// The timeouts adminsh accepts, on the command line and in profiles: long enough for a slow
    /// export, short enough to be a deadline a clock can hold.
    public static let timeoutRange: ClosedRange<Double> = 0.1...3600
    /// Attempts per call, retries included.
    public static let maxAttemptsRange: ClosedRange<Int> = 1...20

    /// `timeout` inside `timeoutRange` (a value from elsewhere never turns into a trap).
    var boundedTimeout: Double {
        timeout.isNaN ? 30 : min(max(timeout, Self.timeoutRange.lowerBound), Self.timeoutRange.upperBound)
    }
    public var retry = RetryPolicy()
    /// Why every mutating call is refused before it is sent (`READ_ONLY_PROFILE`), or nil:
    /// `read_only = true` on a profile, `adminsh --read-only`. Checked here, below every caller,
    /// so no recipe or stdlib helper can get past it.
    public var readOnly: String?

    public init(contio: Endpoint? = nil, conto: Endpoint? = nil, timeout: Double = 30, retry: RetryPolicy = RetryPolicy()) {
        self.contio = contio
        self.conto = conto
        self.timeout = timeout
        self.retry = retry
    }

    /// The endpoint of `platform`, if configured.
    public func endpoint(for platform: Platform) -> Endpoint? {
        switch platform {
        case .contio: return contio
        case .conto: return conto
        }
    }

    /// Redacted summary, safe to print.
    public var description: String {
        "contio: \(contio.map(String.init(describing:)) ?? "not configured"); conto: \(conto.map(String.init(describing:)) ?? "not configured"); timeout \(timeout)s; \(retry.maxAttempts) attempts"
    }
}
