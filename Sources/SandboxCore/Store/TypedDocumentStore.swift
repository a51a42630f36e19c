// The typed document store both sandboxes keep their resources in.
//
// Usage (a platform declares its table once, conforms its records, and reads and writes through
// a store made for each open transaction):
//
//     static let table = DocumentTable(name: "contio_documents", tenantColumn: "app_id",
//                                      uniqueKey: ["app_id", "kind", "id"], countsTable: "contio_document_counts",
//                                      notFound: { what, _ in SandboxError.notFound(what) })
//     // migrations, after the one creating the table:
//     DocumentTableUpgrade.register(&migrator, "contio.v2.documents", table: table)
//
//     struct Template: SandboxDocument { static let kind = "template"; static let displayName = "Template"
//                                        var id: String; var appId: String; var tenantId: String { appId } ... }
//
//     let docs = TypedDocumentStore(db: db, table: table)
//     try docs.save(template)                                  // insert or replace, in insertion order
//     let one = try docs.require(Template.self, id, tenant: app) // or the table's 404
//     var query = DocumentQuery<Template>()
//     query.field("status", equals: "active"); query.search(text, in: ["name"])
//     let (items, total) = try docs.page(query, tenant: app, limit: 50, offset: 0)
//     try docs.delete(Template.self, id, tenant: app)            // true when a row went
//
// A record's `status` member (if it has one) is copied into the indexed `status` column on every
// save (its `indexedStatus` instead, for a state the wire status does not show):
// `field("status", ...)` filters on it, and a query filtering on nothing else takes its total
// from the counts table. Other filters read the JSON body, spelled as `DocumentField` spells
// them, so an index a platform creates on a field (e.g. Conto's agentId) serves lookups by it;
// `count`, `first` and `counts(_:groupedBy:)` read the same selection. Ordering is insertion order
// (rowid; Contio's `seq` is its rowid).
//
// Conto wraps this as `DocumentStore` (labels `org:`); `conto_documents` is the same shape with
// `org_id` and ids unique per kind.

import Foundation
import GRDB

/// Typed access to one `DocumentTable` inside one open transaction; every read is scoped to a
/// tenant except `find(lookup:)`. Reads use GRDB's per-connection statement cache (the same few
/// queries run on every request) and `DecodedDocumentCache` (decoding is the expensive part).
public struct TypedDocumentStore {
    public let db: Database
    public let table: DocumentTable

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    public init(db: Database, table: DocumentTable) {
        self.db = db
        self.table = table
    }

    private var name: String { table.name }
    private var tenant: String { table.tenantColumn }

    /// The document `id` of `tenant`, or nil (a document of another tenant is invisible).
    public func get<T: SandboxDocument>(_ type: T.Type, _ id: String, tenant value: String) throws -> T? {
        guard let body = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM \(name) WHERE kind = ? AND id = ? AND \(tenant) = ?"),
                                             arguments: [T.kind, id, value]) else { return nil }
        return try decode(body)
    }

    /// The document or the table's 404 naming it.
    public func require<T: SandboxDocument>(_ type: T.Type, _ id: String, tenant value: String) throws -> T {
        guard let document = try get(type, id, tenant: value) else { throw table.notFound(T.displayName, id) }
        return document
    }

    /// Every document of the kind in `tenant`, oldest first.
    public func all<T: SandboxDocument>(_ type: T.Type, tenant value: String) throws -> [T] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM \(name) WHERE kind = ? AND \(tenant) = ? ORDER BY rowid"),
                            arguments: [T.kind, value])
            .map { try decode($0) as T }
    }

    /// The document whose lookup value is `lookup`, in any tenant (keys identify their tenant).
    public func find<T: SandboxDocument>(_ type: T.Type, lookup: String) throws -> T? {
        guard let body = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM \(name) WHERE kind = ? AND lookup = ?"),
                                             arguments: [T.kind, lookup]) else { return nil }
        return try decode(body)
    }

    /// A stored body as its record.
    public func decode<T: SandboxDocument>(_ body: String) throws -> T {
        try DecodedDocumentCache.shared.record(T.self, body: body) { try Self.decoder.decode(T.self, from: Data($0.utf8)) }
    }

    /// Inserts or replaces; a replace keeps the original insertion order (the row is updated in place).
    public func save<T: SandboxDocument>(_ document: T) throws {
        let body = String(decoding: try Self.encoder.encode(document), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO \(name) (kind, id, \(tenant), lookup, body, status) VALUES (?1, ?2, ?3, ?4, ?5, coalesce(?6, json_extract(?5, '$.status')))
            ON CONFLICT (\(table.uniqueKey.joined(separator: ", "))) DO UPDATE SET lookup = excluded.lookup, body = excluded.body, status = excluded.status
            """).execute(arguments: [T.kind, document.id, document.tenantId, document.lookup, body, document.indexedStatus])
    }

    /// Removes a document; with `tenant` nil, the kind's document `id` of whichever tenant.
    /// Answers whether one was removed.
    @discardableResult
    public func delete<T: SandboxDocument>(_ type: T.Type, _ id: String, tenant value: String? = nil) throws -> Bool {
        if let value {
            try db.cachedStatement(sql: "DELETE FROM \(name) WHERE kind = ? AND id = ? AND \(tenant) = ?").execute(arguments: [T.kind, id, value])
        } else {
            try db.cachedStatement(sql: "DELETE FROM \(name) WHERE kind = ? AND id = ?").execute(arguments: [T.kind, id])
        }
        return db.changesCount > 0
    }

    /// Number of documents of the kind across all tenants (seeding checks emptiness), from the counts table.
    public func count<T: SandboxDocument>(_ type: T.Type) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(SUM(n), 0) FROM \(table.countsTable) WHERE kind = ?"),
                         arguments: [T.kind]) ?? 0
    }
}
