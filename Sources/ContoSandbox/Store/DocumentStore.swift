import Foundation
import GRDB
import SandboxCore

/// A record kept in `conto_documents`: a sandbox document whose tenant is its organization.
public protocol StoredDocument: SandboxDocument {
    var orgId: String { get }
}

extension StoredDocument {
    public var tenantId: String { orgId }
}

extension DocumentTable {
    /// Conto's documents (migrations conto.v1-v3): ids are unique per kind, the tenant is the org.
    public static let conto = DocumentTable(name: "conto_documents", tenantColumn: "org_id", uniqueKey: ["kind", "id"],
                                     countsTable: "conto_document_counts",
                                     notFound: { what, id in ContoError.notFound(what, id) })
}

/// The documents of Conto's query routes; `DocumentQuery` is the shared one.
typealias DocumentQuery<T: SandboxDocument> = SandboxCore.DocumentQuery<T>

/// Typed access to `conto_documents` inside one open transaction; every read is scoped to an org.
/// A thin layer over `TypedDocumentStore` that names the tenant an org.
struct DocumentStore {
    let db: Database

    /// The shared store on Conto's table.
    var typed: TypedDocumentStore { TypedDocumentStore(db: db, table: .conto) }

    /// The document `id` of `org`, or nil (a document of another org is invisible).
    func get<T: StoredDocument>(_ type: T.Type, _ id: String, org: String) throws -> T? {
        try typed.get(type, id, tenant: org)
    }

    /// The document or a 404 naming it.
    func require<T: StoredDocument>(_ type: T.Type, _ id: String, org: String) throws -> T {
        try typed.require(type, id, tenant: org)
    }

    /// Every document of the kind in `org`, oldest first.
    func all<T: StoredDocument>(_ type: T.Type, org: String) throws -> [T] {
        try typed.all(type, tenant: org)
    }

    /// Every document of `org` matching `query` (e.g. one agent's wallet links), in its order.
    func all<T: StoredDocument>(_ query: DocumentQuery<T>, org: String) throws -> [T] {
        try typed.all(query, tenant: org)
    }

    /// The first document of `org` matching `query` in its order, or nil.
    func first<T: StoredDocument>(_ query: DocumentQuery<T>, org: String) throws -> T? {
        try typed.first(query, tenant: org)
    }

    /// How many documents of `org` match `query` (the counts table when only status filters).
    func count<T: StoredDocument>(_ query: DocumentQuery<T>, org: String) throws -> Int {
        try typed.count(query, tenant: org)
    }

    /// How many documents of `org` matching `query` have each value of `field`.
    func counts<T: StoredDocument>(_ query: DocumentQuery<T>, groupedBy field: String, org: String) throws -> [String: Int] {
        try typed.counts(query, groupedBy: field, tenant: org)
    }

    /// The document whose lookup value is `lookup`, in any org (keys identify their org).
    func find<T: StoredDocument>(_ type: T.Type, lookup: String) throws -> T? {
        try typed.find(type, lookup: lookup)
    }

    /// A stored body as its record.
    func decode<T: StoredDocument>(_ body: String) throws -> T {
        try typed.decode(body)
    }

    /// Inserts or replaces; a replace keeps the original insertion order.
    func save<T: StoredDocument>(_ document: T) throws {
        try typed.save(document)
    }

    /// Removes a document (hard delete: used only for links and assignments).
    func delete<T: StoredDocument>(_ type: T.Type, _ id: String) throws {
        try typed.delete(type, id)
    }

    /// Number of documents of the kind across all orgs (seeding checks emptiness).
    func count<T: StoredDocument>(_ type: T.Type) throws -> Int {
        try typed.count(type)
    }

    /// One page of the documents of `org` matching `query`, and how many match in all.
    func page<T: StoredDocument>(_ query: DocumentQuery<T>, org: String, limit: Int, offset: Int) throws -> (items: [T], total: Int) {
        try typed.page(query, tenant: org, limit: limit, offset: offset)
    }
}
