import HTTPTypes
import SandboxCore

/// A Contio route: the shared route declaration on Contio's platform. API routes are named
/// `contio.<PartnerAdminClient method>` (the catalog's qualified name) and declared with paths
/// relative to the admin prefix; control routes relative to `/__sandbox/contio`.
typealias ContioRoute = SandboxRoute<ContioPlatform>

extension SandboxRoute where Platform == ContioPlatform {
    typealias Handler = @Sendable (inout ContioCall) throws -> ContioReply

    /// Prefix of the sandbox-only routes.
    static var controlPrefix: String { "/__sandbox/contio" }

    /// The PartnerAdminClient method name (`getApp`): the OpenAPI operationId.
    var operationId: String {
        name.hasPrefix("contio.") ? String(name.dropFirst("contio.".count)) : name
    }

    /// The admin API operation `contio.<method>`; `variant` is the SDK's spelling of the path.
    static func api(_ method: String, _ verb: HTTPRequest.Method, _ path: String, variant: String? = nil, tag: String,
                    _ summary: String, status: Int = 200, query: [OpenAPIOperation.QueryParameter] = [],
                    response: OpenAPISchema = .map, handler: @escaping Handler) -> ContioRoute {
        ContioRoute(name: "contio." + method, role: .api, method: verb, path: ContioPlatform.apiPrefix + path,
                    variantPaths: variant.map { [ContioPlatform.apiPrefix + $0] } ?? [], access: .app, successStatus: status,
                    description: ContioOpenAPI.describe(summary, tag: tag, query: query, response: response, body: verb != .get && verb != .delete),
                    handler: handler)
    }

    /// An endpoint the SDK calls beyond the API reference, named `contio.sdk.<name>`.
    static func sdkExtra(_ name: String, _ verb: HTTPRequest.Method, _ path: String, _ summary: String,
                         handler: @escaping Handler) -> ContioRoute {
        ContioRoute(name: "contio.sdk." + name, role: .sdkExtra, method: verb, path: ContioPlatform.apiPrefix + path, access: .app,
                    description: OpenAPIOperation(summary: summary, tag: "SDK", response: .map), handler: handler)
    }

    /// A sandbox control route `sandbox.contio.<name>` under `/__sandbox/contio`.
    static func control(_ name: String, _ verb: HTTPRequest.Method, _ path: String, access: ContioAccess = .app,
                        _ summary: String, handler: @escaping Handler) -> ContioRoute {
        ContioRoute(name: "sandbox.contio." + name, role: .control, method: verb, path: controlPrefix + path, access: access,
                    description: OpenAPIOperation(summary: summary, tag: "Sandbox", response: .map), handler: handler)
    }
}

extension Array where Element == OpenAPIOperation.QueryParameter {
    /// `limit` and `offset` as most Contio lists take them.
    static var page: [Element] {
        [Element(name: "limit", schema: .integer, description: "Page size, 1-100 (default 50)"),
         Element(name: "offset", schema: .integer, description: "Items to skip (default 0)")]
    }
}
