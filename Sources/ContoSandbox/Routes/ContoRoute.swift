import HTTPTypes

/// One operation of the emulator, declared once: the router registers it, the dispatcher
/// enforces its access rule, and `/api/openapi` describes it from the same value.
struct ContoRoute: Sendable {
    /// A query parameter as documented.
    struct QueryParameter: Sendable {
        var name: String
        var schema: Schema
        var description: String
    }

    var method: HTTPRequest.Method
    /// Path template with `{name}` parameters, valid for Hummingbird and OpenAPI alike.
    var path: String
    /// SDK method name (`agents.linkWallet`), used as the OpenAPI operationId.
    var operationId: String
    var summary: String
    var tag: String
    var access: ContoAccess
    var query: [QueryParameter] = []
    /// Request body schema, and an example body that the contract test sends.
    var requestBody: Schema? = nil
    var requestExample: JSON? = nil
    /// Status of a successful call.
    var successStatus: Int = 200
    var response: Schema
    var handler: @Sendable (inout ContoCall) throws -> JSON

    /// Names of the `{parameters}` of `path`.
    var pathParameters: [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// Served under `/api` and described in the OpenAPI document (sandbox helpers are not).
    var isPublicAPI: Bool { path.hasPrefix("/api/") }

    /// Which rate-limit budget the route draws on; sandbox helpers draw on none, so a test can
    /// always move the clock of a key that is being limited.
    var rateClass: RateClass? {
        switch access {
        case .agent: return path.hasPrefix("/api/sdk/payments") ? .payments : .sdkReads
        case .org: return .admin
        case .sandboxOrg, .open: return nil
        }
    }
}

/// The three documented rate-limit budgets.
enum RateClass: String {
    case admin, payments, sdkReads

    func limit(_ settings: ContoConfiguration) -> Int {
        switch self {
        case .admin: return settings.adminRequestsPerWindow
        case .payments: return settings.paymentRequestsPerWindow
        case .sdkReads: return settings.sdkReadRequestsPerWindow
        }
    }
}

extension ContoRoute {
    static func get(_ path: String, _ operationId: String, _ summary: String, tag: String, access: ContoAccess,
                    query: [QueryParameter] = [], response: Schema,
                    handler: @escaping @Sendable (inout ContoCall) throws -> JSON) -> ContoRoute {
        ContoRoute(method: .get, path: path, operationId: operationId, summary: summary, tag: tag, access: access,
                   query: query, response: response, handler: handler)
    }

    static func send(_ method: HTTPRequest.Method, _ path: String, _ operationId: String, _ summary: String, tag: String,
                     access: ContoAccess, body: Schema? = nil, example: JSON? = nil, status: Int = 200, response: Schema,
                     handler: @escaping @Sendable (inout ContoCall) throws -> JSON) -> ContoRoute {
        ContoRoute(method: method, path: path, operationId: operationId, summary: summary, tag: tag, access: access,
                   requestBody: body, requestExample: example, successStatus: status, response: response, handler: handler)
    }
}

extension ContoRoute.QueryParameter {
    static let limit = Self(name: "limit", schema: .integer, description: "Page size, 1-100 (default 50)")
    static let offset = Self(name: "offset", schema: .integer, description: "Items to skip (default 0)")
    static func filter(_ name: String, _ schema: Schema, _ description: String) -> Self {
        Self(name: name, schema: schema, description: description)
    }
    static func filter(_ name: String, _ description: String) -> Self {
        Self(name: name, schema: .string, description: description)
    }
}
