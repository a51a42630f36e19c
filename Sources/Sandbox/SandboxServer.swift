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
        let store = try SandboxStore(path: path, migrations: moduleTypes.map { type in { type.registerMigrations(&$0) } })
        let sandboxHost = try SandboxHost(store: store, moduleTypes: moduleTypes)
        var record = (try? SeedRecord.read(dbPath: path)) ?? SeedRecord()
        var seeded = false
        for module in sandboxHost.modules {
            if let part = try await module.seedIfEmpty() {
                record.parts[type(of: module).seedKey] = part
                seeded = true
            }
        }
        if seeded { try record.write(dbPath: path) }
        let bound = try await sandboxHost.start(host: host, port: port, handleSignals: handleSignals)
        return SandboxServer(dbPath: path, port: bound, seed: record, seededNow: seeded, host: sandboxHost)
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
