import AdminClient
import Bindings
import Foundation
import Sandbox
import SandboxCore

/// The embedded default: starts the sandbox in-process on loopback on the first API call (so
/// `adminsh -e 'print(1)'` never pays for it), seeds it on first start, and wires the seeded
/// credentials into a client.
final class SandboxConnection: ConnectionProvider, @unchecked Sendable {
    /// `sandbox`, or `rehearsal-<profile>` on a clone of a profile (its journal is its own).
    let label: String
    let dbPath: String?
    let timeout: Double
    /// Why mutating calls are refused (`--read-only`), or nil.
    let readOnly: String?
    private let lock = NSLock()
    private var starting: Task<(SandboxServer, AdminClient), Error>?

    init(dbPath: String?, timeout: Double, readOnly: String? = nil) {
        self.dbPath = dbPath
        self.timeout = timeout
        self.readOnly = readOnly
        self.label = SandboxConnection.label(forDatabase: dbPath)
    }

    /// The journal label of a session on the state at `dbPath`.
    static func label(forDatabase dbPath: String?) -> String {
        guard let dbPath, let origin = (try? SeedRecord.read(dbPath: dbPath))?.cloneOf else { return "sandbox" }
        return "rehearsal-" + origin
    }

    func client() async throws -> AdminClient {
        try await started().1
    }

    /// The running server (starting it if needed).
    func server() async throws -> SandboxServer {
        try await started().0
    }

    private func started() async throws -> (SandboxServer, AdminClient) {
        let task: Task<(SandboxServer, AdminClient), Error> = lock.withLock {
            if let starting { return starting }
            let dbPath = self.dbPath, timeout = self.timeout, readOnly = self.readOnly
            let task = Task {
                let server = try await SandboxServer.start(dbPath: dbPath)
                var configuration = try SandboxConnection.configuration(for: server, timeout: timeout)
                configuration.readOnly = readOnly
                return (server, AdminClient(configuration: configuration))
            }
            starting = task
            return task
        }
        return try await task.value
    }

    /// Whether the sandbox has been started in this process.
    var isStarted: Bool { lock.withLock { starting != nil } }

    static func configuration(for server: SandboxServer, timeout: Double) throws -> ClientConfiguration {
        let seed = server.seed
        guard let apiKey = seed.contio?["api_key"]?.stringValue, let clientID = seed.contio?["client_id"]?.stringValue,
              let orgKey = seed.conto?["org_api_key"]?.stringValue else {
            throw AdminError(code: "NOT_CONFIGURED", status: nil,
                             message: "the sandbox state at \(server.dbPath) has no seed record (\(SeedRecord.path(forDatabase: server.dbPath))); remove the state file to start fresh",
                             retryable: false, platform: .contio, operation: "sandbox")
        }
        // The admin token opens the control routes the `sandbox` table calls.
        var contio = Endpoint(baseURL: server.baseURL, credentials: .contio(apiKey: apiKey, clientID: clientID), sandboxToken: seed.adminToken)
        // A rotation in the session is written back to the seed record, so later sessions authenticate.
        let dbPath = server.dbPath
        contio.keyOrigin = .record(path: SeedRecord.path(forDatabase: dbPath)) { field, value in
            let replaced = (try? SeedRecord.read(dbPath: dbPath))?.contio?[field]?.stringValue
            try SeedRecord.update(dbPath: dbPath, module: "contio", field: field, to: value)
            return replaced
        }
        return ClientConfiguration(
            contio: contio,
            conto: Endpoint(baseURL: server.baseURL, credentials: .conto(orgKey: orgKey), sandboxToken: seed.adminToken),
            timeout: timeout)
    }

    /// Stops the server if it was started.
    public func shutdown() async {
        guard let task = lock.withLock({ starting }) else { return }
        if let (server, client) = try? await task.value {
            try? await client.shutdown()
            await server.stop()
        }
    }
}
