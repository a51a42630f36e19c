import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Sandbox
import SandboxCore

/// The one sandbox fixture of every test target: both emulators on a fresh state file in a
/// temporary directory, seeded, and reached either in-process through HummingbirdTesting's
/// `.router` framework (no socket) or on a live loopback port, for tests where the socket is
/// the point (webhook deliveries, the HTTP client, bindings over HTTP).
public final class TestSandbox: @unchecked Sendable {
    /// How requests reach the sandbox.
    public enum Transport: Sendable {
        /// Straight into the router, in-process.
        case router
        /// Over 127.0.0.1 on a free port, with the modules' background work (webhook delivery) running.
        case live
    }

    public let transport: Transport
    /// The temporary directory holding the state file (removed by `stop`).
    public let directory: URL
    /// The SQLite state file.
    public let dbPath: String
    /// The running composition.
    public private(set) var host: SandboxHost
    /// The seed record (credentials of the demo app and org).
    public private(set) var seed: SeedRecord
    /// Whether the last (re)start seeded the state file.
    public private(set) var seededNow: Bool
    private var client: (any TestClientProtocol)?

    private init(transport: Transport, directory: URL, dbPath: String, host: SandboxHost, seed: SeedRecord, seededNow: Bool) {
        self.transport = transport
        self.directory = directory
        self.dbPath = dbPath
        self.host = host
        self.seed = seed
        self.seededNow = seededNow
    }

    /// Starts a fresh sandbox (or one on `dbPath`, e.g. to test a restart).
    public static func start(_ transport: Transport = .router, dbPath: String? = nil) async throws -> TestSandbox {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("adminsh-test-\(UUID().uuidString)")
        try PrivateFiles.makeFolder(directory.path)
        let path = dbPath ?? directory.appendingPathComponent("sandbox.sqlite").path
        let prepared = try await SandboxServer.prepare(dbPath: path)
        let sandbox = TestSandbox(transport: transport, directory: directory, dbPath: path, host: prepared.host,
                                  seed: prepared.seed, seededNow: prepared.seededNow)
        try await sandbox.connect()
        return sandbox
    }

    /// The store behind both emulators.
    public var store: SandboxStore { host.store }

    /// The bound port of a live sandbox (0 for `.router`).
    public var port: Int { transport == .live ? host.port : 0 }

    /// `http://127.0.0.1:<port>` of a live sandbox (empty for `.router`).
    public var baseURL: String { transport == .live ? "http://127.0.0.1:\(host.port)" : "" }

    /// The seeded Contio app's `X-API-Key` / `X-Client-ID` and the seeded Conto org key.
    public var contioAPIKey: String { seed.contio?["api_key"]?.stringValue ?? "" }
    public var contioClientID: String { seed.contio?["client_id"]?.stringValue ?? "" }
    public var contioClientSecret: String { seed.contio?["client_secret"]?.stringValue ?? "" }
    public var contioWebhookSecret: String { seed.contio?["webhook_secret"]?.stringValue ?? "" }
    public var contoOrgKey: String { seed.conto?["org_api_key"]?.stringValue ?? "" }
    public var contoOrgID: String { seed.conto?["org_id"]?.stringValue ?? "" }
    /// The admin token of the `/__sandbox/...` control routes (the seed record's).
    public var adminToken: String { seed.adminToken ?? "" }

    /// Stops and opens the same state file again (a restart; a live sandbox gets a new port).
    public func restart() async throws {
        await disconnect()
        let prepared = try await SandboxServer.prepare(dbPath: dbPath)
        host = prepared.host
        seed = prepared.seed
        seededNow = prepared.seededNow
        try await connect()
    }

    /// Stops the sandbox and removes its directory.
    public func stop() async {
        await disconnect()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops serving, keeping the state file.
    public func disconnect() async {
        client = nil
        if transport == .live { await host.stop() }
    }

    private func connect() async throws {
        switch transport {
        case .router:
            // The router framework's client holds only the responder: with no services to run it
            // stays usable after `test` returns, for the whole life of the fixture.
            let application = Application(router: host.makeRouter())
            client = try await application.test(.router) { client in client }
        case .live:
            try await host.start()
        }
    }

    /// One request; `path` includes the query. A request to a `/__sandbox/...` control route
    /// carries the admin token, as adminsh sends it, unless `headers` names `X-Sandbox-Token`
    /// itself (an empty value sends none).
    public func send(_ method: HTTPRequest.Method, _ path: String, headers: [String: String] = [:], body: Data? = nil) async throws -> TestReply {
        var headers = headers
        if path.hasPrefix(ControlSurfaceGuard.prefix + "/"),
           !headers.keys.contains(where: { $0.caseInsensitiveCompare(ControlSurfaceGuard.tokenHeader) == .orderedSame }) {
            headers[ControlSurfaceGuard.tokenHeader] = adminToken
        }
        headers = headers.filter { !$0.value.isEmpty || $0.key.caseInsensitiveCompare(ControlSurfaceGuard.tokenHeader) != .orderedSame }
        var fields = HTTPFields()
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        if body != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        switch transport {
        case .router:
            guard let client else { throw TestSandboxError.stopped }
            let response = try await client.executeRequest(uri: path, method: method, headers: fields, body: body.map { ByteBuffer(bytes: $0) })
            return TestReply(status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
        case .live:
            return try await TestHTTP.send(method.rawValue, baseURL + path, headers: headers, body: body)
        }
    }
}

/// A request to a stopped fixture.
public enum TestSandboxError: Error {
    case stopped
}

/// One HTTP exchange as the tests see it.
public struct TestReply: Sendable {
    public var status: Int
    public var headers: HTTPFields
    public var body: Data

    public init(status: Int, headers: HTTPFields, body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as JSON (nil when empty or not JSON).
    public var json: JSONValue? { body.isEmpty ? nil : try? JSONValue.parse(body) }
    /// `json[key]`, for brevity.
    public subscript(key: String) -> JSONValue? { json?[key] }
    public func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}

/// Real HTTP over loopback (AsyncHTTPClient).
public enum TestHTTP {
    public static func send(_ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil) async throws -> TestReply {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 8 << 20)
        var fields = HTTPFields()
        for header in response.headers {
            if let name = HTTPField.Name(header.name) { fields.append(HTTPField(name: name, value: header.value)) }
        }
        return TestReply(status: Int(response.status.code), headers: fields, body: Data(buffer.readableBytesView))
    }
}
