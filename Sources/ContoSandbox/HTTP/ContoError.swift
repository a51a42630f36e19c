import Foundation

/// An API failure with the Admin SDK's code, its HTTP status and a human message.
///
/// The body is the contract's §6.2 shape, `{error, code, message}` (both `error` and `message`
/// carry the text because Conto's clients read either) plus optional `details`/`requiredScope`.
public struct ContoError: Error, Equatable, Sendable {
    /// HTTP status code.
    public let status: Int
    /// Machine-readable code, e.g. `VALIDATION_FAILED`.
    public let code: String
    /// Human-readable text; validation messages name the field.
    public let message: String
    /// Extra members merged into the body (e.g. `requiredScope`).
    public var extra: [String: JSON] = [:]

    /// Creates an error with an explicit status and code.
    public init(status: Int, code: String, message: String, extra: [String: JSON] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
    }

    /// The response body.
    public var body: JSON {
        var members: [String: JSON] = ["error": .string(message), "code": .string(code), "message": .string(message)]
        for (key, value) in extra { members[key] = value }
        return .object(members)
    }
}

extension ContoError {
    /// 401: missing, malformed, unknown or revoked key.
    public static func authFailed(_ message: String = "Invalid or revoked API key") -> ContoError {
        ContoError(status: 401, code: "AUTH_FAILED", message: message)
    }

    /// 401: the key's lifetime is over (contract §6.1 `EXPIRED_KEY`).
    public static let expiredKey = ContoError(status: 401, code: "EXPIRED_KEY", message: "API key has expired")

    /// 403 naming the scope the key lacks.
    public static func insufficientScope(_ scope: String) -> ContoError {
        ContoError(status: 403, code: "INSUFFICIENT_SCOPE", message: "Insufficient scope: requires \(scope)",
                   extra: ["requiredScope": .string(scope)])
    }

    /// 404 for an id that does not exist in the caller's organization.
    public static func notFound(_ resource: String, _ id: String) -> ContoError {
        ContoError(status: 404, code: "NOT_FOUND", message: "\(resource) not found: \(id)")
    }

    /// 400 naming the field, in the `Invalid 'field': reason` form.
    public static func validation(_ field: String, _ reason: String) -> ContoError {
        ContoError(status: 400, code: "VALIDATION_FAILED", message: "Invalid '\(field)': \(reason)",
                   extra: ["details": .array([["path": .string(field), "message": .string(reason)]])])
    }

    /// 400 with a payment-flow or state code (`INVALID_STATUS`, `EXPIRED`, `NO_WALLET`, ...).
    public static func badRequest(_ code: String, _ message: String) -> ContoError {
        ContoError(status: 400, code: code, message: message)
    }

    /// 409 for a state conflict (`ALREADY_RESOLVED`, idempotency key reuse).
    public static func conflict(_ code: String, _ message: String) -> ContoError {
        ContoError(status: 409, code: code, message: message)
    }

    /// 429 past the key's rate limit.
    public static let rateLimited = ContoError(status: 429, code: "RATE_LIMITED", message: "Rate limit exceeded; retry after the Retry-After delay")

    /// 500, only for failures the sandbox did not foresee (the store failing).
    public static func internalError(_ message: String) -> ContoError {
        ContoError(status: 500, code: "INTERNAL_ERROR", message: message)
    }
}
