import GRDB

/// A filtered, ordered, paged read of one kind of document in one tenant, answered by SQLite.
///
/// List routes describe their filters here instead of loading every document and filtering in
/// Swift. A page is read in insertion order from the (tenant, kind) index and stops after
/// offset + limit matches; its total comes from the counts table when the query filters on status
/// alone (`DocumentTableUpgrade`), and from a count of the matches otherwise. Filters read fields
/// of the stored JSON body with `json_extract`, i.e. the record's Codable encoding (enums by raw
/// value, absent optionals as NULL), spelled as `DocumentField` spells them so that an index on
/// the field (a platform's migration) finds the matches of one value in insertion order; `status`
/// is read from its indexed column.
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

    /// Keeps documents whose `field` is one of `values`. One value is an equality, so an index on
    /// the field's expression (`DocumentField.extract`) yields its matches in insertion order.
    public mutating func field(_ field: String, in values: [String]) {
        if field == "status" {
            statusFilters.append(values)
            return
        }
        bodyClauses.append("\(DocumentField.extract(field)) IN (\(Self.marks(values.count)))")
        bodyArguments += values
    }

    /// Keeps documents whose boolean `field` is `value` (JSON true and false read as 1 and 0).
    public mutating func field(_ field: String, is value: Bool) {
        bodyClauses.append("\(DocumentField.extract(field)) = ?")
        bodyArguments.append(value ? 1 : 0)
    }

    /// Keeps documents whose `field` equals `value` ignoring ASCII case (addresses); nil adds no
    /// filter. Reads `lower(<extract>)`, the expression an index on lowercased values is built on.
    public mutating func field(_ field: String, equalsIgnoringCase value: String?) {
        guard let value else { return }
        bodyClauses.append("\(DocumentField.lowered(field)) = lower(?)")
        bodyArguments.append(value)
    }

    /// Keeps documents whose `field` is absent or null.
    public mutating func fieldIsAbsent(_ field: String) {
        bodyClauses.append("\(DocumentField.extract(field)) IS NULL")
    }

    /// Keeps documents matching at least one of `alternatives` (each one's body filters, all of
    /// them; their status filters are not consulted). An alternative without filters matches
    /// every document; an empty list matches none.
    public mutating func any(of alternatives: [DocumentQuery<T>]) {
        guard !alternatives.contains(where: { $0.bodyClauses.isEmpty }) else { return }
        guard !alternatives.isEmpty else {
            bodyClauses.append("0")
            return
        }
        bodyClauses.append("(" + alternatives.map { "(" + $0.bodyClauses.joined(separator: " AND ") + ")" }.joined(separator: " OR ") + ")")
        for alternative in alternatives { bodyArguments += alternative.bodyArguments }
    }

    /// Keeps documents where one of `fields` contains `text` ignoring case; nil adds no filter.
    public mutating func search(_ text: String?, in fields: [String]) {
        guard let text, !fields.isEmpty else { return }
        bodyClauses.append("(" + fields.map { "sandbox_contains(\(DocumentField.extract($0)), ?)" }.joined(separator: " OR ") + ")")
        for _ in fields { bodyArguments.append(text) }
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
}

extension TypedDocumentStore {
    /// One page of the documents of `tenant` matching `query`, and how many match in all.
    public func page<T>(_ query: DocumentQuery<T>, tenant value: String, limit: Int, offset: Int) throws -> (items: [T], total: Int) {
        let total = try count(query, tenant: value)
        let rows = pageStatement(query, tenant: value, limit: limit, offset: offset)
        let bodies = try String.fetchAll(db.cachedStatement(sql: rows.sql), arguments: rows.arguments)
        return (try bodies.map { try decode($0) as T }, total)
    }

    /// How many documents of `tenant` match `query`: from the counts table when it filters on
    /// status alone, else a count of the matches (from an index when one covers the filters).
    public func count<T>(_ query: DocumentQuery<T>, tenant value: String) throws -> Int {
        if query.isCountedByStatus { return try countedTotal(T.self, tenant: value, statuses: query.allowedStatuses) }
        let counting = countStatement(query, tenant: value)
        return try Int.fetchOne(db.cachedStatement(sql: counting.sql), arguments: counting.arguments) ?? 0
    }

    /// Every document of `tenant` matching `query`, in its order: what a route that filters
    /// `all(...)` in Swift reads instead, so SQLite skips the others without decoding them.
    public func all<T>(_ query: DocumentQuery<T>, tenant value: String) throws -> [T] {
        let rows = allStatement(query, tenant: value)
        return try String.fetchAll(db.cachedStatement(sql: rows.sql), arguments: rows.arguments).map { try decode($0) as T }
    }

    /// The first document of `tenant` matching `query` in its order, or nil.
    public func first<T>(_ query: DocumentQuery<T>, tenant value: String) throws -> T? {
        let row = pageStatement(query, tenant: value, limit: 1, offset: 0)
        return try String.fetchOne(db.cachedStatement(sql: row.sql), arguments: row.arguments).map { try decode($0) as T }
    }

    /// How many documents of `tenant` matching `query` have each value of `field` (a document
    /// without it is counted under ""): one pass over an index on the field when there is one,
    /// without decoding a body.
    public func counts<T>(_ query: DocumentQuery<T>, groupedBy field: String, tenant value: String) throws -> [String: Int] {
        let grouping = groupedCountStatement(query, by: field, tenant: value)
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: grouping.sql), arguments: grouping.arguments) {
            counts[(row[0] as String?) ?? "", default: 0] += row[1] as Int
        }
        return counts
    }

    /// The statement `all` reads with, and its arguments (for `EXPLAIN QUERY PLAN`).
    public func allStatement<T>(_ query: DocumentQuery<T>, tenant value: String) -> (sql: String, arguments: StatementArguments) {
        let (filter, arguments) = selection(query, tenant: value)
        let direction = query.order == .oldestFirst ? "ASC" : "DESC"
        return ("SELECT body FROM \(table.name) WHERE \(filter) ORDER BY rowid \(direction)", StatementArguments(arguments))
    }

    /// The statement `count` counts the matches with when the counts table cannot answer.
    public func countStatement<T>(_ query: DocumentQuery<T>, tenant value: String) -> (sql: String, arguments: StatementArguments) {
        let (filter, arguments) = selection(query, tenant: value)
        return ("SELECT COUNT(*) FROM \(table.name) WHERE \(filter)", StatementArguments(arguments))
    }

    /// The statement `counts(_:groupedBy:tenant:)` reads with.
    public func groupedCountStatement<T>(_ query: DocumentQuery<T>, by field: String, tenant value: String) -> (sql: String, arguments: StatementArguments) {
        let (filter, arguments) = selection(query, tenant: value)
        let key = DocumentField.extract(field)
        return ("SELECT \(key), COUNT(*) FROM \(table.name) WHERE \(filter) GROUP BY \(key)", StatementArguments(arguments))
    }

    /// The statement `page` reads its rows with, and its arguments (for `EXPLAIN QUERY PLAN`).
    public func pageStatement<T>(_ query: DocumentQuery<T>, tenant value: String, limit: Int, offset: Int) -> (sql: String, arguments: StatementArguments) {
        let (filter, arguments) = selection(query, tenant: value)
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
