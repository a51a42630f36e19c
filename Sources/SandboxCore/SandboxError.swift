import Foundation
import HTTPTypes

/// A failure every emulator can raise; each module renders it in its own API's error shape.
///
/// `code` is the API's machine code (`invalid_request_body`, `not_found`, ...), `message` names
/// the offending field where there is one, `extra` carries API-specific members of the error body
/// (e.g. Contio's `valid_event_types`) and `headers` carries e.g. `Retry-After`.
public struct SandboxError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: [String: String]
    public var extra: [String: JSONValue]

    public init(
        _ status: HTTPResponse.Status, code: String, _ message: String,
        headers: [String: String] = [:], extra: [String: JSONValue] = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra
    }

    /// The request body is not JSON at all.
    public static let malformedJSON = SandboxError(.badRequest, code: "invalid_request_body", "request body is not valid JSON")
    /// 401 with a generic message (never reveals which credential was wrong).
    public static let unauthorized = SandboxError(.unauthorized, code: "unauthorized", "missing or invalid credentials")

    /// 404 for an unknown (or foreign) resource.
    public static func notFound(_ what: String) -> SandboxError {
        SandboxError(.notFound, code: "not_found", "\(what) not found")
    }

    /// 400 naming the field at fault.
    public static func invalid(_ field: String, _ reason: String, code: String = "validation_error") -> SandboxError {
        SandboxError(.badRequest, code: code, "\(field): \(reason)")
    }
}
