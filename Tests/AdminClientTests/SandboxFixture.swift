import AdminClient
import AdminSurface
import Foundation
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// A fresh sandbox on a temporary state file, its seeded credentials, and helpers to drive the
/// fault-injection switch and read JSON, all over real HTTP.
final class SandboxFixture {
    /// The shared fixture, live: these tests are about the HTTP client, so the socket is the point.
    let sandbox: TestSandbox
    let contioKey: String
    let contioClientID: String
    let contoKey: String
    let control: AdminClient

    /// What the tests read of the running server (its base URL).
    var server: TestSandbox { sandbox }

    private init(sandbox: TestSandbox) {
        self.sandbox = sandbox
        contioKey = sandbox.contioAPIKey
        contioClientID = sandbox.contioClientID
        contoKey = sandbox.contoOrgKey
        control = AdminClient(configuration: ClientConfiguration(
            contio: Endpoint(baseURL: sandbox.baseURL, credentials: .contio(apiKey: contioKey, clientID: contioClientID),
                             sandboxToken: sandbox.adminToken),
            conto: Endpoint(baseURL: sandbox.baseURL, credentials: .conto(orgKey: contoKey), sandboxToken: sandbox.adminToken),
            retry: .none))
    }

    static func start() async throws -> SandboxFixture {
        SandboxFixture(sandbox: try await TestSandbox.start(.live))
    }

    func stop() async {
        try? await control.shutdown()
        await sandbox.stop()
    }

    func configuration(retry: RetryPolicy = RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 10), timeout: Double = 10) -> ClientConfiguration {
        ClientConfiguration(contio: Endpoint(baseURL: sandbox.baseURL, credentials: .contio(apiKey: contioKey, clientID: contioClientID),
                                             sandboxToken: sandbox.adminToken),
                            conto: Endpoint(baseURL: sandbox.baseURL, credentials: .conto(orgKey: contoKey), sandboxToken: sandbox.adminToken),
                            timeout: timeout, retry: retry)
    }

    /// Runs `body` with a client on `configuration` and always shuts the client down.
    func withClient<T>(_ configuration: ClientConfiguration? = nil, _ body: (AdminClient) async throws -> T) async throws -> T {
        let client = AdminClient(configuration: configuration ?? self.configuration())
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    // MARK: fault injection (`/__sandbox/faults`)

    static let addFault = AdminOperation(platform: .conto, luaName: "test.addFault", group: "sandbox", method: .post,
                                         path: "/__sandbox/faults", summary: "add a fault rule")
    static let listFaults = AdminOperation(platform: .conto, luaName: "test.listFaults", group: "sandbox", method: .get,
                                           path: "/__sandbox/faults", summary: "active rules and injected answers")

    func injectFault(_ rule: [String: Any]) async throws {
        let response = try await control.perform(Self.addFault, pathArguments: [], query: [], body: try body(rule))
        XCTAssertEqual(response.status, 201)
    }

    /// The injected answers logged by the sandbox (`method`, `path`, `status`, `idempotency_key`).
    func injected() async throws -> [[String: Any]] {
        let object = try json(try await control.perform(Self.listFaults, pathArguments: [], query: [], body: nil))
        return try XCTUnwrap(object["injected"] as? [[String: Any]])
    }

    /// Rules still active.
    func activeFaults() async throws -> [[String: Any]] {
        let object = try json(try await control.perform(Self.listFaults, pathArguments: [], query: [], body: nil))
        return try XCTUnwrap(object["faults"] as? [[String: Any]])
    }
}

/// Operations built by hand (the catalog is written elsewhere); paths and methods match the APIs.
enum TestOperations {
    static let contioGetApp = AdminOperation(platform: .contio, luaName: "getApp", group: "app", method: .get,
                                             path: "/v1/partner/admin/app", summary: "the partner app")
    static let contioCreateTemplate = AdminOperation(platform: .contio, luaName: "createTemplate", group: "templates", method: .post,
                                                     path: "/v1/partner/admin/templates", summary: "create a template")
    static let contioListTemplates = AdminOperation(platform: .contio, luaName: "getTemplates", group: "templates", method: .get,
                                                    path: "/v1/partner/admin/templates", summary: "list templates")
    static let contoListAgents = AdminOperation(platform: .conto, luaName: "agents.list", group: "agents", method: .get,
                                                path: "/api/agents", summary: "list agents")
    static let contoCreateAgent = AdminOperation(platform: .conto, luaName: "agents.create", group: "agents", method: .post,
                                                 path: "/api/agents", summary: "create an agent")
    static let contoGetAgent = AdminOperation(platform: .conto, luaName: "agents.get", group: "agents", method: .get,
                                              path: "/api/agents/{agentId}", summary: "one agent")
}

/// The response body as a JSON object.
func json(_ response: AdminResponse) throws -> [String: Any] {
    try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any], "body is not a JSON object")
}

/// A JSON body from a dictionary.
func body(_ object: [String: Any]) throws -> [UInt8] {
    Array(try JSONSerialization.data(withJSONObject: object))
}

/// Runs `body` and returns the `AdminError` it throws; fails the test if it succeeds or throws something else.
func adminError(file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> Void) async -> AdminError? {
    do {
        try await body()
        XCTFail("expected an AdminError, the call succeeded", file: file, line: line)
    } catch let error as AdminError {
        return error
    } catch {
        XCTFail("expected an AdminError, got \(error)", file: file, line: line)
    }
    return nil
}
