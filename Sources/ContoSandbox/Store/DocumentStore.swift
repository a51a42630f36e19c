import Foundation
import GRDB

/// A record kept in `conto_documents`.
protocol StoredDocument: Codable {
    /// Table discriminator, e.g. `agent`.
    static var kind: String { get }
    /// Name used in 404 messages, e.g. `Agent`.
    static var displayName: String { get }
    var id: String { get }
    var orgId: String { get }
    /// Value found by `DocumentStore.find(lookup:)`, if the kind has one.
    var lookup: String? { get }
}

extension StoredDocument {
    var lookup: String? { nil }
}

/// Typed access to `conto_documents` inside one open transaction; every read is scoped to an org.
/// Reads use GRDB's per-connection statement cache (the same few queries run on every request)
/// and `DecodedDocumentCache` (decoding is the expensive part of a read).
struct DocumentStore {
    let db: Database

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// The document `id` of `org`, or nil (a document of another org is invisible).
    func get<T: StoredDocument>(_ type: T.Type, _ id: String, org: String) throws -> T? {
        guard let body = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM conto_documents WHERE kind = ? AND id = ? AND org_id = ?"),
                                             arguments: [T.kind, id, org]) else { return nil }
        return try decode(body)
    }

    /// The document or a 404 naming it.
    func require<T: StoredDocument>(_ type: T.Type, _ id: String, org: String) throws -> T {
        guard let document = try get(type, id, org: org) else { throw ContoError.notFound(T.displayName, id) }
        return document
    }

    /// Every document of the kind in `org`, oldest first.
    func all<T: StoredDocument>(_ type: T.Type, org: String) throws -> [T] {
        try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM conto_documents WHERE kind = ? AND org_id = ? ORDER BY rowid"),
                            arguments: [T.kind, org])
            .map { try decode($0) as T }
    }

    /// The document whose lookup value is `lookup`, in any org (keys identify their org).
    func find<T: StoredDocument>(_ type: T.Type, lookup: String) throws -> T? {
        guard let body = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM conto_documents WHERE kind = ? AND lookup = ?"),
                                             arguments: [T.kind, lookup]) else { return nil }
        return try decode(body)
    }

    /// A stored body as its record.
    func decode<T: StoredDocument>(_ body: String) throws -> T {
        try DecodedDocumentCache.shared.record(T.self, body: body) { try Self.decoder.decode(T.self, from: Data($0.utf8)) }
    }

    /// Inserts or replaces; a replace keeps the original insertion order.
    func save<T: StoredDocument>(_ document: T) throws {
        let body = String(decoding: try Self.encoder.encode(document), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO conto_documents (kind, id, org_id, lookup, body, status) VALUES (?1, ?2, ?3, ?4, ?5, json_extract(?5, '$.status'))
            ON CONFLICT (kind, id) DO UPDATE SET lookup = excluded.lookup, body = excluded.body, status = excluded.status
            """).execute(arguments: [T.kind, document.id, document.orgId, document.lookup, body])
    }

    /// Removes a document (hard delete: used only for links and assignments).
    func delete<T: StoredDocument>(_ type: T.Type, _ id: String) throws {
        try db.execute(sql: "DELETE FROM conto_documents WHERE kind = ? AND id = ?", arguments: [T.kind, id])
    }

    /// Number of documents of the kind across all orgs (seeding checks emptiness).
    func count<T: StoredDocument>(_ type: T.Type) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conto_documents WHERE kind = ?", arguments: [T.kind]) ?? 0
    }
}
