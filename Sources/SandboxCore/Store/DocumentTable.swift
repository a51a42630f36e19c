/// Where one platform keeps its documents, and how it names a missing one.
///
/// The table has at least the columns `kind`, `id`, the tenant column, `lookup`, `body` (the
/// record's JSON) and `status` (the body's `status`, copied on every save), ordered by rowid (its
/// insertion order), with an index on (tenant, kind) or (kind, tenant): SQLite appends the rowid to
/// every index entry, so that index yields one tenant's documents of a kind in insertion order and
/// a page is read without sorting. `DocumentTableUpgrade` adds what a table lacks, including the
/// counts table the listing totals are read from.
public struct DocumentTable: Sendable {
    /// e.g. `conto_documents`.
    public var name: String
    /// e.g. `org_id` (Conto) or `app_id` (Contio).
    public var tenantColumn: String
    /// The columns of the unique key a save upserts on: `["kind", "id"]` when ids are unique per
    /// kind, `["app_id", "kind", "id"]` when only per tenant.
    public var uniqueKey: [String]
    /// The per (kind, tenant, status) document counts kept by triggers, e.g. `conto_document_counts`.
    public var countsTable: String
    /// The error a `require` of a missing document throws: (display name, id) → the platform's 404.
    public var notFound: @Sendable (_ displayName: String, _ id: String) -> Error

    public init(name: String, tenantColumn: String, uniqueKey: [String], countsTable: String,
                notFound: @escaping @Sendable (_ displayName: String, _ id: String) -> Error) {
        self.name = name
        self.tenantColumn = tenantColumn
        self.uniqueKey = uniqueKey
        self.countsTable = countsTable
        self.notFound = notFound
    }
}
