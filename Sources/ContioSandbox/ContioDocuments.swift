import Foundation
import GRDB
import SandboxCore

/// Resources kept as JSON documents in `contio_documents` (automations, templates, toolkits,
/// versions, IdP config, domains, connections, workflow templates, next steps, ...), read and
/// written through the shared typed store (`SandboxCore/Store`) as `ContioRecord`s, one record
/// type per kind. [I] They carry no relational rules beyond "owned by one app", so a document
/// table keeps each one a few lines while still being real SQLite rows written in the request's
/// transaction.
///
/// Lists page, filter and count in SQL (`DocumentQuery`; totals of unfiltered lists come from the
/// counts the table's triggers keep), so a page costs what a page costs, not what the app's whole
/// collection does. A stored document that cannot be read back is a 500 naming its kind, never a
/// crash.
enum ContioDocuments {
    /// The table, its tenant column and its counts.
    static let table = DocumentTable(name: "contio_documents", tenantColumn: "app_id", uniqueKey: ["app_id", "kind", "id"],
                                     countsTable: "contio_document_counts", notFound: { what, _ in SandboxError.notFound(what) })

    private static func store(_ db: Database) -> TypedDocumentStore { TypedDocumentStore(db: db, table: table) }

    /// Runs a store operation; a stored body that does not decode becomes a 500 naming the kind.
    private static func reading<K: ContioKind, T>(_ kind: K.Type, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is DecodingError {
            throw SandboxError(.internalServerError, code: "internal_error", "a stored \(K.name) cannot be read")
        }
    }

    /// Adds (or replaces) document `id` of `app`.
    static func insert<K: ContioKind>(db: Database, app: String, kind: K.Type, id: String, body: JSONValue) throws {
        try store(db).save(ContioRecord<K>(id: id, appId: app, document: body))
    }

    /// Replaces document `id` of `app` with `body`.
    static func update<K: ContioKind>(db: Database, app: String, kind: K.Type, id: String, body: JSONValue) throws {
        try store(db).save(ContioRecord<K>(id: id, appId: app, document: body))
    }

    static func get<K: ContioKind>(db: Database, app: String, kind: K.Type, id: String) throws -> JSONValue? {
        try reading(kind) { try store(db).get(ContioRecord<K>.self, id, tenant: app)?.document }
    }

    /// The document or a 404 naming `what`.
    static func require<K: ContioKind>(db: Database, app: String, kind: K.Type, id: String, what: String) throws -> JSONValue {
        guard let doc = try get(db: db, app: app, kind: kind, id: id) else { throw SandboxError.notFound(what) }
        return doc
    }

    @discardableResult
    static func delete<K: ContioKind>(db: Database, app: String, kind: K.Type, id: String) throws -> Bool {
        try store(db).delete(ContioRecord<K>.self, id, tenant: app)
    }

    /// Documents of a kind in creation order whose members equal `matching` (nil values add no
    /// filter), or by a numeric member (missing counts as 0). For collections bounded by their
    /// owner (a toolkit's versions, a template's links) and for lookups by name.
    static func all<K: ContioKind>(db: Database, app: String, kind: K.Type, matching: [String: String?] = [:],
                                   orderedBy member: String? = nil) throws -> [JSONValue] {
        let documents = try reading(kind) {
            try store(db).page(query(K.self, matching), tenant: app, limit: -1, offset: 0).items.map(\.document)
        }
        guard let member else { return documents }
        return documents.enumerated().sorted { a, b in
            let (x, y) = (a.element[member]?.numberValue ?? 0, b.element[member]?.numberValue ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
    }

    /// How many documents of a kind match (from the counts table when nothing but the kind is asked).
    static func count<K: ContioKind>(db: Database, app: String, kind: K.Type, matching: [String: String?] = [:]) throws -> Int {
        let query = query(K.self, matching)
        return try reading(kind) { try store(db).page(query, tenant: app, limit: 0, offset: 0).total }
    }

    /// `{items, total, limit, offset}`: one page of the matching documents in creation order, read
    /// and counted in SQL. With `orderedBy`, a collection bounded by its owner (a template's
    /// links) is ordered by that numeric member first, then paged.
    static func page<K: ContioKind>(db: Database, app: String, kind: K.Type, matching: [String: String?] = [:], orderedBy member: String? = nil,
                                    limit: Int, offset: Int, map: (JSONValue) throws -> JSONValue = { $0 }) throws -> JSONValue {
        if member != nil {
            let ordered = try all(db: db, app: app, kind: kind, matching: matching, orderedBy: member)
            return page(try ordered.dropFirst(offset).prefix(limit).map(map), total: ordered.count, limit: limit, offset: offset)
        }
        let (items, total) = try reading(kind) { try store(db).page(query(K.self, matching), tenant: app, limit: limit, offset: offset) }
        return page(try items.map { try map($0.document) }, total: total, limit: limit, offset: offset)
    }

    /// `{items, total, limit, offset}` around items already paged.
    static func page(_ items: [JSONValue], total: Int, limit: Int, offset: Int) -> JSONValue {
        ["items": .array(items), "total": .int(total), "limit": .int(limit), "offset": .int(offset)]
    }

    /// The `id` member of a stored document (500 when a stored document lacks it).
    static func id(of doc: JSONValue) throws -> String {
        try string(doc, "id")
    }

    /// A string member a stored document must have (500 naming it when it does not).
    static func string(_ doc: JSONValue, _ member: String) throws -> String {
        guard let value = doc[member]?.stringValue else {
            throw SandboxError(.internalServerError, code: "internal_error", "stored document has no \(member)")
        }
        return value
    }

    private static func query<K: ContioKind>(_ kind: K.Type, _ matching: [String: String?]) -> DocumentQuery<ContioRecord<K>> {
        var query = DocumentQuery<ContioRecord<K>>()
        for (member, value) in matching.sorted(by: { $0.key < $1.key }) { query.field(member, equals: value) }
        return query
    }

    /// Readies `contio_documents` for the typed store: every body carries its row's id and app
    /// (`ContioRecord`), then the shared upgrade adds the status column, the lookup index and the
    /// counts table.
    static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("contio.v2.records") { db in
            try db.execute(sql: "UPDATE contio_documents SET body = json_set(body, '$._id', id, '$._app', app_id)")
        }
        DocumentTableUpgrade.register(&migrator, "contio.v3.typed-store", table: table)
    }
}

extension JSONValue {
    /// A copy with `key` set (objects only).
    func setting(_ key: String, _ value: JSONValue) -> JSONValue {
        var copy = self
        copy[key] = value
        return copy
    }

    /// A copy keeping only `keys` (response projection).
    func projected(_ keys: [String]) -> JSONValue {
        guard case .object(let o) = self else { return self }
        return .object(o.filter { keys.contains($0.key) })
    }
}
