import Foundation
import GRDB
import SandboxCore

/// Resources kept as one JSON document per row (automations, templates, toolkits, versions, IdP
/// config, domains, connections, workflow templates, next steps, ...). [I] They carry no
/// relational rules beyond "owned by one app", so a document table keeps each one a few lines
/// while still being real SQLite rows written in the request's transaction.
enum ContioDocuments {
    static func insert(db: Database, app: String, kind: String, id: String, body: JSONValue) throws {
        try db.execute(sql: "INSERT INTO contio_documents (app_id, kind, id, body) VALUES (?, ?, ?, ?)",
                       arguments: [app, kind, id, body.text])
    }

    static func get(db: Database, app: String, kind: String, id: String) throws -> JSONValue? {
        guard let text = try String.fetchOne(db, sql: "SELECT body FROM contio_documents WHERE app_id = ? AND kind = ? AND id = ?",
                                             arguments: [app, kind, id]) else { return nil }
        return try JSONValue.parse(Data(text.utf8))
    }

    /// The document or a 404 naming `what`.
    static func require(db: Database, app: String, kind: String, id: String, what: String) throws -> JSONValue {
        guard let doc = try get(db: db, app: app, kind: kind, id: id) else { throw SandboxError.notFound(what) }
        return doc
    }

    static func update(db: Database, app: String, kind: String, id: String, body: JSONValue) throws {
        try db.execute(sql: "UPDATE contio_documents SET body = ? WHERE app_id = ? AND kind = ? AND id = ?",
                       arguments: [body.text, app, kind, id])
    }

    @discardableResult
    static func delete(db: Database, app: String, kind: String, id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM contio_documents WHERE app_id = ? AND kind = ? AND id = ?", arguments: [app, kind, id])
        return db.changesCount > 0
    }

    /// All documents of a kind in creation order, optionally filtered.
    static func all(db: Database, app: String, kind: String, where keep: (JSONValue) -> Bool = { _ in true }) throws -> [JSONValue] {
        try String.fetchAll(db, sql: "SELECT body FROM contio_documents WHERE app_id = ? AND kind = ? ORDER BY seq",
                            arguments: [app, kind])
            .compactMap { try? JSONValue.parse(Data($0.utf8)) }
            .filter(keep)
    }

    /// `{items, total, limit, offset}` over the filtered documents.
    static func page(_ docs: [JSONValue], limit: Int, offset: Int, map: (JSONValue) -> JSONValue = { $0 }) -> JSONValue {
        let slice = docs.dropFirst(offset).prefix(limit).map(map)
        return ["items": .array(Array(slice)), "total": .int(docs.count), "limit": .int(limit), "offset": .int(offset)]
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
