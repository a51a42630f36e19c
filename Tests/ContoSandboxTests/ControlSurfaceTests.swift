import Foundation
import HTTPTypes
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// The `/__sandbox/...` control surface: the sandbox's own admin token, no browser origins, no
/// foreign Host, JSON only on state-changing routes, the API's scopes on the helpers, and bounds.
final class ControlSurfaceTests: XCTestCase {
    var harness: ContoHarness!

    override func setUp() async throws { harness = try await ContoHarness.start() }
    override func tearDown() async throws { await harness.stop() }

    var sandbox: TestSandbox { harness.sandbox }

    /// The hostile requests of a local user without the token: each must be refused unchanged.
    let controlRequests: [(HTTPRequest.Method, String, String?)] = [
        (.post, "/__sandbox/reset", nil),
        (.post, "/__sandbox/faults", #"{"path_prefix": "/api", "status": 503, "count": 1000}"#),
        (.get, "/__sandbox/faults", nil),
        (.delete, "/__sandbox/faults", nil),
        (.post, "/__sandbox/conto/orgs", #"{"name": "intruder"}"#),
        (.post, "/__sandbox/contio/apps", #"{"name": "intruder"}"#),
        (.post, "/__sandbox/contio/dns", #"{"name": "x.test", "value": "v"}"#),
        (.get, "/__sandbox/contio/events", nil),
    ]

    func testEveryControlRouteNeedsTheAdminToken() async throws {
        for token in ["", "sbx_admin_wrong", String(sandbox.adminToken.dropLast()) + "0"] where token != sandbox.adminToken {
            for (method, path, body) in controlRequests {
                let reply = try await sandbox.send(method, path, headers: ["X-Sandbox-Token": token], body: body.map { Data($0.utf8) })
                XCTAssertEqual(reply.status, 401, "\(method) \(path) with token '\(token.prefix(12))'")
                XCTAssertEqual(reply["code"]?.stringValue, "sandbox_token_required")
            }
        }
        XCTAssertTrue(sandbox.host.faults.snapshot().rules.isEmpty, "no refused request changed anything")
        XCTAssertTrue(sandbox.adminToken.hasPrefix(ControlSurfaceGuard.tokenPrefix))
        XCTAssertEqual(try SeedRecord.read(dbPath: sandbox.dbPath).adminToken, sandbox.adminToken, "kept in the seed record")
        for (method, path, body) in controlRequests {
            let reply = try await sandbox.send(method, path, body: body.map { Data($0.utf8) })
            XCTAssertLessThan(reply.status, 300, "\(method) \(path) with the token: \(String(decoding: reply.body, as: UTF8.self))")
        }
    }

    func testTheTokenSurvivesARestartAndAResetKeepsIt() async throws {
        let token = sandbox.adminToken
        try await harness.restart()
        XCTAssertEqual(sandbox.adminToken, token)
        let reset = try await sandbox.send(.post, "/__sandbox/reset")
        XCTAssertEqual(reset.status, 200)
        XCTAssertEqual(try SeedRecord.read(dbPath: sandbox.dbPath).adminToken, token)
    }

    func testABrowserOriginIsRefusedEvenWithTheToken() async throws {
        for origin in ["https://evil.example", "null", "http://127.0.0.1:8787"] {
            let reply = try await sandbox.send(.post, "/__sandbox/reset", headers: ["Origin": origin])
            XCTAssertEqual(reply.status, 403, origin)
            XCTAssertEqual(reply["code"]?.stringValue, "origin_refused")
        }
    }

    func testOnlyJSONChangesState() async throws {
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let reply = try await sandbox.send(.post, "/__sandbox/faults", headers: ["Content-Type": type],
                                               body: Data(#"{"path_prefix": "/api", "status": 503}"#.utf8))
            XCTAssertEqual(reply.status, 415, type)
            XCTAssertEqual(reply["code"]?.stringValue, "unsupported_media_type")
        }
        XCTAssertTrue(sandbox.host.faults.snapshot().rules.isEmpty)
        let json = try await sandbox.send(.post, "/__sandbox/faults", headers: ["Content-Type": "application/json; charset=utf-8"],
                                          body: Data(#"{"path_prefix": "/api", "status": 503}"#.utf8))
        XCTAssertEqual(json.status, 201)
    }

    func testAForeignHostIsRefusedOnTheSocket() async throws {
        let live = try await TestSandbox.start(.live)
        defer { Task { await live.stop() } }
        let token = ["X-Sandbox-Token": live.adminToken]
        for host in ["evil.example", "evil.example:\(live.port)", "127.0.0.1.nip.io:\(live.port)"] {
            let reply = try await TestHTTP.send("POST", live.baseURL + "/__sandbox/reset", headers: token.merging(["Host": host]) { $1 })
            XCTAssertEqual(reply.status, 403, host)
            XCTAssertEqual(reply["code"]?.stringValue, "host_refused", host)
        }
        for host in ["127.0.0.1:\(live.port)", "localhost:\(live.port)", "[::1]:\(live.port)"] {
            let reply = try await TestHTTP.send("GET", live.baseURL + "/__sandbox/faults", headers: token.merging(["Host": host]) { $1 })
            XCTAssertEqual(reply.status, 200, host)
        }
        let bare = try await TestHTTP.send("GET", live.baseURL + "/__sandbox/faults")
        XCTAssertEqual(bare.status, 401, "no token over the socket either")
        XCTAssertTrue(ControlSurfaceGuard.isLoopback(host: "LOCALHOST."))
        XCTAssertFalse(ControlSurfaceGuard.isLoopback(host: "localhost.evil.example"))
    }

    func testAReadOnlyKeyCannotWidenItsReachThroughTheHelpers() async throws {
        let readOnly = try await harness.orgKey(preset: "READ_ONLY")
        let mint = try await harness.send(.post, "/__sandbox/conto/api-keys", key: readOnly, ["name": "escalate", "preset": "ADMIN"])
        XCTAssertEqual(mint.status, 403, mint.json.text)
        XCTAssertEqual(mint["code"]?.stringValue, "INSUFFICIENT_SCOPE")
        let scoped = try await harness.send(.post, "/__sandbox/conto/api-keys", key: readOnly, ["name": "escalate", "scopes": ["agents:write"]])
        XCTAssertEqual(scoped.status, 403)

        let keys = try await harness.store.read { db in try String.fetchAll(db, sql: "SELECT id FROM conto_documents WHERE kind = 'org_api_key'") }
        for keyID in keys {
            let revoke = try await harness.send(.delete, "/__sandbox/conto/api-keys/\(keyID)", key: readOnly)
            XCTAssertEqual(revoke.status, 403, "revoking \(keyID)")
        }
        let settings = try await harness.send(.patch, "/__sandbox/conto/settings", key: readOnly, ["adminRequestsPerWindow": 1])
        XCTAssertEqual(settings.status, 403)
        let agents = try await harness.send(.get, "/api/agents", key: harness.orgKey)
        XCTAssertEqual(agents.status, 200, "the seeded admin key still works")

        // The Admin preset keeps every helper.
        let minted = try await harness.send(.post, "/__sandbox/conto/api-keys", key: harness.orgKey, ["preset": "ADMIN"])
        XCTAssertEqual(minted.status, 201)
        let changed = try await harness.send(.patch, "/__sandbox/conto/settings", key: harness.orgKey, ["windowSeconds": 60])
        XCTAssertEqual(changed.status, 200)
    }

    func testClockMovesAndNumbersOutOfRangeAreRefusedNamingTheFieldAndRange() async throws {
        for (field, value) in [("days", "1e18"), ("seconds", "1e308"), ("hours", "-1"), ("minutes", "6000000")] {
            let reply = try await sandbox.send(.post, "/__sandbox/conto/clock/advance", headers: ["Authorization": "Bearer \(harness.orgKey)"],
                                               body: Data(#"{"\#(field)": \#(value)}"#.utf8))
            XCTAssertEqual(reply.status, 400, "\(field) \(value)")
            let message = reply["message"]?.stringValue ?? ""
            XCTAssertTrue(message.contains(field) && message.contains("between 0 and"), message)
        }
        let total = try await sandbox.send(.post, "/__sandbox/conto/clock/advance", headers: ["Authorization": "Bearer \(harness.orgKey)"],
                                           body: Data(#"{"days": 3000, "hours": 24000}"#.utf8))
        XCTAssertEqual(total.status, 400, "10 years in all")
        let contio = try await sandbox.send(.post, "/__sandbox/contio/clock/advance",
                                            headers: ["X-API-Key": sandbox.contioAPIKey, "X-Client-ID": sandbox.contioClientID],
                                            body: Data(#"{"seconds": 315360000, "hours": 87600}"#.utf8))
        XCTAssertEqual(contio.status, 400)
        XCTAssertTrue((contio["message"]?.stringValue ?? "").contains("10 years"))
        let balance = try await sandbox.send(.put, "/__sandbox/conto/wallets/w_none/balance", headers: ["Authorization": "Bearer \(harness.orgKey)"],
                                             body: Data(#"{"balance": 1e308}"#.utf8))
        XCTAssertEqual(balance.status, 400)
        XCTAssertTrue((balance["message"]?.stringValue ?? "").contains("between 0 and"), String(decoding: balance.body, as: UTF8.self))

        for offset in ["9223372036854775807", "1e308", "-1"] {
            let conto = try await sandbox.send(.get, "/api/agents?offset=\(offset)", headers: ["Authorization": "Bearer \(harness.orgKey)"])
            XCTAssertEqual(conto.status, 400, offset)
            XCTAssertTrue((conto["message"]?.stringValue ?? "").contains("offset"), offset)
            let contioList = try await sandbox.send(.get, "/v1/partner/admin/credentials/history?offset=\(offset)",
                                                    headers: ["X-API-Key": sandbox.contioAPIKey, "X-Client-ID": sandbox.contioClientID])
            XCTAssertEqual(contioList.status, 400, offset)
            let text = contioList["message"]?.stringValue ?? ""
            XCTAssertTrue(text.contains("offset") && text.contains("between 0 and"), text)
        }
    }
}
