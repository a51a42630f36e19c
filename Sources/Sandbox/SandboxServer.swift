import ContioSandbox
import ContoSandbox
import Foundation
import Logging
import SandboxCore

/// Both emulators (Contio + Conto) in one Hummingbird server on one SQLite file.
///
/// ```swift
/// let server = try await SandboxServer.start(dbPath: tmp)          // 127.0.0.1, free port
/// let base = server.baseURL                                          // "http://127.0.0.1:PORT"
/// let key = server.seed.contio?["api_key"]?.stringValue
/// await server.stop()
/// ```
public final class SandboxServer: @unchecked Sendable {
    /// Every emulator, composed in this order.
    public static let moduleTypes: [any SandboxModule.Type] = [ContioSandbox.self, ContoSandbox.self]

    /// The SQLite state file.
    public let dbPath: String
    /// The bound TCP port.
    public let port: Int
    /// The seed record (credentials seeded on the first start of this state file).
    public let seed: SeedRecord
    /// True when this start seeded a fresh database.
    public let seededNow: Bool
    let host: SandboxHost

    private init(dbPath: String, port: Int, seed: SeedRecord, seededNow: Bool, host: SandboxHost) {
        self.dbPath = dbPath
        self.port = port
        self.seed = seed
        self.seededNow = seededNow
        self.host = host
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Opens (or creates) the state at `dbPath` (default: `SandboxPaths.defaultDatabasePath()`),
    /// seeds an empty database, and listens on `host:port` (0 = any free port).
    public static func start(dbPath: String? = nil, host: String = "127.0.0.1", port: Int = 0,
                             handleSignals: Bool = false) async throws -> SandboxServer {
        let path = dbPath ?? SandboxPaths.defaultDatabasePath()
        let prepared = try await prepare(dbPath: path)
        let bound = try await prepared.host.start(host: host, port: port, handleSignals: handleSignals)
        return SandboxServer(dbPath: path, port: bound, seed: prepared.seed, seededNow: prepared.seededNow, host: prepared.host)
    }

    /// Both emulators on the state at `dbPath`, seeded when empty and able to reset themselves,
    /// but not listening: `host.makeRouter()` serves them in-process (tests), `host.start` on a port.
    public static func prepare(dbPath: String) async throws -> (host: SandboxHost, seed: SeedRecord, seededNow: Bool) {
        if dbPath == SandboxPaths.defaultDatabasePath() {
            // The default folder is the sandbox's own: private even if an older version made it 0755.
            try PrivateFiles.makeOwnFolder((dbPath as NSString).deletingLastPathComponent)
        }
        let store = try SandboxStore(path: dbPath, migrations: moduleTypes.map { type in { type.registerMigrations(&$0) } })
        let sandboxHost = try SandboxHost(store: store, moduleTypes: moduleTypes)
        sandboxHost.snapshotCompanions = [SeedRecord.path(forDatabase: dbPath)]
        var record = (try? SeedRecord.read(dbPath: dbPath)) ?? SeedRecord()
        PrivateFiles.tighten(SeedRecord.path(forDatabase: dbPath))
        let parts = try await sandboxHost.seedIfEmpty()
        let seeded = !parts.isEmpty
        var changed = seeded
        record.parts.merge(parts) { _, new in new }
        if record.adminToken == nil {
            // Generated at the first start (or the first since control routes needed it), kept
            // in the 0600 seed record for the shell and scripts to send.
            record.parts[SeedRecord.sandboxKey] = ["admin_token": .string(ControlSurfaceGuard.newToken())]
            changed = true
        }
        if changed { try record.write(dbPath: dbPath) }
        if let token = record.adminToken { sandboxHost.controlToken = token }
        if let origin = record.cloneOf { OutboundHTTP.held = "this sandbox is a clone of \(origin): it sends no webhooks" }
        sandboxHost.resetHandler = { [unowned sandboxHost] in try await reset(sandboxHost, dbPath: dbPath) }
        return (sandboxHost, record, seeded)
    }

    /// Erases every tenant of this sandbox and seeds the demo app and org again with the seeded
    /// credentials (`POST /__sandbox/reset` does the same). Returns what `reset(_:dbPath:)` does.
    @discardableResult
    public func reset() async throws -> JSONValue {
        try await Self.reset(host, dbPath: dbPath)
    }

    /// Resets the state file at `dbPath` without a running server (`adminsh sandbox reset`). A
    /// server running on the same file keeps serving the new state; its rate windows and fault
    /// rules survive until it restarts.
    @discardableResult
    public static func reset(dbPath: String?) async throws -> JSONValue {
        let path = dbPath ?? SandboxPaths.defaultDatabasePath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw SandboxError(.notFound, code: "not_found", "no sandbox state at \(path)")
        }
        let store = try SandboxStore(path: path, migrations: moduleTypes.map { type in { type.registerMigrations(&$0) } })
        return try await reset(try SandboxHost(store: store, moduleTypes: moduleTypes), dbPath: path)
    }

    /// The reset keeps the credentials of the seed record, so every client configured from it
    /// (the REPL's wiring, `adminsh sandbox credentials` in CI) keeps working; without a complete
    /// record it refuses rather than hand out credentials nobody could read back.
    /// Answers `{reset, state, credentials: "kept", contio: {client_id}, conto: {org_id}}`: ids only
    /// (`"new"` when a part of the record could not be reused and was rewritten).
    static func reset(_ host: SandboxHost, dbPath: String) async throws -> JSONValue {
        let recordPath = SeedRecord.path(forDatabase: dbPath)
        let record = (try? SeedRecord.read(dbPath: dbPath)) ?? SeedRecord()
        for module in host.modules where record.parts[type(of: module).seedKey] == nil {
            throw SandboxError(.conflict, code: "seed_record_missing",
                               "cannot reset: the seed record \(recordPath) has no \(type(of: module).seedKey) credentials to keep; stop the sandbox and delete \(dbPath) to start fresh")
        }
        let parts = try await host.reset(reusing: record.parts)
        // A part the modules could not reuse (hand-edited, from an older format) was replaced:
        // the record must say what now works.
        var kept = true
        var updated = record
        for (key, part) in parts where record.parts[key] != part {
            updated.parts[key] = part
            kept = false
        }
        if !kept { try updated.write(dbPath: dbPath) }
        var identifiers: [String: JSONValue] = [:]
        for (key, part) in parts {
            guard case .object(let fields) = part else { continue }
            identifiers[key] = .object(fields.filter { $0.key.hasSuffix("_id") })
        }
        var answer: [String: JSONValue] = ["reset": true, "state": .string(dbPath), "credentials": .string(kept ? "kept" : "new")]
        answer.merge(identifiers) { _, new in new }
        return .object(answer)
    }

    /// Graceful shutdown: finishes in-flight requests, stops webhook delivery, closes nothing
    /// that is not already durable.
    public func stop() async {
        await host.stop()
    }

    /// Blocks until the server stops (SIGINT/SIGTERM when started with `handleSignals`).
    public func wait() async throws {
        try await host.wait()
    }

    /// `adminsh serve`: starts on `port` (default 8787 [I]), prints where it listens and, on the
    /// first start of a state file, the seeded credentials (once), then runs until SIGINT/SIGTERM.
    public static func run(port: Int = 8787, dbPath: String? = nil, output: (String) -> Void = { print($0) }) async throws {
        let server = try await start(dbPath: dbPath, port: port, handleSignals: true)
        output("adminsh sandbox listening on \(server.baseURL) (state: \(server.dbPath))")
        output("  Contio: \(server.baseURL)/v1/partner/admin   Conto: \(server.baseURL)/api")
        if server.seededNow {
            output("Seeded credentials (shown once; also in \(SeedRecord.path(forDatabase: server.dbPath)), mode 0600):")
            output(server.seed.jsonText)
        } else {
            output("Seeded credentials: adminsh sandbox credentials --db \(server.dbPath)")
        }
        try await server.wait()
    }
}
