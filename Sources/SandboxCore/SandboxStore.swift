import Foundation
import GRDB

/// The one SQLite file behind every emulator.
///
/// A GRDB `DatabasePool` in WAL mode with `synchronous=FULL`: WAL lets readers run beside the
/// single writer, and FULL makes every commit fsync the WAL before the write is acknowledged, so a
/// `kill -9` (or power loss) after a response was sent never loses it. NORMAL would only be safe
/// against process crashes, not against OS crashes; the sandbox writes little, so we pay for FULL.
///
/// Each HTTP request runs inside exactly one `write` transaction: if the handler throws, GRDB rolls
/// the whole transaction back, so a request is never half-applied.
public final class SandboxStore: @unchecked Sendable {
    /// The GRDB pool; modules may use it directly for reads.
    public let pool: DatabasePool
    /// Path of the SQLite file.
    public let path: String
    /// Seals the response bodies kept for idempotent replays (key file beside the state).
    public let sealer: ResponseSealer

    /// Opens (creating if needed) the database at `path` and runs the core's and the given
    /// modules' migrations. Missing parent folders are created 0700; the state file is created
    /// 0600 before SQLite opens it, so its `-wal` and `-shm` files (which SQLite creates with the
    /// database file's mode) are 0600 too, whatever the umask.
    /// - Parameter migrations: one registrar per module, e.g. `[ContioSandbox.registerMigrations]`.
    public init(path: String, migrations: [(inout DatabaseMigrator) -> Void]) throws {
        try PrivateFiles.makeFolder((path as NSString).deletingLastPathComponent)
        try PrivateFiles.ensureFile(path)
        for suffix in ["-wal", "-shm", "-journal"] { PrivateFiles.tighten(path + suffix) }
        let sealer = try ResponseSealer.forDatabase(path)
        self.sealer = sealer
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Deleted rows (expired replays, revoked credentials) are zeroed, not left in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            db.add(function: SandboxStore.containsIgnoringCase)
            for function in sealer.sqlFunctions { db.add(function: function) }
        }
        self.pool = try DatabasePool(path: path, configuration: config)
        self.path = path
        var migrator = DatabaseMigrator()
        SandboxStore.registerCoreMigrations(&migrator)
        for register in migrations { register(&migrator) }
        try migrator.migrate(pool)
    }

    /// A store on a fresh file in the temporary directory (tests).
    public static func temporary(migrations: [(inout DatabaseMigrator) -> Void]) throws -> SandboxStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("adminsh-sandbox-\(UUID().uuidString)")
        return try SandboxStore(path: dir.appendingPathComponent("sandbox.sqlite").path, migrations: migrations)
    }

    /// Runs `body` in one IMMEDIATE write transaction; a thrown error rolls everything back.
    public func write<T>(_ body: @escaping (Database) throws -> T) async throws -> T {
        try await pool.write { db in try body(db) }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T>(_ body: @escaping (Database) throws -> T) async throws -> T {
        try await pool.read { db in try body(db) }
    }

    /// Deletes every row of every table (the migrations' bookkeeping aside) inside `db`'s
    /// transaction: the state of a fresh file, schema kept. Foreign keys are checked at commit,
    /// when nothing refers to anything any more, so the order of the deletes does not matter.
    public static func eraseAll(_ db: Database) throws {
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
            """)
        for table in tables { try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)") }
    }

    /// `sandbox_contains(haystack, needle)`: 1 when `haystack` contains `needle` ignoring case, by
    /// Swift's Unicode-aware comparison (SQLite's `LIKE` folds ASCII only), so `search` filters
    /// answer the same whether they run in SQL or in Swift. NULL haystacks never match.
    public static let containsIgnoringCase = DatabaseFunction("sandbox_contains", argumentCount: 2, pure: true) { values in
        guard let haystack = String.fromDatabaseValue(values[0]), let needle = String.fromDatabaseValue(values[1]) else { return false }
        return haystack.range(of: needle, options: .caseInsensitive) != nil
    }

    /// Tables the core itself needs: test clocks and idempotency records.
    static func registerCoreMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("core.v1") { db in
            try db.execute(sql: """
                CREATE TABLE sandbox_clock (
                    tenant TEXT PRIMARY KEY,
                    offset_seconds DOUBLE NOT NULL
                );
                CREATE TABLE sandbox_idempotency (
                    scope TEXT NOT NULL,
                    key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    state TEXT NOT NULL,          -- 'in_flight' | 'done'
                    status INTEGER,
                    headers TEXT,                 -- JSON object
                    body BLOB,
                    created_at DOUBLE NOT NULL,   -- real seconds since 1970 (not the test clock)
                    PRIMARY KEY (scope, key)
                );
                """)
        }
        // Bodies kept before they were sealed held secrets in clear: drop them (a repeat then
        // runs again, as after the 24 h window).
        migrator.registerMigration("core.v2.sealed-replays") { db in
            try db.execute(sql: "DELETE FROM sandbox_idempotency")
        }
    }
}
