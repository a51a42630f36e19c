import ContoSandbox
import Foundation
import GRDB
import SandboxCore
import XCTest

/// Every lookup by a related id or address, and every filtered listing of the Conto routes, is
/// answered from an index: no statement they run walks all of `conto_documents` (a `SCAN`) or
/// sorts every match (a `TEMP B-TREE`). The queries are the routes' own (`ContoQueries`) or built
/// as the list routes build theirs; each is planned as `all`, `page`, `first` and `count` run it,
/// on a fresh table and after `ANALYZE`.
final class LookupPlanTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    /// The plans of the statements that read `query`, by statement name.
    /// `groupedBy`: fields whose per-value counts are read too (alert stats).
    private static func plans<T>(_ query: DocumentQuery<T>, docs: TypedDocumentStore, org: String,
                                 groupedBy fields: [String] = []) throws -> [String: [String]] {
        var statements = ["all": docs.allStatement(query, tenant: org),
                          "page": docs.pageStatement(query, tenant: org, limit: 50, offset: 10),
                          "first": docs.pageStatement(query, tenant: org, limit: 1, offset: 0),
                          "count": docs.countStatement(query, tenant: org)]
        for field in fields { statements["by \(field)"] = docs.groupedCountStatement(query, by: field, tenant: org) }
        return try statements.mapValues { statement in
            try Row.fetchAll(docs.db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map { $0["detail"] as String }
        }
    }

    /// Agents with wallets, links, assignments, keys, payments, alerts and counterparties, so the
    /// planner sees a table of many kinds.
    private func populate() async throws -> ProvisionedAgent {
        let provisioned = try await ProvisionedAgent.provision(sandbox)
        try await provisioned.pay(sandbox, amount: 20)
        _ = try await provisioned.approve(sandbox, amount: 10, to: ProvisionedAgent.stranger)
        for index in 0..<12 {
            let agent = try await sandbox.admin(.post, "/api/agents", ["name": .string("agent \(index)"), "agentType": "CUSTOM"], expect: 201).string("id")
            let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": .string("wallet \(index)")], expect: 201).string("id")
            try await sandbox.admin(.post, "/api/agents/\(agent)/wallets", ["walletId": .string(wallet)], expect: 201)
            try await sandbox.admin(.post, "/api/agents/\(agent)/policies", ["policyId": .string(provisioned.policyId)], expect: 201)
            try await sandbox.admin(.post, "/api/agents/\(agent)/sdk-keys", ["name": "k"], expect: 201)
            try await sandbox.admin(.post, "/api/agents/\(agent)/freeze", expect: 200)
            try await sandbox.admin(.post, "/api/counterparties", ["name": .string("payee \(index)"), "address": .string(ProvisionedAgent.randomAddress())], expect: 201)
        }
        return provisioned
    }

    func testLookupsAndFilteredListsReadAnIndexInOrder() async throws {
        let provisioned = try await populate()
        let agent = provisioned.agentId, wallet = provisioned.walletId, policy = provisioned.policyId
        let org = sandbox.orgId
        let plans = try await sandbox.store.write { db -> [String: [String]] in
            let docs = TypedDocumentStore(db: db, table: .conto)
            var plans: [String: [String]] = [:]
            for analyzed in [false, true] {
                if analyzed { try db.execute(sql: "ANALYZE") }
                func add<T>(_ name: String, _ query: DocumentQuery<T>, groupedBy fields: [String] = []) throws {
                    for (statement, plan) in try Self.plans(query, docs: docs, org: org, groupedBy: fields) {
                        plans["\(name) \(statement)\(analyzed ? ", analyzed" : "")"] = plan
                    }
                }
                // Lookups (agents.get, link/unlink/update, assign/unassign, sdk keys, payments, ledgers).
                try add("agent's active links", ContoQueries.links(agentId: agent))
                try add("agent's links", ContoQueries.links(agentId: agent, activeOnly: false))
                try add("agent-wallet link", ContoQueries.links(agentId: agent, walletId: wallet, activeOnly: true))
                try add("wallet's links", ContoQueries.links(walletId: wallet))
                try add("agent's assignments", ContoQueries.assignments(agentId: agent))
                try add("agent-policy assignment", ContoQueries.assignments(agentId: agent, policyId: policy))
                try add("policy's assignments", ContoQueries.assignments(policyId: policy))
                try add("agent's sdk keys", ContoQueries.sdkKeys(agentId: agent))
                try add("agent's transactions", ContoQueries.transactions(agentId: agent))
                try add("agent's confirmed transactions", ContoQueries.transactions(agentId: agent, status: "CONFIRMED"))
                try add("payments to an address", ContoQueries.transactions(recipient: ProvisionedAgent.vendor.uppercased()))
                try add("counterparty by address", ContoQueries.counterparty(address: ProvisionedAgent.vendor))
                try add("org-wide policies", ContoQueries.orgWidePolicies())
                // Listings.
                try add("policies", ContoQueries.policies(type: nil, isActive: nil))
                try add("policies by type", ContoQueries.policies(type: .composite, isActive: true))
                try add("wallets", ContoQueries.liveWallets())
                try add("frozen wallets", ContoQueries.liveWallets(status: .frozen))
                var transactions = DocumentQuery<PaymentTransaction>(order: .newestFirst)
                transactions.field("walletId", equals: wallet)
                try add("wallet's transactions", transactions)
                var alerts = DocumentQuery<Alert>(order: .newestFirst)
                try add("alerts", alerts, groupedBy: ["severity", "type"])  // GET /api/alerts/stats
                alerts.field("severity", equals: "CRITICAL")
                try add("critical alerts", alerts)
                var typed = DocumentQuery<Alert>(order: .newestFirst)
                typed.field("type", equals: "AGENT_SUSPENDED")
                try add("alerts of a type", typed)
                var agentAlerts = DocumentQuery<Alert>(order: .newestFirst)
                agentAlerts.field("status", equals: "ACTIVE")
                agentAlerts.field("agentId", equals: agent)
                try add("agent's open alerts", agentAlerts)
                var history = DocumentQuery<AuditEntry>(order: .newestFirst)
                history.field("resourceId", equals: agent)
                try add("one resource's audit history", history)
            }
            return plans
        }
        XCTAssertGreaterThan(plans.count, 100)
        for (name, plan) in plans.sorted(by: { $0.key < $1.key }) {
            XCTAssertFalse(plan.isEmpty, name)
            XCTAssertNil(plan.first { $0.contains("TEMP B-TREE") }, "\(name): \(plan)")
            XCTAssertNil(plan.first { $0.hasPrefix("SCAN conto_documents") }, "\(name): \(plan)")
            XCTAssertNotNil(plan.first { $0.hasPrefix("SEARCH conto_documents USING") && $0.contains("INDEX conto_documents_by_") },
                            "\(name): \(plan)")
        }
        // The lookups by a related id or address use that field's own index.
        for (name, index) in [("agent's active links all", "by_agent"), ("wallet's links all", "by_wallet"),
                              ("policy's assignments all", "by_policy"), ("payments to an address all", "by_recipient"),
                              ("counterparty by address first", "by_address"), ("org-wide policies all", "by_scope"),
                              ("critical alerts count", "by_severity"), ("alerts by severity", "by_severity"),
                              ("one resource's audit history page", "by_resource_id")] {
            let plan = plans[name] ?? []
            XCTAssertNotNil(plan.first { $0.contains("conto_documents_\(index)") }, "\(name): \(plan)")
        }
    }

    /// The wallet create's idempotency lookup (address or external id on a chain) is planned
    /// without a full scan; it reads at most one row.
    func testSameWalletLookupAvoidsAScan() async throws {
        _ = try await populate()
        let org = sandbox.orgId
        let plans = try await sandbox.store.write { db -> [[String]] in
            let docs = TypedDocumentStore(db: db, table: .conto)
            var plans: [[String]] = []
            for query in [ContoQueries.sameWallet(chainId: "42431", address: ProvisionedAgent.vendor, externalWalletId: nil),
                          ContoQueries.sameWallet(chainId: "42431", address: ProvisionedAgent.vendor, externalWalletId: "ext-1")] {
                guard let query else { XCTFail("a lookup was expected"); continue }
                let statement = docs.pageStatement(query, tenant: org, limit: 1, offset: 0)
                plans.append(try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + statement.sql, arguments: statement.arguments).map { $0["detail"] as String })
            }
            return plans
        }
        XCTAssertNil(ContoQueries.sameWallet(chainId: "42431", address: nil, externalWalletId: nil))
        for plan in plans {
            XCTAssertNil(plan.first { $0.hasPrefix("SCAN conto_documents") }, "\(plan)")
        }
    }
}
