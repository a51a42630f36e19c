import Foundation
import SandboxCore
import SandboxTestSupport

/// One HTTP exchange as the tests see it.
typealias HTTPResult = TestReply

/// A partner app's credentials plus the server it lives on.
struct ContioClient {
    /// The sandbox the app lives on (in-process or live).
    var server: TestSandbox
    var clientID: String
    var apiKey: String
    var clientSecret: String = ""
    var webhookSecret: String = ""
    var appID: String = ""

    /// An admin API call (`path` relative to `/v1/partner/admin`).
    func call(_ method: String, _ path: String, _ body: JSONValue? = nil, headers: [String: String] = [:],
              rawBody: Data? = nil) async throws -> HTTPResult {
        try await send(method, "/v1/partner/admin" + path, body, headers: headers, rawBody: rawBody)
    }

    /// A sandbox-only call (`path` relative to `/__sandbox/contio`).
    func sandbox(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> HTTPResult {
        try await send(method, "/__sandbox/contio" + path, body, headers: [:], rawBody: nil)
    }

    func send(_ method: String, _ path: String, _ body: JSONValue?, headers: [String: String], rawBody: Data?) async throws -> HTTPResult {
        var h = ["X-API-Key": apiKey, "X-Client-ID": clientID]
        for (k, v) in headers { h[k] = v }
        return try await server.send(.init(method) ?? .get, path, headers: h, body: rawBody ?? body?.encoded())
    }

    /// The same app authenticating with another API key.
    func with(apiKey: String) -> ContioClient {
        var c = self
        c.apiKey = apiKey
        return c
    }

    /// Advances this app's test clock.
    func advanceClock(seconds: Int) async throws {
        let r = try await sandbox("POST", "/clock/advance", ["seconds": .int(seconds)])
        precondition(r.status == 200, "clock advance failed: \(r.status)")
    }

    /// Creates a new partner app (a new tenant) on `sandbox`.
    static func newApp(on sandbox: TestSandbox, webhookURL: String? = nil) async throws -> ContioClient {
        var body: JSONValue = ["name": "Test App"]
        if let webhookURL { body["webhook_url"] = .string(webhookURL) }
        let r = try await sandbox.send(.post, "/__sandbox/contio/apps", body: body.encoded())
        guard r.status == 201, let j = r.json else { throw TestFailure("app creation failed: \(r.status)") }
        return ContioClient(server: sandbox, clientID: j["client_id"]!.stringValue!, apiKey: j["api_key"]!.stringValue!,
                            clientSecret: j["client_secret"]!.stringValue!, webhookSecret: j["webhook_secret"]!.stringValue!,
                            appID: j["partner_app_id"]!.stringValue!)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Polls `condition` every 50 ms until it holds or `seconds` pass (no fixed sleeps in tests).
func eventually(_ what: String, seconds: Double = 15, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestFailure("timed out waiting for: \(what)")
}
