import Foundation
import HTTPTypes
import Hummingbird

/// What the pipeline read from one HTTP request before any step runs: plain values, so the
/// steps and handlers can run inside a database transaction.
public struct IncomingRequest: Sendable {
    /// `req_…`, echoed in the `X-Request-ID` header and error bodies.
    public let requestID: String
    public let method: HTTPRequest.Method
    /// The request path, without the query.
    public let path: String
    /// Path parameters by name (`{agentId}` → value).
    public let parameters: [String: String]
    /// Query items (the last one of a name wins).
    public let query: [String: String]
    /// The request headers.
    public let headers: HTTPFields
    /// The body bytes (nil when empty).
    public let body: Data?

    public init(requestID: String, method: HTTPRequest.Method, path: String, parameters: [String: String] = [:],
                query: [String: String] = [:], headers: HTTPFields = [:], body: Data? = nil) {
        self.requestID = requestID
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Reads `request` for a route with the given `{parameters}`; the body is collected (413 past
    /// the context's upload limit).
    static func read(_ request: Request, context: SandboxRequestContext, parameterNames: [String]) async throws -> IncomingRequest {
        let body = try await SandboxHTTP.body(of: request, context: context)
        var parameters: [String: String] = [:]
        for name in parameterNames { parameters[name] = context.parameters.get(name) }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return IncomingRequest(requestID: context.requestID, method: request.method, path: request.uri.path,
                               parameters: parameters, query: query, headers: request.headers, body: body)
    }

    /// The value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return headers[field]
    }

    /// Whether the request only reads (it runs in a read transaction).
    public var isReadOnly: Bool { method == .get || method == .head }
}
