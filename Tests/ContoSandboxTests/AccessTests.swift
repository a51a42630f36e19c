import ContoSandbox
import HTTPTypes
import SandboxCore
import XCTest

/// Authentication, scopes and key kinds on every route of the OpenAPI document.
final class AccessTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testEveryRouteChecksItsScope() async throws {
        let ids = try await Fixtures.make(sandbox)
        let operations = try await Fixtures.operations(sandbox)
        let allScopes = ContoScope.allCases.map(\.rawValue)
        var checked = 0
        for (method, template, operation) in operations {
            guard operation["x-credential"] == "org", let scope = operation["x-required-scope"]?.stringValue else { continue }
            let key = try await sandbox.admin(.post, "/__sandbox/conto/api-keys", [
                "name": .string("all but \(scope)"), "scopes": .strings(allScopes.filter { $0 != scope }),
            ], expect: 201).string("key")
            let reply = try await sandbox.send(HTTPRequest.Method(method)!, Fixtures.fill(template, ids), key: key, [:])
            XCTAssertEqual(reply.status, 403, "\(method) \(template)")
            XCTAssertEqual(reply["code"], "INSUFFICIENT_SCOPE", "\(method) \(template)")
            XCTAssertEqual(reply["requiredScope"]?.stringValue, scope, "\(method) \(template)")
            XCTAssertTrue(reply.string("message").contains(scope))
            checked += 1
        }
        XCTAssertGreaterThan(checked, 50, "every admin route declares a scope")
    }

    func testReadOnlyKeyReadsButCannotWrite() async throws {
        let ids = try await Fixtures.make(sandbox)
        let readOnly = try await sandbox.orgKey(preset: "READ_ONLY")
        let readOnlyScopes = ContoScopePreset.readOnly.scopes.map(\.rawValue)
        var reads = 0, writes = 0
        for (method, template, operation) in try await Fixtures.operations(sandbox) {
            guard operation["x-credential"] == "org", let scope = operation["x-required-scope"]?.stringValue else { continue }
            let reply = try await sandbox.send(HTTPRequest.Method(method)!, Fixtures.fill(template, ids), key: readOnly, [:])
            if method == "GET", readOnlyScopes.contains(scope) {
                XCTAssertEqual(reply.status, 200, "\(method) \(template): \(reply.json.text)")
                reads += 1
            } else if method != "GET" {
                XCTAssertEqual(reply.status, 403, "\(method) \(template)")
                writes += 1
            }
        }
        XCTAssertGreaterThan(reads, 15)
        XCTAssertGreaterThan(writes, 30)
        let members = try await sandbox.send(.get, "/api/organizations/me/members", key: readOnly)
        XCTAssertEqual(members["requiredScope"], "team:read", "Read Only excludes team:read")
    }

    func testAgentKeysAreRefusedOnAdminRoutesAndOrgKeysOnAgentRoutes() async throws {
        let ids = try await Fixtures.make(sandbox)
        for (method, template, operation) in try await Fixtures.operations(sandbox) {
            guard operation["x-credential"] == "org", let scope = operation["x-required-scope"]?.stringValue else { continue }
            let reply = try await sandbox.send(HTTPRequest.Method(method)!, Fixtures.fill(template, ids), key: ids["sdkKey"], [:])
            XCTAssertEqual(reply.status, 401, "\(method) \(template)")
            XCTAssertEqual(reply["code"], "AUTH_FAILED")
            XCTAssertTrue(reply.string("message").contains("organization API key"), reply.string("message"))
        }
        let orgOnAgentRoute = try await sandbox.admin(.get, "/api/sdk/policies")
        XCTAssertEqual(orgOnAgentRoute.status, 401)
        XCTAssertTrue(orgOnAgentRoute.string("message").contains("agent SDK key"))
    }

    func testMissingUnknownAndRevokedKeys() async throws {
        let missing = try await sandbox.send(.get, "/api/agents")
        XCTAssertEqual(missing.status, 401)
        XCTAssertEqual(missing["code"], "AUTH_FAILED")
        let unknown = try await sandbox.send(.get, "/api/agents", key: "conto_org_" + String(repeating: "a", count: 48))
        XCTAssertEqual(unknown.status, 401)

        let agent = try await ProvisionedAgent.provision(sandbox)
        let listed = try await sandbox.admin(.get, "/api/agents/\(agent.agentId)/sdk-keys", expect: 200)
        let item = listed["sdkKeys"]?.arrayValue?.first
        XCTAssertNil(item?["key"], "the secret is shown only at creation")
        XCTAssertEqual(item?["keyPrefix"]?.stringValue.map { $0.hasPrefix("conto_agent_") }, true)
        XCTAssertTrue(agent.sdkKey.range(of: "^conto_agent_[0-9a-f]{64}$", options: .regularExpression) != nil)

        try await sandbox.admin(.delete, "/api/agents/\(agent.agentId)/sdk-keys/\(agent.sdkKeyId)", expect: 200)
        let revoked = try await agent.approve(sandbox, amount: 1)
        XCTAssertEqual(revoked.status, 401)
        XCTAssertEqual(revoked["code"], "AUTH_FAILED")

        let key = try await sandbox.admin(.post, "/__sandbox/conto/api-keys", ["preset": "ADMIN"], expect: 201)
        try await sandbox.admin(.delete, "/__sandbox/conto/api-keys/\(key.string("id"))", expect: 200)
        let revokedOrg = try await sandbox.send(.get, "/api/agents", key: key.string("key"))
        XCTAssertEqual(revokedOrg.status, 401)
    }

    func testSdkKeyLifetimeAndDeletedAgent() async throws {
        let agent = try await ProvisionedAgent.provision(sandbox)
        let tooLong = try await sandbox.admin(.post, "/api/agents/\(agent.agentId)/sdk-keys", ["name": "x", "expiresInDays": 731], expect: 400)
        XCTAssertTrue(tooLong.string("message").contains("expiresInDays"))
        let short = try await sandbox.admin(.post, "/api/agents/\(agent.agentId)/sdk-keys", ["name": "short", "expiresInDays": 1], expect: 201)
        try await sandbox.admin(.post, "/__sandbox/conto/clock/advance", ["days": 2], expect: 200)
        let expired = try await sandbox.send(.get, "/api/sdk/policies", key: short.string("key"))
        XCTAssertEqual(expired.status, 401)
        XCTAssertEqual(expired["code"], "EXPIRED_KEY")

        // Soft delete: REVOKED, keys revoked, links deactivated, hidden from the default list.
        try await sandbox.admin(.delete, "/api/agents/\(agent.agentId)", expect: 200)
        let refused = try await agent.approve(sandbox, amount: 1)
        XCTAssertEqual(refused.status, 401)
        let list = try await sandbox.admin(.get, "/api/agents", expect: 200)
        XCTAssertFalse(list["agents"]?.arrayValue?.contains { $0["id"]?.stringValue == agent.agentId } ?? true)
        let revoked = try await sandbox.admin(.get, "/api/agents?status=REVOKED", expect: 200)
        XCTAssertEqual(revoked["total"], 1)
        let links = try await sandbox.admin(.get, "/api/agents/\(agent.agentId)/wallets", expect: 200)
        XCTAssertEqual(links["wallets"]?.arrayValue?.count, 0)
        let reactivate = try await sandbox.admin(.patch, "/api/agents/\(agent.agentId)", ["status": "ACTIVE"], expect: 400)
        XCTAssertEqual(reactivate["code"], "INVALID_STATUS")
    }

    func testRateLimitHeadersAnd429() async throws {
        try await sandbox.admin(.patch, "/__sandbox/conto/settings", ["adminRequestsPerWindow": 3, "windowSeconds": 60], expect: 200)
        var last: ContoHarness.Reply?
        for _ in 0..<3 {
            last = try await sandbox.admin(.get, "/api/agents", expect: 200)
        }
        XCTAssertEqual(last?.header("X-RateLimit-Limit"), "3")
        XCTAssertEqual(last?.header("X-RateLimit-Remaining"), "0")
        XCTAssertNotNil(last?.header("X-RateLimit-Reset").flatMap(ISO8601.parse))
        let limited = try await sandbox.admin(.get, "/api/agents", expect: 429)
        XCTAssertEqual(limited["code"], "RATE_LIMITED")
        XCTAssertNotNil(limited.header("Retry-After").flatMap(Int.init))
        // The window runs on the tenant clock: moving it past the window frees the key.
        try await sandbox.admin(.post, "/__sandbox/conto/clock/advance", ["seconds": 61], expect: 200)
        try await sandbox.admin(.get, "/api/agents", expect: 200)
    }
}
