import HTTPTypes
import SandboxCore

/// A Conto route: the shared route declaration on Conto's platform. API routes are named
/// `conto.<SDK method>` (`conto.agents.linkWallet`, the catalog's qualified name); the SDK method
/// name is also the OpenAPI operationId.
typealias ContoRoute = SandboxRoute<ContoPlatform>

/// The three documented rate-limit budgets.
enum ContoRateClass: String, Sendable {
    case admin, payments, sdkReads

    func limit(_ settings: ContoConfiguration) -> Int {
        switch self {
        case .admin: return settings.adminRequestsPerWindow
        case .payments: return settings.paymentRequestsPerWindow
        case .sdkReads: return settings.sdkReadRequestsPerWindow
        }
    }

    /// The budget of a route: sandbox helpers draw on none, so a test can always move the clock
    /// of a key that is being limited.
    static func of(_ path: String, access: ContoAccess) -> ContoRateClass? {
        switch access {
        case .agent: return path.hasPrefix("/api/sdk/payments") ? .payments : .sdkReads
        case .org: return .admin
        case .sandboxOrg, .sandboxAdmin, .open: return nil
        }
    }
}

extension SandboxRoute where Platform == ContoPlatform {
    /// The SDK method name (`agents.linkWallet`): the OpenAPI operationId.
    var operationId: String {
        name.hasPrefix(Self.namePrefix) ? String(name.dropFirst(Self.namePrefix.count)) : name
    }

    static var namePrefix: String { "conto." }

    static func get(_ path: String, _ operationId: String, _ summary: String, tag: String, access: ContoAccess,
                    query: [OpenAPIOperation.QueryParameter] = [], response: Schema,
                    handler: @escaping @Sendable (inout ContoCall) throws -> JSON) -> ContoRoute {
        make(.get, path, operationId, access: access, status: 200,
             OpenAPIOperation(summary: summary, tag: tag, query: query, response: response), handler: handler)
    }

    static func send(_ method: HTTPRequest.Method, _ path: String, _ operationId: String, _ summary: String, tag: String,
                     access: ContoAccess, body: Schema? = nil, example: JSON? = nil, status: Int = 200, response: Schema,
                     handler: @escaping @Sendable (inout ContoCall) throws -> JSON) -> ContoRoute {
        make(method, path, operationId, access: access, status: status,
             OpenAPIOperation(summary: summary, tag: tag, requestBody: body, requestExample: example, response: response), handler: handler)
    }

    /// API routes (under `/api/`) take the catalog name; sandbox helpers are `sandbox.conto.<name>`.
    private static func make(_ method: HTTPRequest.Method, _ path: String, _ operationId: String, access: ContoAccess, status: Int,
                             _ description: OpenAPIOperation, handler: @escaping @Sendable (inout ContoCall) throws -> JSON) -> ContoRoute {
        let isAPI = path.hasPrefix(ContoPlatform.apiPrefix + "/")
        let controlName = "sandbox.conto." + (operationId.hasPrefix("sandbox.") ? String(operationId.dropFirst("sandbox.".count)) : operationId)
        return ContoRoute(name: isAPI ? namePrefix + operationId : controlName, role: isAPI ? .api : .control, method: method,
                          path: path, access: access, rateClass: ContoRateClass.of(path, access: access), successStatus: status,
                          description: ContoOpenAPI.decorate(description, operationId: operationId, access: access), handler: handler)
    }
}

extension OpenAPIOperation.QueryParameter {
    static let limit = Self(name: "limit", schema: .integer, description: "Page size, 1-100 (default 50)")
    static let offset = Self(name: "offset", schema: .integer, description: "Items to skip (default 0)")
    static func filter(_ name: String, _ schema: Schema, _ description: String) -> Self {
        Self(name: name, schema: schema, description: description)
    }
    static func filter(_ name: String, _ description: String) -> Self {
        Self(name: name, schema: .string, description: description)
    }
}
