import Foundation
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// The Conto emulator inside the composed sandbox: its seeded org key is in the seed record and works.
final class CompositionTests: XCTestCase {
    func testSeedRecordCarriesTheContoOrgKey() async throws {
        let sandbox = try await TestSandbox.start(.router)
        let key = try XCTUnwrap(sandbox.seed.conto?["org_api_key"]?.stringValue)
        XCTAssertTrue(key.hasPrefix("conto_") && !key.hasPrefix("conto_agent_"))

        let reply = try await sandbox.send(.get, "/api/agents", headers: ["Authorization": "Bearer \(key)"])
        XCTAssertEqual(reply.status, 200)
        let members = try await sandbox.send(.get, "/api/organizations/me/members", headers: ["Authorization": "Bearer \(key)"])
        XCTAssertEqual(members.json?["members"]?.arrayValue?.first?["role"], "OWNER", "the seed key has the Admin preset")
        await sandbox.stop()
    }
}
