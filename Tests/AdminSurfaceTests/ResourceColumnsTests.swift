import AdminSurface
import XCTest

/// Every list declares its table (noun and default columns), and the columns are fields the
/// sandbox's records really carry.
final class ResourceColumnsTests: XCTestCase {
    func testEveryListDeclaresItsColumnsAndOnlyListsDo() {
        let lists = Catalog.all.filter { $0.list != nil }
        XCTAssertGreaterThan(lists.count, 20)
        for op in lists {
            let table = op.tableColumns
            XCTAssertNotNil(table, "\(op.qualifiedName) is a list without declared columns")
            XCTAssertFalse(table?.columns.isEmpty ?? true, op.qualifiedName)
            XCTAssertEqual(Set(table?.columns ?? []).count, table?.columns.count, "\(op.qualifiedName) names a column twice")
        }
        let listNames = Set(lists.map(\.qualifiedName))
        for name in ResourceColumns.byOperation.keys {
            XCTAssertTrue(listNames.contains(name), "\(name) declares columns but is not a list operation")
        }
    }

    func testTheIssuesDefaultColumns() {
        func columns(_ name: String) -> [String]? { Catalog.all.first { $0.qualifiedName == name }?.tableColumns?.columns }
        XCTAssertEqual(columns("conto.agents.list"), ["id", "name", "status", "agentType", "externalId", "createdAt"])
        XCTAssertEqual(columns("conto.wallets.list"), ["id", "name", "chainType", "custodyType", "status", "balance"])
        XCTAssertEqual(columns("conto.policies.list"), ["id", "name", "policyType", "priority", "isActive"])
    }

    /// Declared columns are keys of the records the sandbox lists (for each list with records).
    func testDeclaredColumnsAreFieldsOfTheSandboxesRecords() async throws {
        let session = try await SandboxSession.start()
        let agent = try await session.send("POST", "/api/agents", headers: session.contoAuth,
                                           body: ["name": "Columns", "agentType": "CUSTOM", "externalId": "c-1"])
        let agentID = (agent.json as? JSONObject)?.string("id") ?? ""
        let wallet = try await session.send("POST", "/api/wallets", headers: session.contoAuth, body: ["name": "Ops"])
        XCTAssertEqual(wallet.status, 201, "\(String(describing: wallet.json))")
        let policy = try await session.send("POST", "/api/policies", headers: session.contoAuth, body: ["name": "P", "policyType": "SPEND_LIMIT"])
        let policyID = (policy.json as? JSONObject)?.string("id") ?? ""
        _ = try await session.send("POST", "/api/agents/\(agentID)/policies", headers: session.contoAuth, body: ["policyId": policyID])
        _ = try await session.send("POST", "/api/agents/\(agentID)/sdk-keys", headers: session.contoAuth, body: ["name": "k"])
        let toolkit = try await session.send("POST", "/v1/partner/admin/toolkits", headers: session.contioAuth,
                                             body: ["name": "K", "slug": "k", "version": "1.0.0", "manifest": [:] as JSONObject])
        let toolkitID = ((toolkit.json as? JSONObject)?.object("toolkit"))?.string("id") ?? ""
        let template = try await session.send("POST", "/v1/partner/admin/templates", headers: session.contioAuth, body: ["name": "T"])
        let ids = ["agentId": agentID, "policyId": policyID, "toolkitId": toolkitID,
                   "templateId": (template.json as? JSONObject)?.string("id") ?? ""]
        XCTAssertFalse(ids.values.contains(""), "fixtures not created: \(ids)")

        var checked: [String] = []
        for op in Catalog.all {
            guard let shape = op.list, let table = op.tableColumns else { continue }
            let auth = op.platform == .conto ? session.contoAuth : session.contioAuth
            let reply = try await session.send("GET", op.resolvedPath(op.pathParameters.map { ids[$0] ?? "" }), headers: auth)
            let items: [Any]?
            switch shape {
            case .bareArray: items = reply.json as? [Any]
            case .envelope(let key), .paginationEnvelope(let key): items = (reply.json as? JSONObject)?.array(key)
            }
            let records = (items ?? []).compactMap { $0 as? JSONObject }
            guard !records.isEmpty else { continue }
            let keys = Set(records.flatMap(\.keys))
            for column in table.columns {
                XCTAssertTrue(keys.contains(column), "\(op.qualifiedName) declares \(column); its records have \(keys.sorted())")
            }
            checked.append(op.qualifiedName)
        }
        XCTAssertGreaterThanOrEqual(checked.count, 10, "lists checked: \(checked)")
        for name in ["conto.agents.list", "conto.wallets.list", "conto.policies.list", "contio.getToolkits"] {
            XCTAssertTrue(checked.contains(name), "\(name) not checked: \(checked)")
        }
        await session.stop()
    }
}
