import ContoSandbox
import SandboxCore
import XCTest

/// `BulkSeeding.addAgents` (behind `adminsh sandbox populate`) writes agents the API can list,
/// counted like any others, and refuses an org that does not exist.
final class BulkSeedingTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    func testAddedAgentsAreListedAndCounted() async throws {
        try await sandbox.admin(.post, "/api/agents", ["name": "made by the API", "agentType": "CUSTOM"], expect: 201)
        let total = try await BulkSeeding.addAgents(7, org: sandbox.orgId, store: sandbox.store, namePrefix: "bulk")
        XCTAssertEqual(total, 8)
        let page = try await sandbox.admin(.get, "/api/agents?limit=3&offset=1", expect: 200)
        XCTAssertEqual(page["agents"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["bulk-1", "bulk-2", "bulk-3"])
        XCTAssertEqual(page["agents"]?.arrayValue?.first?["status"], "ACTIVE")
        XCTAssertEqual(page["total"], 8)
        let audit = try await sandbox.admin(.get, "/api/audit-logs?resource=agent&action=CREATE", expect: 200)
        XCTAssertEqual(audit["pagination"]?["total"], 8, "each added agent has its CREATE audit entry")
    }

    func testAnUnknownOrgIsRefusedAndNothingIsWritten() async throws {
        do {
            try await BulkSeeding.addAgents(3, org: "org_missing", store: sandbox.store)
            XCTFail("an unknown org must be refused")
        } catch let failure as BulkSeeding.Failure {
            XCTAssertTrue(failure.description.contains("org_missing"))
        }
        let listed = try await sandbox.admin(.get, "/api/agents", expect: 200)
        XCTAssertEqual(listed["total"], 0)
    }
}
