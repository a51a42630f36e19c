import HTTPTypes

/// One route of an emulator, declared once: the pipeline registers and runs it, the OpenAPI
/// document describes it and the coverage test matches it to its catalog operation.
///
/// API routes are named by the catalog's qualified operation name (`contio.getApp`,
/// `conto.agents.create`); sandbox control routes (`/__sandbox/...`) by a `sandbox.` name and are
/// never catalog operations. Paths use one syntax, `{name}` parameters.
public struct SandboxRoute<Platform: SandboxPlatform>: Sendable {
    /// `contio.getApp`, `conto.agents.create`, `sandbox.contio.clock.advance`.
    public var name: String
    public var role: RouteRole
    public var method: HTTPRequest.Method
    /// Full path template, `{name}` parameters.
    public var path: String
    /// Further paths serving the same operation (the SDK's spelling of the spec's path).
    public var variantPaths: [String]
    public var access: Platform.Access
    /// The rate budget the route draws on; nil draws on none.
    public var rateClass: Platform.RateClass?
    /// Status of a successful call.
    public var successStatus: Int
    /// What the OpenAPI document says about the route.
    public var description: OpenAPIOperation
    public var handler: @Sendable (inout Platform.Call) throws -> Platform.Reply

    public init(name: String, role: RouteRole, method: HTTPRequest.Method, path: String, variantPaths: [String] = [],
                access: Platform.Access, rateClass: Platform.RateClass? = nil, successStatus: Int = 200,
                description: OpenAPIOperation, handler: @escaping @Sendable (inout Platform.Call) throws -> Platform.Reply) {
        self.name = name
        self.role = role
        self.method = method
        self.path = path
        self.variantPaths = variantPaths
        self.access = access
        self.rateClass = rateClass
        self.successStatus = successStatus
        self.description = description
        self.handler = handler
    }

    /// Names of the `{parameters}` of `path`.
    public var pathParameters: [String] { Self.parameters(of: path) }

    /// Names of the `{parameters}` of a path template.
    public static func parameters(of path: String) -> [String] {
        path.split(separator: "/").compactMap { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
        }
    }

    /// The route as the coverage test and tools see it.
    public var declaration: RouteDeclaration {
        RouteDeclaration(name: name, role: role, method: method.rawValue, path: path, variantPaths: variantPaths)
    }
}

/// What a route is part of.
public enum RouteRole: String, Sendable, Equatable {
    /// An operation of the vendor's API: in the catalog and in the OpenAPI document.
    case api
    /// The platform's own OpenAPI document: under the API prefix, described, not a catalog operation.
    case document
    /// A sandbox-only helper under `/__sandbox`: neither in the catalog nor in the OpenAPI document.
    case control
    /// An endpoint the vendor's SDK calls that its API reference (and so the catalog) lacks, such
    /// as another verb for a documented operation: served for compatibility, not documented.
    case sdkExtra
}

/// A route without its handler: what a module lists publicly (coverage test, docs).
public struct RouteDeclaration: Sendable, Equatable, CustomStringConvertible {
    /// Qualified catalog operation name, or a `sandbox.` name for control routes.
    public var name: String
    public var role: RouteRole
    /// `GET`, `POST`, ...
    public var method: String
    /// Path template with `{name}` parameters.
    public var path: String
    /// Other paths serving the same operation.
    public var variantPaths: [String]

    public init(name: String, role: RouteRole, method: String, path: String, variantPaths: [String] = []) {
        self.name = name
        self.role = role
        self.method = method
        self.path = path
        self.variantPaths = variantPaths
    }

    public var description: String { "\(name): \(method) \(path)" }
}
