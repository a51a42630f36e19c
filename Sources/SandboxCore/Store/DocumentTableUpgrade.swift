import GRDB

/// The migration that readies an existing document table for `TypedDocumentStore`.
///
/// It adds what the table lacks (the `lookup` and `status` columns, the unique lookup index, an
/// index on (tenant, kind)) and the counts table: one row per (kind, tenant, status) with how many
/// documents have them, kept by triggers in the transaction that changes the documents, so a
/// listing's total is a sum of a few rows instead of a walk over every match. A document without
/// status is counted under '' (key columns cannot be NULL). Existing rows are counted once, here.
public enum DocumentTableUpgrade {
    /// Registers the upgrade of `table` as the migration `identifier` (after the table's creation).
    public static func register(_ migrator: inout DatabaseMigrator, _ identifier: String, table: DocumentTable) {
        migrator.registerMigration(identifier) { db in try upgrade(db, table: table) }
    }

    static func upgrade(_ db: Database, table: DocumentTable) throws {
        let name = table.name
        let tenant = table.tenantColumn
        let columns = Set(try db.columns(in: name).map(\.name))
        if !columns.contains("lookup") {
            try db.execute(sql: "ALTER TABLE \(name) ADD COLUMN lookup TEXT")
        }
        if !columns.contains("status") {
            try db.execute(sql: """
                ALTER TABLE \(name) ADD COLUMN status TEXT;
                UPDATE \(name) SET status = json_extract(body, '$.status');
                """)
        }
        try db.execute(sql: "CREATE UNIQUE INDEX IF NOT EXISTS \(name)_by_lookup ON \(name) (kind, lookup) WHERE lookup IS NOT NULL")
        if try !hasIndex(db, on: name, leading: [tenant, "kind"]) {
            try db.execute(sql: "CREATE INDEX \(name)_by_tenant ON \(name) (\(tenant), kind)")
        }
        let counts = table.countsTable
        try db.execute(sql: """
            CREATE TABLE \(counts) (
                kind TEXT NOT NULL,
                \(tenant) TEXT NOT NULL,
                status TEXT NOT NULL,
                n INTEGER NOT NULL,
                PRIMARY KEY (kind, \(tenant), status)
            ) WITHOUT ROWID;
            INSERT INTO \(counts) (kind, \(tenant), status, n)
                SELECT kind, \(tenant), coalesce(status, ''), COUNT(*) FROM \(name) GROUP BY kind, \(tenant), coalesce(status, '');
            CREATE TRIGGER \(name)_counted_insert AFTER INSERT ON \(name) BEGIN
                INSERT INTO \(counts) (kind, \(tenant), status, n) VALUES (NEW.kind, NEW.\(tenant), coalesce(NEW.status, ''), 1)
                    ON CONFLICT (kind, \(tenant), status) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER \(name)_counted_delete AFTER DELETE ON \(name) BEGIN
                UPDATE \(counts) SET n = n - 1
                    WHERE kind = OLD.kind AND \(tenant) = OLD.\(tenant) AND status = coalesce(OLD.status, '');
            END;
            CREATE TRIGGER \(name)_counted_update AFTER UPDATE OF kind, \(tenant), status ON \(name)
                WHEN OLD.kind IS NOT NEW.kind OR OLD.\(tenant) IS NOT NEW.\(tenant) OR OLD.status IS NOT NEW.status
            BEGIN
                UPDATE \(counts) SET n = n - 1
                    WHERE kind = OLD.kind AND \(tenant) = OLD.\(tenant) AND status = coalesce(OLD.status, '');
                INSERT INTO \(counts) (kind, \(tenant), status, n) VALUES (NEW.kind, NEW.\(tenant), coalesce(NEW.status, ''), 1)
                    ON CONFLICT (kind, \(tenant), status) DO UPDATE SET n = n + 1;
            END;
            """)
    }

    /// True when an index of `table` starts with `columns` in any order (both orders give rowid order
    /// once both are fixed by equality).
    private static func hasIndex(_ db: Database, on table: String, leading columns: [String]) throws -> Bool {
        try db.indexes(on: table).contains { index in
            index.columns.count >= columns.count && Set(index.columns.prefix(columns.count)) == Set(columns)
        }
    }
}
