import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers

/// Sandbox fault injection: makes the next N matching requests fail with a chosen status, so
/// clients' retry behaviour can be tested against the real server (not a mock).
///
/// Routes (sandbox-only; like every `/__sandbox` route they need the admin token, `ControlSurfaceGuard`):
/// - `POST /__sandbox/faults` with `{"path_prefix": "/api/agents", "method": "POST", "status": 503,
///   "count": 2, "retry_after": 1}` adds a rule: the next `count` requests whose path starts with
///   `path_prefix` (whole segments: `/api/agents` matches `/api/agents/x`, not `/api/agentsx`)
///   and whose method is `method` (any when omitted) are answered with `status` (400-599) and,
///   when given, `Retry-After: <retry_after>`. Optional: `code` and `message` of the error body
///   (`{code, error, message, request_id}`, readable by both APIs' clients), and `"when": "after"`
///   to run the request first and then answer the fault (a response lost on the way back; the
///   default `"before"` answers without executing anything). Answers 201 with the rule.
/// - `GET /__sandbox/faults`: `{"faults": [active rules], "injected": [the last 100 injected
///   answers with method, path, status, rule id and the request's Idempotency-Key]}`.
/// - `DELETE /__sandbox/faults`: removes every rule and the log.
///
/// Rules live in memory only (a restart clears them). The first matching rule with requests
/// left applies; an exhausted rule disappears.
public final class FaultInjection: Sendable {
    /// One rule, as posted.
    public struct Rule: Sendable, Equatable {
        public var id: String
        public var pathPrefix: String
        public var method: String?
        public var status: Int
        public var remaining: Int
        public var retryAfter: Int?
        public var code: String?
        public var message: String?
        public var afterExecution: Bool

        var json: JSONValue {
            [
                "id": .string(id), "path_prefix": .string(pathPrefix), "method": .optional(method), "status": .int(status),
                "remaining": .int(remaining), "retry_after": retryAfter.map(JSONValue.int) ?? .null, "code": .optional(code),
                "message": .optional(message), "when": .string(afterExecution ? "after" : "before"),
            ]
        }

        func matches(method requestMethod: String, path: String) -> Bool {
            if let method, method.uppercased() != requestMethod.uppercased() { return false }
            if pathPrefix == "/" || path == pathPrefix { return true }
            let prefix = pathPrefix.hasSuffix("/") ? pathPrefix : pathPrefix + "/"
            return path.hasPrefix(prefix)
        }
    }

    /// One injected answer, for `GET /__sandbox/faults`.
    public struct Injection: Sendable, Equatable {
        public var ruleID: String
        public var method: String
        public var path: String
        public var status: Int
        public var idempotencyKey: String?
        public var requestID: String

        var json: JSONValue {
            ["rule_id": .string(ruleID), "method": .string(method), "path": .string(path), "status": .int(status),
             "idempotency_key": .optional(idempotencyKey), "request_id": .string(requestID)]
        }
    }

    private struct State {
        var rules: [Rule] = []
        var log: [Injection] = []
        var nextID = 1
    }

    /// Route prefix of the control routes (never faulted themselves).
    public static let path = "/__sandbox/faults"
    static let logLimit = 100
    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Installs the middleware and the control routes. Call before any other route is added:
    /// Hummingbird applies a router middleware only to routes added after it.
    public func install(on router: Router<SandboxRequestContext>) {
        router.add(middleware: FaultInjectionMiddleware(faults: self))
        router.post(RouterPath(Self.path)) { request, context in
            do {
                let body = try FieldReader(data: try await SandboxHTTP.body(of: request, context: context), allowEmpty: false,
                                           nullIsAbsent: false) { SandboxError.invalid($0, $1) }
                let rule = try self.add(body)
                return StoredResponse.json(.created, rule.json, headers: ["X-Request-ID": context.requestID]).response()
            } catch let error as SandboxError {
                return Self.errorResponse(status: error.status.code, code: error.code, message: error.message, retryAfter: nil, requestID: context.requestID).response()
            }
        }
        router.get(RouterPath(Self.path)) { _, context in
            let (rules, log) = self.snapshot()
            return StoredResponse.json(.ok, ["faults": .array(rules.map(\.json)), "injected": .array(log.map(\.json))],
                                       headers: ["X-Request-ID": context.requestID]).response()
        }
        router.delete(RouterPath(Self.path)) { _, context in
            let cleared = self.clear()
            return StoredResponse.json(.ok, ["cleared": .int(cleared)], headers: ["X-Request-ID": context.requestID]).response()
        }
    }

    /// Adds a rule from a request body (validated; 400 naming the field).
    @discardableResult
    public func add(_ body: FieldReader) throws -> Rule {
        let prefix = try body.requiredString("path_prefix", min: 1, max: 500)
        guard prefix.hasPrefix("/") else { throw SandboxError.invalid("path_prefix", "must start with /") }
        guard !prefix.hasPrefix(Self.path) else { throw SandboxError.invalid("path_prefix", "the fault routes cannot be faulted") }
        let method = try body.string("method", min: 1, max: 10, oneOf: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
        let status = try body.requiredInt("status", min: 400, max: 599)
        let count = try body.int("count", min: 1, max: 1000) ?? 1
        let retryAfter = try body.int("retry_after", min: 0, max: 3600)
        let code = try body.string("code", min: 1, max: 100)
        let message = try body.string("message", min: 1, max: 500)
        let when = try body.string("when", oneOf: ["before", "after"]) ?? "before"
        return state.withLockedValue { state in
            let rule = Rule(id: "fault_\(state.nextID)", pathPrefix: prefix, method: method, status: status, remaining: count,
                            retryAfter: retryAfter, code: code, message: message, afterExecution: when == "after")
            state.nextID += 1
            state.rules.append(rule)
            return rule
        }
    }

    /// Removes every rule and the log; returns how many rules were active.
    @discardableResult
    public func clear() -> Int {
        state.withLockedValue { state in
            let n = state.rules.count
            state.rules.removeAll()
            state.log.removeAll()
            return n
        }
    }

    /// Active rules and the injection log.
    public func snapshot() -> (rules: [Rule], injected: [Injection]) {
        state.withLockedValue { ($0.rules, $0.log) }
    }

    /// Consumes one use of the first rule matching the request, if any.
    func take(method: String, path: String) -> Rule? {
        guard !path.hasPrefix(Self.path) else { return nil }
        return state.withLockedValue { state in
            guard let index = state.rules.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
            let rule = state.rules[index]
            state.rules[index].remaining -= 1
            if state.rules[index].remaining <= 0 { state.rules.remove(at: index) }
            return rule
        }
    }

    func record(_ injection: Injection) {
        state.withLockedValue { state in
            state.log.append(injection)
            if state.log.count > Self.logLimit { state.log.removeFirst(state.log.count - Self.logLimit) }
        }
    }

    /// The injected answer: `{code, error, message, request_id}` plus `Retry-After` and `X-Request-ID`.
    static func errorResponse(status: Int, code: String, message: String, retryAfter: Int?, requestID: String) -> StoredResponse {
        var headers = ["X-Request-ID": requestID]
        if let retryAfter { headers["Retry-After"] = String(retryAfter) }
        let body: JSONValue = ["code": .string(code), "error": .string(message), "message": .string(message), "request_id": .string(requestID)]
        return .json(HTTPResponse.Status(code: status), body, headers: headers)
    }

    /// Default code of an injected status.
    static func defaultCode(_ status: Int) -> String {
        switch status {
        case 429: return "rate_limited"
        case 500: return "internal_error"
        case 502: return "bad_gateway"
        case 503: return "service_unavailable"
        case 504: return "gateway_timeout"
        default: return "injected_fault"
        }
    }
}

/// Answers requests matched by a `FaultInjection` rule; everything else passes through.
struct FaultInjectionMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext
    let faults: FaultInjection

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let rule = faults.take(method: request.method.rawValue, path: path) else {
            return try await next(request, context)
        }
        if rule.afterExecution {
            // Run the request for real, then lose its response.
            _ = try? await next(request, context)
        }
        faults.record(.init(ruleID: rule.id, method: request.method.rawValue, path: path, status: rule.status,
                            idempotencyKey: SandboxHTTP.header(request, "Idempotency-Key"), requestID: context.requestID))
        let message = rule.message ?? "injected fault \(rule.id): \(rule.status) for \(request.method.rawValue) \(path)"
        return FaultInjection.errorResponse(status: rule.status, code: rule.code ?? FaultInjection.defaultCode(rule.status),
                                            message: message, retryAfter: rule.retryAfter, requestID: context.requestID).response()
    }
}
