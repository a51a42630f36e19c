/// A record kept as one JSON document in a platform's document table (see `DocumentTable`).
public protocol SandboxDocument: Codable {
    /// Table discriminator, e.g. `agent`.
    static var kind: String { get }
    /// Name used in 404 messages, e.g. `Agent`.
    static var displayName: String { get }
    var id: String { get }
    /// The tenant the document belongs to (Conto's org, Contio's app).
    var tenantId: String { get }
    /// Value found by `TypedDocumentStore.find(lookup:)`, if the kind has one.
    var lookup: String? { get }
}

extension SandboxDocument {
    public var lookup: String? { nil }
}
