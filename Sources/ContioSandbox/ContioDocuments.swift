import Foundation
import GRDB
import SandboxCore

/// Resources kept as one JSON document per row (automations, templates, toolkits, versions, IdP
/// config, domains, connections, workflow templates, next steps, ...). [I] They carry no
/// relational rules beyond "owned by one app", so a document table keeps each one a few lines
/// while still being real SQLite rows written in the request's transaction.
///
/// Lists page, filter and count in SQL (`json_extract` on the filtered members), so a page costs
/// what a page costs, not what the app's whole collection does. A stored document that cannot be
/// read back is a 500 naming it, never a crash.
enum ContioDocuments {
    static func insert(db: Database, app: String, kind: String, id: String, body: JSONValue) throws {
        try db.execute(sql: "INSERT INTO contio_documents (app_id, kind, id, body) VALUES (?, ?, ?, ?)",
                       arguments: [app, kind, id, body.text])
    }

    static func get(db: Database, app: String, kind: String, id: String) throws -> JSONValue? {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT body FROM contio_documents WHERE app_id = ? AND kind = ? AND id = ?"),
                                             arguments: [app, kind, id]) else { return nil }
        return try decode(text, kind: kind)
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

    /// Documents of a kind in creation order whose members equal `matching` (member → value;
    /// nil values are ignored). For collections bounded by their owner (a toolkit's versions).
    static func all(db: Database, app: String, kind: String, matching: [String: JSONValue?] = [:],
                    orderedBy member: String? = nil) throws -> [JSONValue] {
        let (condition, arguments) = filter(app: app, kind: kind, matching: matching)
        return try String.fetchAll(db, sql: "SELECT body FROM contio_documents WHERE \(condition) ORDER BY \(order(member))", arguments: arguments)
            .map { try decode($0, kind: kind) }
    }

    /// How many documents of a kind match.
    static func count(db: Database, app: String, kind: String, matching: [String: JSONValue?] = [:]) throws -> Int {
        let (condition, arguments) = filter(app: app, kind: kind, matching: matching)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contio_documents WHERE \(condition)", arguments: arguments) ?? 0
    }

    /// `{items, total, limit, offset}`: one page of the matching documents in creation order,
    /// read and counted in SQL.
    static func page(db: Database, app: String, kind: String, matching: [String: JSONValue?] = [:], orderedBy member: String? = nil,
                     limit: Int, offset: Int, map: (JSONValue) throws -> JSONValue = { $0 }) throws -> JSONValue {
        let (condition, arguments) = filter(app: app, kind: kind, matching: matching)
        var pageArguments = arguments
        pageArguments += [limit, offset]
        let items = try String.fetchAll(db, sql: "SELECT body FROM contio_documents WHERE \(condition) ORDER BY \(order(member)) LIMIT ? OFFSET ?",
                                        arguments: pageArguments).map { try map(decode($0, kind: kind)) }
        let total = try count(db: db, app: app, kind: kind, matching: matching)
        return page(items, total: total, limit: limit, offset: offset)
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

    /// Creation order, or by a numeric member first (missing counts as 0), then creation order.
    private static func order(_ member: String?) -> String {
        // Member names are constants of the code; anything else is ignored rather than inlined.
        guard let member, !member.isEmpty, member.allSatisfy({ $0.isLetter || $0 == "_" }) else { return "seq" }
        return "COALESCE(json_extract(body, '$.\(member)'), 0), seq"
    }

    private static func decode(_ text: String, kind: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(Data(text.utf8))
        } catch {
            throw SandboxError(.internalServerError, code: "internal_error", "a stored \(kind) is not valid JSON")
        }
    }

    /// The WHERE clause for `matching`: member values compared through `json_extract`, which
    /// yields SQL text, numbers and 0/1 for booleans.
    private static func filter(app: String, kind: String, matching: [String: JSONValue?]) -> (String, StatementArguments) {
        var condition = "app_id = ? AND kind = ?"
        var arguments: StatementArguments = [app, kind]
        for (member, value) in matching.sorted(by: { $0.key < $1.key }) {
            guard let value else { continue }
            condition += " AND json_extract(body, ?) = ?"
            arguments += ["$." + member]
            switch value {
            case .string(let text): arguments += [text]
            case .bool(let flag): arguments += [flag ? 1 : 0]
            case .number(let number): arguments += [number]
            default: arguments += [value.text]
            }
        }
        return (condition, arguments)
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
