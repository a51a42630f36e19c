import ContoSandbox
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SandboxCore
import XCTest

/// A live Conto sandbox on 127.0.0.1:<free port> over a temporary SQLite file, and an HTTP client.
final class ContoHarness: @unchecked Sendable {
    /// One HTTP reply.
    struct Reply {
        var status: Int
        var json: JSONValue
        var headers: HTTPFields

        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        subscript(key: String) -> JSONValue? { json[key] }
        /// A string member (empty when missing) for ids.
        func string(_ key: String) -> String { json[key]?.stringValue ?? "" }
    }

    let store: SandboxStore
    private(set) var host: SandboxHost
    private(set) var client: TestClient
    /// The seeded demo org's Admin-preset key.
    let orgKey: String
    let orgId: String

    private init(store: SandboxStore, host: SandboxHost, client: TestClient, orgKey: String, orgId: String) {
        self.store = store
        self.host = host
        self.client = client
        self.orgKey = orgKey
        self.orgId = orgId
    }

    /// Starts a fresh sandbox, seeds it, lifts the rate limits (tests that measure them lower
    /// them again) and moves the org clock to 10:00 UTC of the next day, so no test straddles midnight.
    static func start() async throws -> ContoHarness {
        let store = try SandboxStore.temporary(migrations: [ContoSandbox.registerMigrations])
        let host = try SandboxHost(store: store, moduleTypes: [ContoSandbox.self])
        let port = try await host.start()
        let seed = try await (host.modules[0] as! ContoSandbox).seedIfEmpty()
        let client = TestClient(host: "127.0.0.1", port: port)
        client.connect()
        let harness = ContoHarness(store: store, host: host, client: client, orgKey: seed?["org_api_key"]?.stringValue ?? "",
                                   orgId: seed?["org_id"]?.stringValue ?? "")
        try await harness.relax(harness.orgKey)
        return harness
    }

    /// High rate limits and a clock at the next day's 10:00 UTC for the key's org.
    func relax(_ key: String) async throws {
        let settings = try await send(.patch, "/__sandbox/conto/settings", key: key,
                                      ["adminRequestsPerWindow": 100_000, "paymentRequestsPerWindow": 100_000, "sdkReadRequestsPerWindow": 100_000])
        XCTAssertEqual(settings.status, 200)
        let clock = try await send(.get, "/__sandbox/conto/clock", key: key)
        let now = ISO8601.parse(clock.string("now"))!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let target = calendar.date(byAdding: DateComponents(day: 1, hour: 10), to: calendar.startOfDay(for: now))!
        let advanced = try await send(.post, "/__sandbox/conto/clock/advance", key: key, ["seconds": .number(target.timeIntervalSince(now))])
        XCTAssertEqual(advanced.status, 200)
    }

    /// Stops the server, then starts a new one on the same SQLite file (a restart).
    func restart() async throws {
        try await client.shutdown()
        await host.stop()
        host = try SandboxHost(store: try SandboxStore(path: store.path, migrations: [ContoSandbox.registerMigrations]), moduleTypes: [ContoSandbox.self])
        let port = try await host.start()
        let reseed = try await (host.modules[0] as! ContoSandbox).seedIfEmpty()
        XCTAssertNil(reseed, "a seeded store is not seeded again")
        client = TestClient(host: "127.0.0.1", port: port)
        client.connect()
    }

    func stop() async {
        try? await client.shutdown()
        await host.stop()
    }

    /// Sends a request; `key` goes in `Authorization: Bearer`.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, key: String? = nil, _ body: JSONValue? = nil,
              idempotencyKey: String? = nil) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        let buffer = body.map { ByteBuffer(data: $0.encoded()) }
        let response = try await client.execute(TestClient.Request(path, method: method, headers: headers, body: buffer))
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        let json = data.isEmpty ? JSONValue.null : ((try? JSONValue.parse(data)) ?? .string(String(decoding: data, as: UTF8.self)))
        return Reply(status: response.status.code, json: json, headers: response.headers)
    }

    /// Sends with the seeded org key and asserts the status.
    @discardableResult
    func admin(_ method: HTTPRequest.Method, _ path: String, _ body: JSONValue? = nil, expect status: Int? = nil,
               file: StaticString = #filePath, line: UInt = #line) async throws -> Reply {
        let reply = try await send(method, path, key: orgKey, body)
        if let status { XCTAssertEqual(reply.status, status, "\(method) \(path): \(reply.json.text)", file: file, line: line) }
        return reply
    }

    /// A new org key of the seeded org with a preset.
    func orgKey(preset: String) async throws -> String {
        let reply = try await admin(.post, "/__sandbox/conto/api-keys", ["name": "test", "preset": .string(preset)], expect: 201)
        return reply.string("key")
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init(bytes: data)
    }
}
