import Foundation
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// The Contio side of the shared `TestSandbox`: in-process through `.router` unless a test needs
/// the socket (webhook deliveries, a restart on a new port), then live.
final class SandboxFixture {
    let sandbox: TestSandbox

    private init(sandbox: TestSandbox) {
        self.sandbox = sandbox
    }

    static func start(_ transport: TestSandbox.Transport = .router, dbPath: String? = nil) async throws -> SandboxFixture {
        SandboxFixture(sandbox: try await TestSandbox.start(transport, dbPath: dbPath))
    }

    var dbPath: String { sandbox.dbPath }
    var baseURL: String { sandbox.baseURL }
    /// The running sandbox (seed, `seededNow`, port).
    var server: TestSandbox { sandbox }

    /// The seeded demo app.
    var demo: ContioClient {
        ContioClient(server: sandbox, clientID: sandbox.contioClientID, apiKey: sandbox.contioAPIKey,
                     clientSecret: sandbox.contioClientSecret, webhookSecret: sandbox.contioWebhookSecret)
    }

    /// A new partner app (a new tenant).
    func newApp(webhookURL: String? = nil) async throws -> ContioClient {
        try await ContioClient.newApp(on: sandbox, webhookURL: webhookURL)
    }

    /// Stops and opens the same state file again (a live sandbox gets a new port).
    func restart() async throws {
        try await sandbox.restart()
    }

    func stop() async {
        await sandbox.stop()
    }
}
