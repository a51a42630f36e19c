import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Sandbox

/// A sandbox started in-process on a fresh state file, with a tiny JSON client for the tests.
final class SandboxSession {
    let server: SandboxServer
    private let directory: URL

    private init(server: SandboxServer, directory: URL) {
        self.server = server
        self.directory = directory
    }

    static func start() async throws -> SandboxSession {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adminsurface-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = try await SandboxServer.start(dbPath: directory.appendingPathComponent("sandbox.sqlite").path)
        return SandboxSession(server: server, directory: directory)
    }

    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Headers that authenticate as the seeded Conto org key.
    var contoAuth: [String: String] {
        ["Authorization": "Bearer \(server.seed.conto?["org_api_key"]?.stringValue ?? "")"]
    }

    /// Headers that authenticate as the seeded Contio partner app.
    var contioAuth: [String: String] {
        ["X-API-Key": server.seed.contio?["api_key"]?.stringValue ?? "",
         "X-Client-ID": server.seed.contio?["client_id"]?.stringValue ?? ""]
    }

    /// Sends a request; returns the status and the parsed JSON body (nil when empty or not JSON).
    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: JSONObject? = nil) async throws -> (status: Int, json: Any?) {
        var request = URLRequest(url: URL(string: server.baseURL + path)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
    }
}
