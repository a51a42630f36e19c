import Foundation
import HTTPTypes
import Hummingbird

/// Guards every `/__sandbox/...` route (reset, faults, clocks, tenants, key minting, settings):
///
/// 1. a request carrying an `Origin` header comes from a browser page: refused (403
///    `origin_refused`), so no web page can drive the sandbox (CSRF);
/// 2. a `Host` that is not loopback (`127.0.0.1`, `localhost`, `[::1]`, any port) is refused (403
///    `host_refused`): a DNS-rebound name pointing at 127.0.0.1 cannot reach it either;
/// 3. the sandbox's own admin token must come in `X-Sandbox-Token` (401 `sandbox_token_required`,
///    compared in constant time): other users of the machine can reach loopback too;
/// 4. a request that changes state (not GET/HEAD) and has a body or a `Content-Type` must say
///    `application/json` (415 `unsupported_media_type`): a form or `text/plain` post is refused.
///
/// The checks run before fault injection and before the route, so a refused request changes
/// nothing. Errors are `{code, error, message, request_id}`, like the other control answers.
public struct ControlSurfaceGuard: RouterMiddleware {
    public typealias Context = SandboxRequestContext
    /// The header carrying the admin token.
    public static let tokenHeader = "X-Sandbox-Token"
    /// Prefix of the admin token (`sbx_admin_` and 48 hex characters).
    public static let tokenPrefix = "sbx_admin_"
    /// Path prefix of the guarded routes.
    public static let prefix = "/__sandbox"

    let token: String

    public init(token: String) { self.token = token }

    /// A fresh admin token from the system CSPRNG.
    public static func newToken() -> String { SecretHasher.token(prefix: tokenPrefix) }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == Self.prefix || path.hasPrefix(Self.prefix + "/") else { return try await next(request, context) }
        if let refusal = refusal(method: request.method, authority: request.head.authority ?? HTTPField.Name("Host").flatMap { request.headers[$0] }, headers: request.headers) {
            return FaultInjection.errorResponse(status: refusal.status, code: refusal.code, message: refusal.message,
                                                retryAfter: nil, requestID: context.requestID).response()
        }
        return try await next(request, context)
    }

    /// Why a control request is refused, or nil to let it through. `authority` is the `Host`
    /// (HTTP/1 carries it as the request's authority, not among the header fields).
    public func refusal(method: HTTPRequest.Method, authority: String?, headers: HTTPFields) -> (status: Int, code: String, message: String)? {
        if let origin = headers[.origin] {
            return (403, "origin_refused", "the sandbox control routes refuse browser requests (Origin: \(origin.prefix(100)))")
        }
        if let host = authority, !Self.isLoopback(host: host) {
            return (403, "host_refused", "the sandbox control routes answer only on a loopback host (127.0.0.1, localhost, [::1]), not \(host.prefix(100))")
        }
        guard let presented = HTTPField.Name(Self.tokenHeader).flatMap({ headers[$0] }),
              SecretHasher.constantTimeEquals(presented, token) else {
            return (401, "sandbox_token_required",
                    "the sandbox control routes need the sandbox's admin token in \(Self.tokenHeader) (the seed record's sandbox.admin_token; adminsh sends it)")
        }
        if method != .get, method != .head {
            let hasBody = (headers[.contentLength].map { $0 != "0" } ?? false) || headers[.transferEncoding] != nil
            if let type = headers[.contentType] {
                let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
                if media != "application/json" {
                    return (415, "unsupported_media_type", "the sandbox control routes take application/json, not \(type.prefix(100))")
                }
            } else if hasBody {
                return (415, "unsupported_media_type", "the sandbox control routes take application/json: send Content-Type: application/json")
            }
        }
        return nil
    }

    /// Whether a `Host` header names the loopback interface (port ignored).
    public static func isLoopback(host: String) -> Bool {
        var name = host.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            name = String(name[name.index(after: name.startIndex)..<close])
        } else if let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        if name.hasSuffix(".") { name.removeLast() }
        return name == "localhost" || name == "::1" || name == "127.0.0.1"
    }
}
