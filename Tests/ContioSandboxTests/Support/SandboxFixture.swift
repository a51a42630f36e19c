import Foundation
import Sandbox
import SandboxCore
import XCTest

/// A fresh sandbox server on 127.0.0.1:0 with its own temporary state file.
final class SandboxFixture {
    let dbPath: String
    private(set) var server: SandboxServer

    private init(dbPath: String, server: SandboxServer) {
        self.dbPath = dbPath
        self.server = server
    }

    static func start(dbPath: String? = nil) async throws -> SandboxFixture {
        let path = dbPath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("contio-test-\(UUID().uuidString)").appendingPathComponent("sandbox.sqlite").path
        return SandboxFixture(dbPath: path, server: try await SandboxServer.start(dbPath: path))
    }

    var baseURL: String { server.baseURL }

    /// The seeded demo app.
    var demo: ContioClient {
        let c = server.seed.contio!
        return ContioClient(baseURL: baseURL, clientID: c["client_id"]!.stringValue!, apiKey: c["api_key"]!.stringValue!,
                            clientSecret: c["client_secret"]!.stringValue!, webhookSecret: c["webhook_secret"]!.stringValue!)
    }

    /// Stops and starts the server on the same state file (a new port).
    func restart() async throws {
        await server.stop()
        server = try await SandboxServer.start(dbPath: dbPath)
    }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(atPath: (dbPath as NSString).deletingLastPathComponent)
    }
}
