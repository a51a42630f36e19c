import AdminClient
import AdminSurface
import Foundation
import XCTest

/// Per-platform authentication against the sandbox, and the refusals made before any request.
final class AuthenticationTests: XCTestCase {
    var sandbox: SandboxFixture!

    override func setUp() async throws { sandbox = try await SandboxFixture.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testContioSeededKeyAuthenticates() async throws {
        let response = try await sandbox.withClient { client in
            try await client.perform(TestOperations.contioGetApp, pathArguments: [], query: [], body: nil)
        }
        XCTAssertEqual(response.status, 200)
        XCTAssertNotNil(response.requestID)
        XCTAssertEqual(try json(response)["client_id"] as? String, sandbox.contioClientID)
    }

    func testContoSeededKeyAuthenticates() async throws {
        let response = try await sandbox.withClient { client in
            try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [("limit", "5")], body: nil)
        }
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(try json(response)["limit"] as? Int, 5, "the query string reached the server")
    }

    func testWrongContioKeyGivesTheAPIsError() async throws {
        var configuration = sandbox.configuration()
        configuration.contio?.credentials = .contio(apiKey: "ctio_wrong_key_value", clientID: sandbox.contioClientID)
        let error = await adminError {
            _ = try await self.sandbox.withClient(configuration) { client in
                try await client.perform(TestOperations.contioGetApp, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.status, 401)
        XCTAssertEqual(error?.code, "unauthorized")
        XCTAssertEqual(error?.platform, .contio)
        XCTAssertEqual(error?.operation, "contio.getApp")
        XCTAssertEqual(error?.retryable, false)
        XCTAssertTrue(error?.requestID?.hasPrefix("req_") ?? false, "request id from the error body: \(String(describing: error?.requestID))")
        XCTAssertFalse(error.map(String.init(describing:))?.contains("ctio_wrong_key_value") ?? true)
    }

    func testWrongContoKeyGivesTheAPIsError() async throws {
        var configuration = sandbox.configuration()
        configuration.conto?.credentials = .conto(orgKey: "conto_org_0000000000000000")
        let error = await adminError {
            _ = try await self.sandbox.withClient(configuration) { client in
                try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.status, 401)
        XCTAssertEqual(error?.code, "AUTH_FAILED")
        XCTAssertEqual(error?.platform, .conto)
        XCTAssertEqual(error?.operation, "conto.agents.list")
        XCTAssertNotNil(error?.requestID, "request id from X-Request-ID")
        XCTAssertFalse(error.map(String.init(describing:))?.contains("conto_org_0000000000000000") ?? true)
    }

    func testAgentKeyIsRefusedBeforeAnyRequest() async throws {
        // A fault armed on the route proves nothing reached the server: it would be consumed.
        try await sandbox.injectFault(["path_prefix": "/api/agents", "status": 500, "count": 1])
        var configuration = sandbox.configuration()
        let agentKey = "conto_agent_" + String(repeating: "ab", count: 32)
        configuration.conto?.credentials = .conto(orgKey: agentKey)
        let error = await adminError {
            _ = try await self.sandbox.withClient(configuration) { client in
                try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.code, "INVALID_CREDENTIALS")
        XCTAssertNil(error?.status)
        XCTAssertTrue(error?.message.contains("organization API key (conto_...)") ?? false, error?.message ?? "")
        XCTAssertFalse(error?.message.contains(agentKey) ?? true, "the key itself is never quoted")
        let injectedCount = try await sandbox.injected().count
        XCTAssertEqual(injectedCount, 0)
        let remaining = try await sandbox.activeFaults().first?["remaining"] as? Int
        XCTAssertEqual(remaining, 1)
    }

    func testAgentKeyOperationsCarryTheAgentKeyNotTheOrgKey() async throws {
        let sdkPolicies = try XCTUnwrap(Catalog.operation("conto.sdk.policies.list"))
        let createKey = try XCTUnwrap(Catalog.operation("conto.agents.createSdkKey"))
        let missing = await adminError {
            _ = try await self.sandbox.withClient { client in
                try await client.perform(sdkPolicies, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(missing?.code, "INVALID_CREDENTIALS", "no agent key: refused before any request")
        XCTAssertTrue(missing?.message.contains("SDK key (conto_agent_...)") ?? false, missing?.message ?? "")

        let agentKey = try await sandbox.withClient { client -> String in
            let agent = try json(try await client.perform(TestOperations.contoCreateAgent, pathArguments: [], query: [],
                                                          body: Array(#"{"name":"Agent side","agentType":"CUSTOM"}"#.utf8)))
            let key = try json(try await client.perform(createKey, pathArguments: [agent["id"] as? String ?? ""], query: [],
                                                        body: Array(#"{"name":"probe"}"#.utf8)))
            return key["key"] as? String ?? ""
        }
        let response = try await sandbox.withClient { client in
            try await client.perform(sdkPolicies, pathArguments: [], query: [], body: nil, agentKey: agentKey)
        }
        XCTAssertEqual(response.status, 200, "the sandbox accepted the agent key (an org key is refused on /api/sdk/*)")
        XCTAssertNotNil(try json(response)["policies"] as? [Any])
    }

    func testMissingPlatformIsNotConfigured() async throws {
        var configuration = sandbox.configuration()
        configuration.contio = nil
        let error = await adminError {
            _ = try await self.sandbox.withClient(configuration) { client in
                try await client.perform(TestOperations.contioGetApp, pathArguments: [], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.code, "NOT_CONFIGURED")
        XCTAssertTrue(error?.message.contains("CONTIO_API_KEY") ?? false, error?.message ?? "")
    }

    func testPlainHTTPToARemoteHostIsRefused() async throws {
        let configuration = ClientConfiguration(conto: Endpoint(baseURL: "http://conto.example.com", credentials: .conto(orgKey: "conto_org_abc")))
        let client = AdminClient(configuration: configuration)
        let error = await adminError {
            _ = try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
        }
        try await client.shutdown()
        XCTAssertEqual(error?.code, "INSECURE_URL")
    }

    func testBaseURLWithTheAPIPrefixIsNotDoubled() async throws {
        var configuration = sandbox.configuration()
        configuration.conto?.baseURL = sandbox.server.baseURL + "/api/"
        configuration.contio?.baseURL = sandbox.server.baseURL + "/v1/partner/admin"
        try await sandbox.withClient(configuration) { client in
            let agents = try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            XCTAssertEqual(agents.status, 200)
            let app = try await client.perform(TestOperations.contioGetApp, pathArguments: [], query: [], body: nil)
            XCTAssertEqual(app.status, 200)
        }
    }

    func testAbsentResourceIsANonRetryable404() async throws {
        let error = await adminError {
            _ = try await self.sandbox.withClient { client in
                try await client.perform(TestOperations.contoGetAgent, pathArguments: ["agt_does_not_exist"], query: [], body: nil)
            }
        }
        XCTAssertEqual(error?.status, 404)
        XCTAssertEqual(error?.code, "NOT_FOUND")
        XCTAssertEqual(error?.retryable, false)
    }
}
