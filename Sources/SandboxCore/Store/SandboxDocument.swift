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
    /// What the `status` column (and the counts table) files the document under when it is not
    /// the body's `status`: a state the wire status does not show (e.g. a deleted wallet, still
    /// ARCHIVED in its body). Nil: the body's `status`.
    var indexedStatus: String? { get }
}

extension SandboxDocument {
    public var lookup: String? { nil }
    public var indexedStatus: String? { nil }
}
