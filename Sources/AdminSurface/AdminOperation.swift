/// The two platforms adminsh speaks to.
public enum Platform: String, Sendable, CaseIterable {
    case contio
    case conto
}

/// Which key authenticates an operation.
public enum Authentication: String, Sendable {
    /// The platform's configured admin credentials (Contio API key + client ID, Conto org key).
    case admin
    /// A Conto agent SDK key (`conto_agent_...`), passed as the call's first argument: the
    /// agent-side `/api/sdk/*` endpoints, used to check what an agent may do.
    case agentKey
}

public enum HTTPMethod: String, Sendable {
    case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
}

/// One admin operation, declared once: bindings, help, validation, completion and the catalog
/// tests are all derived from it.
public struct AdminOperation: Sendable {
    public let platform: Platform
    /// Lua name below the platform table: `getCredentialStatus` (Contio, flat) or
    /// `agents.linkWallet` (Conto namespaces).
    public let luaName: String
    /// Domain group (`credentials`, `toolkits`, `agents`, ...), as the vendor SDK groups them.
    public let group: String
    public let method: HTTPMethod
    /// Path template with `{name}` placeholders, relative to the platform's base URL
    /// (Contio: `/v1/partner/admin/...`; Conto: `/api/...`).
    public let path: String
    /// Path parameters in order; they are the positional Lua arguments.
    public let pathParameters: [String]
    /// Accepted values of path parameters that take a fixed set (checked before any request).
    public let pathValues: [String: PathValues]
    /// Query and body fields, passed in one Lua table after the positional arguments.
    public let parameters: [Parameter]
    /// How the Lua table becomes the request body.
    public let body: BodyStyle
    /// Conto scope the route requires (nil for Contio): an org-key scope, or for agent-key
    /// operations an agent scope.
    public let scope: String?
    /// The key the request carries.
    public let authentication: Authentication
    /// Whether the call changes state (mutating calls carry an `Idempotency-Key`).
    public let mutating: Bool
    /// How this operation is undone: a call built from the original call and its result, or no
    /// safe inverse with the reason. Nil for reads. Compensation, undo and the journal read it.
    public let inverse: Inverse?
    /// Whether the call removes or replaces something that cannot simply be created again
    /// (delete, revoke, rotate, freeze, discard, unlink, reset...): confirmations and the saga's
    /// commit phase are decided by it.
    public let destructive: Bool
    /// Response fields that carry secrets (new keys, rollback tokens): wrapped as secret values,
    /// redacted wherever results are printed or stored.
    public let secretFields: [String]
    /// How a list response carries its items, for pagination helpers; nil if not a list.
    public let list: ListShape?
    /// The SDK's alternative path for the same operation (served too), if any.
    public let variantPath: String?
    public let summary: String
    public let help: String

    public init(platform: Platform, luaName: String, group: String, method: HTTPMethod, path: String,
                pathValues: [String: PathValues] = [:],
                parameters: [Parameter] = [], body: BodyStyle? = nil, scope: String? = nil, mutating: Bool? = nil,
                inverse: Inverse? = nil, destructive: Bool? = nil, secretFields: [String] = [],
                list: ListShape? = nil, variantPath: String? = nil,
                authentication: Authentication = .admin, summary: String, help: String = "") {
        self.platform = platform
        self.luaName = luaName
        self.group = group
        self.method = method
        self.path = path
        let pathParameters = AdminOperation.placeholders(in: path)
        self.pathParameters = pathParameters
        self.pathValues = pathValues
        // A PATCH leaves out what it does not change: a field's create-time default would be a
        // lie in its help, so updates never show one.
        self.parameters = method == .patch ? parameters.map(\.withoutDefault) : parameters
        self.body = body ?? (method == .get || method == .delete ? .none : .fields)
        self.scope = scope
        self.mutating = mutating ?? (method != .get)
        let qualified = "\(platform.rawValue).\(luaName)"
        self.inverse = inverse?.resolved(for: qualified, platform: platform, pathCount: pathParameters.count)
        self.destructive = destructive ?? (method == .delete)
        self.secretFields = secretFields
        self.list = list
        self.variantPath = variantPath
        self.authentication = authentication
        self.summary = summary
        self.help = help
    }

    /// `contio.getCredentialStatus`, `conto.agents.create`.
    public var qualifiedName: String { "\(platform.rawValue).\(luaName)" }

    /// Names inside `{...}` in order.
    static func placeholders(in path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for c in path {
            if c == "{" { current = "" } else if c == "}" { if let n = current { names.append(n) }; current = nil } else if current != nil { current!.append(c) }
        }
        return names
    }

    /// The path with placeholders replaced by percent-encoded values.
    public func resolvedPath(_ values: [String]) -> String {
        var out = path
        for (name, value) in zip(pathParameters, values) {
            out = out.replacingFirst("{\(name)}", with: value.percentEncodedPathSegment)
        }
        return out
    }
}

/// How the Lua argument table maps onto the request.
public enum BodyStyle: Sendable, Equatable {
    /// No body; every field of the table is a query parameter.
    case none
    /// Declared body fields go in a JSON object; declared query fields go in the query string.
    case fields
    /// The whole table (e.g. a toolkit manifest) is the JSON body; no field checking.
    case whole
}

/// Where a list response keeps its items.
public enum ListShape: Sendable, Equatable {
    /// `{<key>: [...], total?, limit, offset}` (Contio `items`/`deliveries`, Conto `agents`, ...).
    case envelope(itemsKey: String)
    /// `{events: [...], pagination: {limit, offset, count}}`.
    case paginationEnvelope(itemsKey: String)
    /// A bare JSON array.
    case bareArray
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let parts = split(separator: target, maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? parts[0] + replacement + parts[1] : self
    }

    var percentEncodedPathSegment: String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
