import AdminClient
import AdminSurface
import Bindings
import Foundation
import LuaHost
import Sandbox
import SandboxCore
import XCTest

/// A fresh sandbox (own state file) and a Lua state bound to it.
class BindingsTestCase: XCTestCase {
    var server: SandboxServer!
    var client: AdminClient!
    var lua: LuaState!
    var dbPath: String!

    override func setUp() async throws {
        dbPath = NSTemporaryDirectory() + "adminsh-bindings-\(UUID().uuidString).sqlite"
        server = try await SandboxServer.start(dbPath: dbPath)
        let seed = server.seed
        let configuration = ClientConfiguration(
            contio: Endpoint(baseURL: server.baseURL, credentials: .contio(apiKey: seed.contio!["api_key"]!.stringValue!,
                                                                          clientID: seed.contio!["client_id"]!.stringValue!)),
            conto: Endpoint(baseURL: server.baseURL, credentials: .conto(orgKey: seed.conto!["org_api_key"]!.stringValue!)),
            timeout: 20)
        client = AdminClient(configuration: configuration)
        lua = try LuaState()
        try AdminBindings.install(in: lua, connection: FixedConnection(client: client, label: "sandbox"), sandbox: true)
    }

    override func tearDown() async throws {
        lua?.close()
        try? await client?.shutdown()
        await server?.stop()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
    }

    /// Runs Lua on the test's state (off the test's async context: the Lua thread blocks).
    @discardableResult
    func run(_ code: String) async throws -> [LuaValue] {
        let lua = self.lua!
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try lua.run(code, name: "=test")) } catch { continuation.resume(throwing: error) }
            }.start()
        }
    }
}
