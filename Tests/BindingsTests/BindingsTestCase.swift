import AdminClient
import AdminSurface
import Bindings
import Foundation
import LuaHost
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// A fresh sandbox (own state file) and a Lua state bound to it.
class BindingsTestCase: XCTestCase {
    /// The shared fixture, live: the bindings call it through the real HTTP client.
    var sandbox: TestSandbox!
    var client: AdminClient!
    var lua: LuaState!

    override func setUp() async throws {
        sandbox = try await TestSandbox.start(.live)
        let configuration = ClientConfiguration(
            contio: Endpoint(baseURL: sandbox.baseURL, credentials: .contio(apiKey: sandbox.contioAPIKey, clientID: sandbox.contioClientID),
                             sandboxToken: sandbox.adminToken),
            conto: Endpoint(baseURL: sandbox.baseURL, credentials: .conto(orgKey: sandbox.contoOrgKey), sandboxToken: sandbox.adminToken),
            timeout: 20)
        client = AdminClient(configuration: configuration)
        lua = try LuaState()
        try AdminBindings.install(in: lua, connection: FixedConnection(client: client, label: "sandbox"), sandbox: true)
    }

    override func tearDown() async throws {
        lua?.close()
        try? await client?.shutdown()
        await sandbox?.stop()
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
