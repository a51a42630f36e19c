import GRDB

/// A filtered, ordered, paged read of one kind of document in one tenant, answered by SQLite.
///
/// List routes describe their filters here instead of loading every document and filtering in
/// Swift. A page is read in insertion order from the (tenant, kind) index and stops after
/// offset + limit matches; its total comes from the counts table when the query filters on status
/// alone (`DocumentTableUpgrade`), and from a count of the matches otherwise. Filters read fields
/// of the stored JSON body with `json_extract`, i.e. the record's Codable encoding (enums by raw
/// value, absent optionals as NULL); `status` is read from its indexed column.
public struct DocumentQuery<T: SandboxDocument> {
    public enum Order: Sendable { case oldestFirst, newestFirst }

    public var order: Order = .oldestFirst
    /// Each `field("status", in:)` call's values; a document must match all of them.
    private(set) var statusFilters: [[String]] = []
    /// Filters on the body, with their arguments.
    private(set) var bodyClauses: [String] = []
    private(set) var bodyArguments: [DatabaseValueConvertible?] = []

    public init(order: Order = .oldestFirst) { self.order = order }

    /// Keeps documents whose `field` equals `value`; a nil value adds no filter (an absent query parameter).
    public mutating func field(_ field: String, equals value: String?) {
        guard let value else { return }
        self.field(field, in: [value])
    }

    /// Keeps documents whose `field` is one of `values`.
    public mutating func field(_ field: String, in values: [String]) {
        if field == "status" {
            statusFilters.append(values)
            return
        }
        bodyClauses.append("json_extract(body, ?) IN (\(Self.marks(values.count)))")
        bodyArguments.append(Self.path(field))
        bodyArguments += values
    }

    /// Keeps documents whose `field` is absent or null.
    public mutating func fieldIsAbsent(_ field: String) {
        bodyClauses.append("json_extract(body, ?) IS NULL")
        bodyArguments.append(Self.path(field))
    }

    /// Keeps documents where one of `fields` contains `text` ignoring case; nil adds no filter.
    public mutating func search(_ text: String?, in fields: [String]) {
        guard let text, !fields.isEmpty else { return }
        bodyClauses.append("(" + fields.map { _ in "sandbox_contains(json_extract(body, ?), ?)" }.joined(separator: " OR ") + ")")
        for field in fields { bodyArguments += [Self.path(field), text] }
    }

    /// True when the total can be read from the counts table: nothing filters the body.
    var isCountedByStatus: Bool { bodyClauses.isEmpty }

    /// The statuses a document may have, or nil when any will do.
    var allowedStatuses: [String]? {
        guard var allowed = statusFilters.first else { return nil }
        for more in statusFilters.dropFirst() { allowed = allowed.filter(more.contains) }
        return allowed
    }

    static func marks(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
    private static func path(_ field: String) -> String { "$." + field }
}

extension TypedDocumentStore {
    /// One page of the documents of `tenant` matching `query`, and how many match in all.
    public func page<T>(_ query: DocumentQuery<T>, tenant value: String, limit: Int, offset: Int) throws -> (items: [T], total: Int) {
        let (filter, arguments) = selection(query, tenant: value)
        let total: Int
        if query.isCountedByStatus {
            total = try countedTotal(T.self, tenant: value, statuses: query.allowedStatuses)
        } else {
            total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM \(table.name) WHERE \(filter)"),
                                     arguments: StatementArguments(arguments)) ?? 0
        }
        let rows = rowStatement(query, filter: filter, arguments: arguments, limit: limit, offset: offset)
        let bodies = try String.fetchAll(db.cachedStatement(sql: rows.sql), arguments: rows.arguments)
        return (try bodies.map { try decode($0) as T }, total)
    }

    /// Every document of `tenant` matching `query`, in its order: what a route that filters
    /// `all(...)` in Swift reads instead, so SQLite skips the others without decoding them.
    public func all<T>(_ query: DocumentQuery<T>, tenant value: String) throws -> [T] {
        let (filter, arguments) = selection(query, tenant: value)
        let direction = query.order == .oldestFirst ? "ASC" : "DESC"
        return try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM \(table.name) WHERE \(filter) ORDER BY rowid \(direction)"),
                                   arguments: StatementArguments(arguments))
            .map { try decode($0) as T }
    }

    /// The statement `page` reads its rows with, and its arguments (for `EXPLAIN QUERY PLAN`).
    public func pageStatement<T>(_ query: DocumentQuery<T>, tenant value: String, limit: Int, offset: Int) -> (sql: String, arguments: StatementArguments) {
        let (filter, arguments) = selection(query, tenant: value)
        return rowStatement(query, filter: filter, arguments: arguments, limit: limit, offset: offset)
    }

    private func rowStatement<T>(_ query: DocumentQuery<T>, filter: String, arguments: [DatabaseValueConvertible?],
                                 limit: Int, offset: Int) -> (sql: String, arguments: StatementArguments) {
        let direction = query.order == .oldestFirst ? "ASC" : "DESC"
        return ("SELECT body FROM \(table.name) WHERE \(filter) ORDER BY rowid \(direction) LIMIT ? OFFSET ?",
                StatementArguments(arguments + [limit, offset]))
    }

    /// The WHERE clause of `query` in `tenant` and its arguments.
    private func selection<T>(_ query: DocumentQuery<T>, tenant value: String) -> (filter: String, arguments: [DatabaseValueConvertible?]) {
        var clauses = ["kind = ?", "\(table.tenantColumn) = ?"]
        var arguments: [DatabaseValueConvertible?] = [T.kind, value]
        if let statuses = query.allowedStatuses {
            // One status: the (kind, tenant, status) index is in rowid order within it. Several:
            // SQLite reads the (tenant, kind) index, in rowid order, and checks status on the row.
            // Either way no sort of every match (ListCostTests checks the plans).
            clauses.append("status IN (\(DocumentQuery<T>.marks(statuses.count)))")
            arguments += statuses.map { $0 as DatabaseValueConvertible? }
        }
        return ((clauses + query.bodyClauses).joined(separator: " AND "), arguments + query.bodyArguments)
    }

    /// How many documents of the kind `tenant` holds with one of `statuses` (any status when nil),
    /// from the counts the table's triggers keep.
    public func countedTotal<T: SandboxDocument>(_ type: T.Type, tenant value: String, statuses: [String]?) throws -> Int {
        let sql = "SELECT coalesce(SUM(n), 0) FROM \(table.countsTable) WHERE kind = ? AND \(table.tenantColumn) = ?"
        guard let statuses else {
            return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: [T.kind, value]) ?? 0
        }
        // The counts table files a document without status under '' (a key column cannot be NULL).
        let named = statuses.filter { !$0.isEmpty }
        let arguments: [DatabaseValueConvertible?] = [T.kind, value] + named.map { $0 as DatabaseValueConvertible? }
        return try Int.fetchOne(db.cachedStatement(sql: sql + " AND status IN (\(DocumentQuery<T>.marks(named.count)))"),
                                arguments: StatementArguments(arguments)) ?? 0
    }
}
