import Foundation
import HummingbirdTesting
import Sandbox
import SandboxCore
import XCTest

/// The Conto emulator inside the composed sandbox: its seeded org key is in the seed record and works.
final class CompositionTests: XCTestCase {
    func testSeedRecordCarriesTheContoOrgKey() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("conto-\(UUID().uuidString)/sandbox.sqlite").path
        let server = try await SandboxServer.start(dbPath: path)
        let key = try XCTUnwrap(server.seed.conto?["org_api_key"]?.stringValue)
        XCTAssertTrue(key.hasPrefix("conto_") && !key.hasPrefix("conto_agent_"))

        let client = TestClient(host: "127.0.0.1", port: server.port)
        client.connect()
        let reply = try await client.get("/api/agents", headers: [.authorization: "Bearer \(key)"])
        XCTAssertEqual(reply.status.code, 200)
        let members = try await client.get("/api/organizations/me/members", headers: [.authorization: "Bearer \(key)"])
        let body = try JSONValue.parse(Data(members.body.map { Data($0.readableBytesView) } ?? Data()))
        XCTAssertEqual(body["members"]?.arrayValue?.first?["role"], "OWNER", "the seed key has the Admin preset")
        try await client.shutdown()
        await server.stop()
    }
}
