import ContioSandbox
import ContoSandbox
import Foundation
import GRDB
import SandboxCore
import XCTest

/// A list page costs what the page costs: its rows come from an index already in insertion order
/// (no sort of every match), and its total from counts the triggers keep in the writing
/// transaction (no walk over every match). These tests check the plans and that the counts agree
/// with the documents through every kind of change.
final class ListCostTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    /// (kind, org, status) → number of documents, as kept by the triggers (zero rows left out).
    private static func keptCounts(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, org_id, status, n FROM conto_document_counts WHERE n != 0") {
            counts["\(row["kind"] as String)|\(row["org_id"] as String)|\(row["status"] as String)"] = row["n"]
        }
        return counts
    }

    /// The same, counted from the documents themselves.
    private static func actualCounts(_ db: Database) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT kind, org_id, coalesce(status, '') AS status, COUNT(*) AS n FROM conto_documents GROUP BY 1, 2, 3
            """) {
            counts["\(row["kind"] as String)|\(row["org_id"] as String)|\(row["status"] as String)"] = row["n"]
        }
        return counts
    }

    private func assertCountsAgree(_ step: String, file: StaticString = #filePath, line: UInt = #line) async throws {
        let (kept, actual) = try await sandbox.store.read { db in (try Self.keptCounts(db), try Self.actualCounts(db)) }
        XCTAssertFalse(actual.isEmpty, step, file: file, line: line)
        XCTAssertEqual(kept, actual, "after \(step)", file: file, line: line)
    }

    private func agentTotal(_ query: String = "") async throws -> Int? {
        try await sandbox.admin(.get, "/api/agents?limit=1" + query, expect: 200)["total"]?.intValue
    }

    func testCountsFollowCreateStatusChangeDeleteSoftDeleteAndReset() async throws {
        try await assertCountsAgree("seeding")
        var agents: [String] = []
        for index in 0..<6 {
            agents.append(try await sandbox.admin(.post, "/api/agents", ["name": .string("agent \(index)"), "agentType": "CUSTOM"],
                                                  expect: 201).string("id"))
        }
        try await assertCountsAgree("creates")
        var total = try await agentTotal()
        XCTAssertEqual(total, 6)

        try await sandbox.admin(.patch, "/api/agents/\(agents[0])", ["status": "PAUSED"], expect: 200)
        try await sandbox.admin(.patch, "/api/agents/\(agents[1])", ["description": "no status change"], expect: 200)
        try await assertCountsAgree("updates")
        let paused = try await agentTotal("&status=PAUSED")
        XCTAssertEqual(paused, 1)
        let active = try await agentTotal("&status=ACTIVE")
        XCTAssertEqual(active, 5)

        // Soft delete: the agent stays, as REVOKED, and leaves the default listing.
        try await sandbox.admin(.delete, "/api/agents/\(agents[2])", expect: 200)
        try await assertCountsAgree("soft delete")
        total = try await agentTotal()
        XCTAssertEqual(total, 5)
        let revoked = try await agentTotal("&status=REVOKED")
        XCTAssertEqual(revoked, 1)

        // Hard delete: a policy assignment row disappears.
        let policy = try await sandbox.admin(.post, "/api/policies", ["name": "Cap", "policyType": "SPEND_LIMIT"], expect: 201).string("id")
        try await sandbox.admin(.post, "/api/agents/\(agents[3])/policies", ["policyId": .string(policy)], expect: 201)
        try await assertCountsAgree("assignment")
        try await sandbox.admin(.delete, "/api/agents/\(agents[3])/policies/\(policy)", expect: 200)
        try await assertCountsAgree("hard delete")
        let assignments = try await sandbox.store.read { db in
            try TypedDocumentStore(db: db, table: .conto).countedTotal(AgentPolicy.self, tenant: self.sandbox.orgId, statuses: nil)
        }
        XCTAssertEqual(assignments, 0)

        // Reset: every document erased and the org seeded again.
        _ = try await sandbox.host.reset(reusing: ["conto": ["org_api_key": .string(sandbox.orgKey), "org_id": .string(sandbox.orgId)]])
        try await assertCountsAgree("reset")
        let kept = try await sandbox.store.read { db in try Self.keptCounts(db) }
        XCTAssertNil(kept.keys.first { $0.hasPrefix("agent|") }, "no agent is counted after a reset: \(kept)")
        total = try await agentTotal()
        XCTAssertEqual(total, 0)
    }

    /// The plan of the agent listing's row query, as the route builds it, with and without table statistics.
    func testAgentPageIsReadInIndexOrderWithoutATemporarySort() async throws {
        for index in 0..<40 {
            try await sandbox.admin(.post, "/api/agents", ["name": .string("agent \(index)"), "agentType": "CUSTOM"], expect: 201)
        }
        var listing = DocumentQuery<Agent>()
        listing.field("status", in: ["ACTIVE", "PAUSED", "SUSPENDED"])
        var searching = listing
        searching.search("agent", in: ["name", "description"])
        var revoked = DocumentQuery<Agent>()
        revoked.field("status", equals: "REVOKED")
        var newest = DocumentQuery<Alert>(order: .newestFirst)
        newest.field("status", equals: "OPEN")
        newest.field("agentId", equals: "agt_x")
        let plans = try await sandbox.store.write { db -> [String: [String]] in
            let docs = TypedDocumentStore(db: db, table: .conto)
            func details<T>(_ query: DocumentQuery<T>) throws -> [String] {
                let (sql, arguments) = docs.pageStatement(query, tenant: self.sandbox.orgId, limit: 50, offset: 10)
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            var plans: [String: [String]] = [:]
            for analyzed in [false, true] {
                if analyzed { try db.execute(sql: "ANALYZE") }
                let suffix = analyzed ? ", analyzed" : ""
                plans["listing" + suffix] = try details(listing)
                plans["search" + suffix] = try details(searching)
                plans["one status" + suffix] = try details(revoked)
                plans["newest first" + suffix] = try details(newest)
            }
            return plans
        }
        for (name, plan) in plans {
            XCTAssertFalse(plan.isEmpty, name)
            XCTAssertNil(plan.first { $0.contains("TEMP B-TREE") }, "\(name): \(plan)")
            XCTAssertNotNil(plan.first { $0.hasPrefix("SEARCH conto_documents USING INDEX conto_documents_by_") }, "\(name): \(plan)")
        }
    }

    /// `all(query, tenant:)`: every match in the query's order, others skipped by SQLite.
    func testAllMatchingAQueryKeepsTheQuerysOrder() async throws {
        var ids: [String] = []
        for name in ["north", "south", "north-east"] {
            ids.append(try await sandbox.admin(.post, "/api/agents", ["name": .string(name), "agentType": "CUSTOM"], expect: 201).string("id"))
        }
        try await sandbox.admin(.patch, "/api/agents/\(ids[2])", ["status": "PAUSED"], expect: 200)
        var north = DocumentQuery<Agent>(order: .newestFirst)
        north.search("NORTH", in: ["name"])
        var paused = DocumentQuery<Agent>()
        paused.field("status", equals: "PAUSED")
        let (northNames, pausedIds) = try await sandbox.store.read { db in
            let docs = TypedDocumentStore(db: db, table: .conto)
            return (try docs.all(north, tenant: self.sandbox.orgId).map(\.name), try docs.all(paused, tenant: self.sandbox.orgId).map(\.id))
        }
        XCTAssertEqual(northNames, ["north-east", "north"])
        XCTAssertEqual(pausedIds, [ids[2]])
    }

    /// A state file from before the counts (migrations up to conto.v2) is counted when it is opened.
    func testUpgradeCountsAnExistingStateFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("list-cost-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            ContoSandbox.registerMigrations(&migrator)
            try migrator.migrate(queue, upTo: "conto.v2.status")
            try await queue.write { db in
                for (index, status) in ["ACTIVE", "ACTIVE", "PAUSED", "REVOKED"].enumerated() {
                    try db.execute(sql: """
                        INSERT INTO conto_documents (kind, id, org_id, body, status) VALUES ('agent', ?, 'org_old', ?, ?)
                        """, arguments: ["agt_\(index)", "{\"status\":\"\(status)\"}", status])
                }
            }
        }
        let store = try SandboxStore(path: path, migrations: [ContoSandbox.registerMigrations])
        let (kept, active) = try await store.read { db in
            (try Self.keptCounts(db),
             try TypedDocumentStore(db: db, table: .conto).countedTotal(Agent.self, tenant: "org_old", statuses: ["ACTIVE", "PAUSED"]))
        }
        XCTAssertEqual(kept, ["agent|org_old|ACTIVE": 2, "agent|org_old|PAUSED": 1, "agent|org_old|REVOKED": 1])
        XCTAssertEqual(active, 3)
    }
}
