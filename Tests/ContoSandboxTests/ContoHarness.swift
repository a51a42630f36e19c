import ContoSandbox
import Sandbox
import Foundation
import HTTPTypes
import SandboxTestSupport
import SandboxCore
import XCTest

/// The Conto side of the shared `TestSandbox`, in-process through HummingbirdTesting's `.router`
/// framework (no socket), with a JSON client for the seeded org.
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

    let sandbox: TestSandbox
    /// The seeded demo org's Admin-preset key.
    let orgKey: String
    let orgId: String

    private init(sandbox: TestSandbox) {
        self.sandbox = sandbox
        self.orgKey = sandbox.contoOrgKey
        self.orgId = sandbox.contoOrgID
    }

    var store: SandboxStore { sandbox.store }
    var host: SandboxHost { sandbox.host }

    /// Starts a fresh sandbox, seeds it, lifts the rate limits (tests that measure them lower
    /// them again) and moves the org clock to 10:00 UTC of the next day, so no test straddles midnight.
    static func start() async throws -> ContoHarness {
        let harness = ContoHarness(sandbox: try await TestSandbox.start(.router))
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

    /// Stops the sandbox, then opens it again on the same SQLite file (a restart).
    func restart() async throws {
        try await sandbox.restart()
        XCTAssertFalse(sandbox.seededNow, "a seeded store is not seeded again")
    }

    func stop() async {
        await sandbox.stop()
    }

    /// Sends a request; `key` goes in `Authorization: Bearer`.
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, key: String? = nil, _ body: JSONValue? = nil,
              idempotencyKey: String? = nil) async throws -> Reply {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        if let key { headers["Authorization"] = "Bearer \(key)" }
        if let idempotencyKey { headers["Idempotency-Key"] = idempotencyKey }
        let reply = try await sandbox.send(method, path, headers: headers, body: body?.encoded())
        let json = reply.body.isEmpty ? JSONValue.null
            : ((try? JSONValue.parse(reply.body)) ?? .string(String(decoding: reply.body, as: UTF8.self)))
        return Reply(status: reply.status, json: json, headers: reply.headers)
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
