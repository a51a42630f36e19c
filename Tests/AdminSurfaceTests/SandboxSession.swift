import Foundation
import SandboxTestSupport

/// The shared `TestSandbox`, in-process (no socket), with a tiny JSON client for the tests.
final class SandboxSession {
    let sandbox: TestSandbox

    private init(sandbox: TestSandbox) {
        self.sandbox = sandbox
    }

    static func start() async throws -> SandboxSession {
        SandboxSession(sandbox: try await TestSandbox.start(.router))
    }

    func stop() async {
        await sandbox.stop()
    }

    /// Headers that authenticate as the seeded Conto org key.
    var contoAuth: [String: String] {
        ["Authorization": "Bearer \(sandbox.contoOrgKey)"]
    }

    /// Headers that authenticate as the seeded Contio partner app.
    var contioAuth: [String: String] {
        ["X-API-Key": sandbox.contioAPIKey, "X-Client-ID": sandbox.contioClientID]
    }

    /// Sends a request; returns the status and the parsed JSON body (nil when empty or not JSON).
    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: JSONObject? = nil) async throws -> (status: Int, json: Any?) {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let reply = try await sandbox.send(.init(method) ?? .get, path, headers: headers, body: data)
        return (reply.status, reply.body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: reply.body))
    }
}
