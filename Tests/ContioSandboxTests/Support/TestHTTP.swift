import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SandboxCore

/// One HTTP exchange as the tests see it.
struct HTTPResult {
    var status: Int
    var headers: HTTPHeaders
    var body: Data
    /// The body as JSON (nil when empty or not JSON).
    var json: JSONValue? { body.isEmpty ? nil : try? JSONValue.parse(body) }
    /// `json[key]`, for brevity.
    subscript(key: String) -> JSONValue? { json?[key] }
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// Real HTTP over loopback.
enum TestHTTP {
    static func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 8 << 20)
        return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
    }
}

/// A partner app's credentials plus the server it lives on.
struct ContioClient {
    var baseURL: String
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
        return try await TestHTTP.send(method, baseURL + path, headers: h, body: rawBody ?? body?.encoded())
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

    /// Creates a new partner app (a new tenant) on the server at `baseURL`.
    static func newApp(baseURL: String, webhookURL: String? = nil) async throws -> ContioClient {
        var body: JSONValue = ["name": "Test App"]
        if let webhookURL { body["webhook_url"] = .string(webhookURL) }
        let r = try await TestHTTP.send("POST", baseURL + "/__sandbox/contio/apps", body: body.encoded())
        guard r.status == 201, let j = r.json else { throw TestFailure("app creation failed: \(r.status)") }
        return ContioClient(baseURL: baseURL, clientID: j["client_id"]!.stringValue!, apiKey: j["api_key"]!.stringValue!,
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
