import Foundation

/// How a query reads one field of a stored JSON body, spelled the same way by the queries and by
/// the migrations that index the field.
///
/// The JSON path is written into the statement rather than bound: SQLite uses an index on an
/// expression only for a query spelling the identical expression, and `json_extract(body, ?)`
/// never is. Field names come from code; a quote in one is doubled all the same.
public enum DocumentField {
    /// e.g. `json_extract(body, '$.agentId')`.
    public static func extract(_ field: String) -> String {
        "json_extract(body, '$.\(field.replacingOccurrences(of: "'", with: "''"))')"
    }

    /// `extract(field)` lowercased: the expression of an index on values compared ignoring case.
    public static func lowered(_ field: String) -> String { "lower(\(extract(field)))" }

    /// The SQL creating the index `name` on `table` that answers lookups of a tenant's documents of
    /// one kind by `expression`, in insertion order (the rowid every index entry ends with).
    public static func indexSQL(_ name: String, table: DocumentTable, expression: String) -> String {
        "CREATE INDEX IF NOT EXISTS \(name) ON \(table.name) (kind, \(table.tenantColumn), \(expression))"
    }
}
