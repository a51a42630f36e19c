import GRDB

/// A filtered, ordered, paged read of one kind of document in one org, answered by SQLite.
///
/// List routes describe their filters here instead of loading every document and filtering in
/// Swift: SQLite counts the matches and returns only the requested page, so a list costs the
/// decoding of one page whatever the org holds. Filters read fields of the stored JSON body with
/// `json_extract`, i.e. the record's Codable encoding (enums by raw value, absent optionals as NULL).
struct DocumentQuery<T: StoredDocument> {
    enum Order { case oldestFirst, newestFirst }

    var order: Order = .oldestFirst
    private(set) var clauses: [String] = []
    private(set) var arguments: [DatabaseValueConvertible?] = []

    init(order: Order = .oldestFirst) { self.order = order }

    /// Keeps documents whose `field` equals `value`; a nil value adds no filter (an absent query parameter).
    mutating func field(_ field: String, equals value: String?) {
        guard let value else { return }
        self.field(field, in: [value])
    }

    /// Keeps documents whose `field` is one of `values`.
    mutating func field(_ field: String, in values: [String]) {
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        if field == "status" {
            // The indexed copy (migration conto.v2.status): counted from the index alone.
            clauses.append("status IN (\(marks))")
        } else {
            clauses.append("json_extract(body, ?) IN (\(marks))")
            arguments.append(Self.path(field))
        }
        arguments += values
    }

    /// Keeps documents whose `field` is absent or null.
    mutating func fieldIsAbsent(_ field: String) {
        clauses.append("json_extract(body, ?) IS NULL")
        arguments.append(Self.path(field))
    }

    /// Keeps documents where one of `fields` contains `text` ignoring case; nil adds no filter.
    mutating func search(_ text: String?, in fields: [String]) {
        guard let text, !fields.isEmpty else { return }
        clauses.append("(" + fields.map { _ in "sandbox_contains(json_extract(body, ?), ?)" }.joined(separator: " OR ") + ")")
        for field in fields { arguments += [Self.path(field), text] }
    }

    private static func path(_ field: String) -> String { "$." + field }
}

extension DocumentStore {
    /// One page of the documents of `org` matching `query`, and how many match in all.
    func page<T>(_ query: DocumentQuery<T>, org: String, limit: Int, offset: Int) throws -> (items: [T], total: Int) {
        let filter = (["kind = ?", "org_id = ?"] + query.clauses).joined(separator: " AND ")
        let base: [DatabaseValueConvertible?] = [T.kind, org] + query.arguments
        let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM conto_documents WHERE \(filter)"),
                                     arguments: StatementArguments(base)) ?? 0
        let direction = query.order == .oldestFirst ? "ASC" : "DESC"
        let bodies = try String.fetchAll(db.cachedStatement(sql: "SELECT body FROM conto_documents WHERE \(filter) ORDER BY rowid \(direction) LIMIT ? OFFSET ?"),
                                         arguments: StatementArguments(base + [limit, offset]))
        return (try bodies.map { try decode($0) as T }, total)
    }
}
