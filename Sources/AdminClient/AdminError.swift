import AdminSurface

/// Every failure of an admin call, typed: API errors (parsed from the API's error body),
/// transport failures and client-side refusals.
///
/// Client-side codes (no `status`): `NOT_CONFIGURED`, `INVALID_CREDENTIALS`, `INVALID_URL`,
/// `INSECURE_URL`, `CONNECTION_FAILED`, `CANCELLED`; `TIMEOUT` has `status` 0, as the Conto SDK
/// documents.
/// Messages never contain a secret: they come from the server's error body or from AdminClient,
/// which never quotes a key.
public struct AdminError: Error, Sendable, CustomStringConvertible {
    /// The API's machine code (`AUTH_FAILED`, `unauthorized`, ...) or a client-side code.
    public let code: String
    /// HTTP status; nil for client-side errors (nothing was answered), 0 for a timeout.
    public let status: Int?
    public let message: String
    /// The server's request id (error body `request_id` or `X-Request-ID` header), if any.
    public let requestID: String?
    /// True for 429, 5xx, connection failures and timeouts: trying again later may succeed.
    public let retryable: Bool
    public let platform: Platform
    /// Qualified operation name, e.g. `conto.agents.create`.
    public let operation: String
    /// Extra members of the error body (objects and arrays as JSON text) and `retry_after`
    /// (seconds, from the `Retry-After` header) and `attempts` when retries happened; may be empty.
    public let details: [String: String]

    public init(code: String, status: Int?, message: String, requestID: String? = nil, retryable: Bool,
                platform: Platform, operation: String, details: [String: String] = [:]) {
        self.code = code
        self.status = status
        self.message = message
        self.requestID = requestID
        self.retryable = retryable
        self.platform = platform
        self.operation = operation
        self.details = details
    }

    /// `conto.agents.create: AUTH_FAILED (401): Invalid or revoked API key [request req_…]`.
    public var description: String {
        var text = "\(operation): \(code)"
        if let status, status > 0 { text += " (\(status))" }
        text += ": \(message)"
        if let requestID { text += " [request \(requestID)]" }
        return text
    }

    /// A copy with `details` merged in (existing keys win).
    func adding(details extra: [String: String]) -> AdminError {
        AdminError(code: code, status: status, message: message, requestID: requestID, retryable: retryable,
                   platform: platform, operation: operation, details: details.merging(extra) { old, _ in old })
    }
}
