import AdminClient
import AdminSurface
import Foundation
import XCTest

/// `read_only = true` on a profile: every mutating call is refused before anything is sent;
/// reads go through.
final class ReadOnlyTests: XCTestCase {
    var sandbox: SandboxFixture!
    var home: URL!

    override func setUp() async throws {
        sandbox = try await SandboxFixture.start()
        home = FileManager.default.temporaryDirectory.appendingPathComponent("adminsh-readonly-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("config/adminsh"), withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        await sandbox.stop()
        try? FileManager.default.removeItem(at: home)
    }

    func testAReadOnlyProfileRefusesChangesBeforeSendingAndAllowsReads() async throws {
        try """
            [profiles.prod]
            conto_url = "\(sandbox.sandbox.baseURL)"
            conto_org_key_env = "K"
            read_only = true
            """.write(to: home.appendingPathComponent("config/adminsh/config.toml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "HOME": home.path, "K": sandbox.contoKey]
        let resolved = try ProfileResolver.resolve(profile: "prod", environment: environment)
        let configuration = try XCTUnwrap(resolved).configuration
        let name = "read-only-\(UUID().uuidString.prefix(8))"
        let error: AdminError? = await {
            do {
                _ = try await sandbox.withClient(configuration) { client in
                    try await client.perform(TestOperations.contoCreateAgent, pathArguments: [], query: [],
                                             body: try body(["name": name, "agentType": "CUSTOM"]))
                }
                return nil
            } catch { return error as? AdminError }
        }()
        XCTAssertEqual(error?.code, "READ_ONLY_PROFILE")
        XCTAssertNil(error?.status, "refused before any request")
        XCTAssertEqual(error?.message, "profile 'prod' is read-only (read_only = true): conto.agents.create was not sent")

        let listed = try await sandbox.withClient(configuration) { client in
            try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [("search", name)], body: nil)
        }
        XCTAssertEqual(listed.status, 200, "reads go through")
        let agents = try XCTUnwrap(try json(listed)["agents"] as? [[String: Any]])
        XCTAssertTrue(agents.isEmpty, "nothing was created")
    }

    func testReadOnlyMustBeABoolean() throws {
        try "[profiles.prod]\nconto_org_key_env = \"K\"\nread_only = \"yes\"\n"
            .write(to: home.appendingPathComponent("config/adminsh/config.toml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "HOME": home.path, "K": "conto_org_k"]
        XCTAssertThrowsError(try ProfileResolver.resolve(profile: "prod", environment: environment)) { error in
            XCTAssertEqual((error as? ProfileError)?.message.hasSuffix("read_only must be true or false"), true, "\(error)")
        }
    }
}
