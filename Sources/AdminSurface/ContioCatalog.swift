extension Catalog {
    /// Contio partner admin operations (`PartnerAdminClient` method names, flat on `contio`).
    ///
    /// All 61 operations of the partner admin spec, plus `getWorkspaces`, which the SDK calls and
    /// the spec leaves out. The two credential rollbacks are one SDK method,
    /// `rollbackCredential(credentialType, {...})`, so 61 spec operations make 60 Lua functions.
    public static let contio: [AdminOperation] =
        ContioCatalog.app + ContioCatalog.webhooks + ContioCatalog.automations + ContioCatalog.connections
        + ContioCatalog.credentials + ContioCatalog.idp + ContioCatalog.templates + ContioCatalog.toolkits
        + ContioCatalog.workflowTemplates + ContioCatalog.workspaces
}

/// Builders shared by the Contio catalog files.
enum ContioCatalog {
    /// Every Contio admin path starts here.
    static let basePath = "/v1/partner/admin"

    /// One Contio operation; `path` is relative to `basePath`, `variant` (the SDK's path) too.
    static func op(_ luaName: String, _ group: String, _ method: HTTPMethod, _ path: String,
                   _ parameters: [Parameter] = [], pathValues: [String: PathValues] = [:], body: BodyStyle? = nil,
                   list: ListShape? = nil, variant: String? = nil, undo: Inverse? = nil, destructive: Bool? = nil,
                   secrets: [String] = [], summary: String, help: String = "") -> AdminOperation {
        AdminOperation(platform: .contio, luaName: luaName, group: group, method: method, path: basePath + path,
                  pathValues: pathValues, parameters: parameters, body: body, inverse: undo, destructive: destructive, secretFields: secrets, list: list,
                  variantPath: variant.map { basePath + $0 }, summary: summary, help: help)
    }

    /// `limit` and `offset` query parameters with the documented defaults.
    static func page(limit: String = "50", max: Int? = nil) -> [Parameter] {
        let maxNote = max.map { ", max \($0)" } ?? ""
        return [
            .query("limit", .integer, default: limit, "Page size\(maxNote)"),
            .query("offset", .integer, default: "0", "Items to skip"),
        ]
    }

    /// The `{items, total, limit, offset}` envelope most Contio lists use.
    static let items = ListShape.envelope(itemsKey: "items")
}
