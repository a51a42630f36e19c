import ContoSandbox
import Foundation
import GRDB
import SandboxCore
import XCTest

/// The routes that now read by query (an index on the related id, the status column) answer as
/// they did when they read every document of the org and filtered in Swift: each test computes
/// the answer that way from the stored documents and compares it with the route's.
final class IndexedLookupTests: XCTestCase {
    var sandbox: ContoHarness!

    override func setUp() async throws { sandbox = try await ContoHarness.start() }
    override func tearDown() async throws { await sandbox.stop() }

    /// Every document of the kind in the seeded org, oldest first, as the routes used to read them.
    private func every<T: SandboxDocument>(_ type: T.Type) async throws -> [T] {
        let org = sandbox.orgId
        return try await sandbox.store.read { db in try TypedDocumentStore(db: db, table: .conto).all(type, tenant: org) }
    }

    private func ids(_ value: JSONValue?, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        guard let items = value?.arrayValue else {
            XCTFail("no array: \(String(describing: value))", file: file, line: line)
            return []
        }
        return items.map { $0["id"]?.stringValue ?? "" }
    }

    func testAgentDetailListsItsActiveLinksEffectivePoliciesAndSentCount() async throws {
        let buyer = try await ProvisionedAgent.provision(sandbox)
        let other = try await ProvisionedAgent.provision(sandbox)
        try await buyer.pay(sandbox, amount: 20)
        try await buyer.pay(sandbox, amount: 30)
        try await other.pay(sandbox, amount: 5)
        // A second wallet linked then unlinked, a third linked; an org-wide policy, an inactive assigned one.
        for unlink in [true, false] {
            let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "extra"], expect: 201).string("id")
            try await sandbox.admin(.post, "/api/agents/\(buyer.agentId)/wallets", ["walletId": .string(wallet)], expect: 201)
            if unlink { try await sandbox.admin(.delete, "/api/agents/\(buyer.agentId)/wallets/\(wallet)", expect: 200) }
        }
        try await sandbox.admin(.post, "/api/policies", ["name": "Org cap", "policyType": "SPEND_LIMIT", "scope": "organization"], expect: 201)
        let dormant = try await sandbox.admin(.post, "/api/policies", ["name": "Dormant", "policyType": "SPEND_LIMIT", "isActive": false,
                                                                      "agentIds": .array([.string(buyer.agentId)])], expect: 201).string("id")
        try await sandbox.admin(.post, "/api/agents/\(buyer.agentId)/policies", ["policyId": .string(other.policyId)], expect: 201)

        let detail = try await sandbox.admin(.get, "/api/agents/\(buyer.agentId)", expect: 200)
        let links = try await every(WalletLink.self).filter { $0.agentId == buyer.agentId && $0.isActive }
        XCTAssertEqual(ids(detail["wallets"]), links.map(\.id))
        XCTAssertEqual(links.count, 2)
        let assigned = Set(try await every(AgentPolicy.self).filter { $0.agentId == buyer.agentId }.map(\.policyId))
        let effective = PolicyEngine.ordered(try await every(Policy.self).filter {
            $0.isActive && (assigned.contains($0.id) || $0.scope == "organization")
        })
        XCTAssertEqual(ids(detail["policies"]), effective.map(\.id))
        XCTAssertEqual(effective.count, 3)
        XCTAssertFalse(ids(detail["policies"]).contains(dormant))
        let sent = try await every(PaymentTransaction.self).filter { $0.agentId == buyer.agentId }.count
        XCTAssertEqual(detail["_count"]?["sentTransactions"]?.intValue, sent)
        XCTAssertEqual(sent, 2)

        // The SDK view of the same policies, and the spend counters of the link.
        let sdk = try await sandbox.send(.get, "/api/sdk/policies?walletId=\(buyer.walletId)", key: buyer.sdkKey)
        XCTAssertEqual(sdk.status, 200, sdk.json.text)
        XCTAssertEqual(ids(sdk["policies"]), effective.map(\.id))
        XCTAssertEqual(sdk["walletLimits"]?["spentToday"]?.numberValue, 50)
        let listed = try await sandbox.admin(.get, "/api/agents/\(buyer.agentId)/wallets", expect: 200)
        XCTAssertEqual(ids(listed["wallets"]), links.map(\.id))
    }

    func testWalletListingLeavesDeletedWalletsOutOfPagesAndTotals() async throws {
        var wallets: [String] = []
        for index in 0..<7 {
            wallets.append(try await sandbox.admin(.post, "/api/wallets", ["name": .string("w\(index)")], expect: 201).string("id"))
        }
        try await sandbox.admin(.post, "/api/wallets/\(wallets[1])/archive", expect: 200)
        try await sandbox.admin(.patch, "/api/wallets/\(wallets[2])", ["status": "FROZEN"], expect: 200)
        try await sandbox.admin(.post, "/api/wallets/\(wallets[3])/archive", expect: 200)
        try await sandbox.admin(.delete, "/api/wallets/\(wallets[3])", expect: 200)
        try await sandbox.admin(.delete, "/api/wallets/\(wallets[4])", expect: 200)

        let stored = try await every(Wallet.self)
        for filter in [nil, "ACTIVE", "FROZEN", "ARCHIVED", "CLOSED"] as [String?] {
            let wire = filter.flatMap(WalletStatus.init(wire:))
            let expected = stored.filter { $0.deletedAt == nil && (wire == nil || $0.status == wire) }
            for (limit, offset) in [(50, 0), (2, 1)] {
                let query = "?limit=\(limit)&offset=\(offset)" + (filter.map { "&status=\($0)" } ?? "")
                let page = try await sandbox.admin(.get, "/api/wallets" + query, expect: 200)
                XCTAssertEqual(ids(page["wallets"]), Array(expected.dropFirst(offset).prefix(limit)).map(\.id), query)
                XCTAssertEqual(page["pagination"]?["total"]?.intValue, expected.count, query)
            }
        }
        let unfiltered = try await sandbox.admin(.get, "/api/wallets", expect: 200)
        XCTAssertEqual(unfiltered["pagination"]?["total"]?.intValue, stored.filter { $0.deletedAt == nil }.count)

        // The idempotent create sees live wallets only, by address in any case.
        let address = ProvisionedAgent.randomAddress()
        let first = try await sandbox.admin(.post, "/api/wallets", ["name": "a", "custodyType": "EXTERNAL", "address": .string(address)], expect: 201).string("id")
        let again = try await sandbox.admin(.post, "/api/wallets", ["name": "b", "custodyType": "EXTERNAL", "address": .string(address.uppercased().replacingOccurrences(of: "0X", with: "0x"))], expect: 200)
        XCTAssertEqual(again.string("id"), first)
        let byExternal = try await sandbox.admin(.post, "/api/wallets", ["name": "c", "externalWalletId": "ext-7"], expect: 201).string("id")
        let externalAgain = try await sandbox.admin(.post, "/api/wallets", ["name": "d", "externalWalletId": "ext-7"], expect: 200)
        XCTAssertEqual(externalAgain.string("id"), byExternal)
        try await sandbox.admin(.delete, "/api/wallets/\(first)", expect: 200)
        let replacement = try await sandbox.admin(.post, "/api/wallets", ["name": "e", "custodyType": "EXTERNAL", "address": .string(address)], expect: 201)
        XCTAssertNotEqual(replacement.string("id"), first)

        // The status column files deleted wallets apart; the counts agree with the documents.
        let (columns, counts) = try await sandbox.store.read { db in
            (try Row.fetchAll(db, sql: "SELECT id, status FROM conto_documents WHERE kind = 'wallet'").map { ($0["id"] as String, $0["status"] as String) },
             try Row.fetchAll(db, sql: "SELECT status, n FROM conto_document_counts WHERE kind = 'wallet' AND n != 0").map { ($0["status"] as String, $0["n"] as Int) })
        }
        let afterwards = try await every(Wallet.self)
        for (id, status) in columns {
            guard let wallet = afterwards.first(where: { $0.id == id }) else { continue }
            XCTAssertEqual(status, wallet.deletedAt == nil ? wallet.status.rawValue : "DELETED", id)
        }
        let documentCounts = Dictionary(grouping: columns, by: \.1).mapValues(\.count)
        let otherOrgs = try await sandbox.store.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conto_documents WHERE kind = 'wallet' AND org_id != ?", arguments: [self.sandbox.orgId]) ?? 0
        }
        if otherOrgs == 0 { XCTAssertEqual(Dictionary(uniqueKeysWithValues: counts), documentCounts) }
        XCTAssertEqual(documentCounts["DELETED"], 3)
    }

    func testPolicyListingFiltersAsBefore() async throws {
        let agent = try await sandbox.admin(.post, "/api/agents", ["name": "holder", "agentType": "CUSTOM"], expect: 201).string("id")
        for (index, (type, active)) in [("SPEND_LIMIT", true), ("COMPOSITE", false), ("SPEND_LIMIT", false), ("COMPOSITE", true), ("SPEND_LIMIT", true)].enumerated() {
            try await sandbox.admin(.post, "/api/policies", ["name": .string("p\(index)"), "policyType": .string(type), "isActive": .bool(active),
                                                             "agentIds": index % 2 == 0 ? .array([.string(agent)]) : .array([])], expect: 201)
        }
        let stored = try await every(Policy.self)
        for type in [nil, "SPEND_LIMIT", "COMPOSITE"] as [String?] {
            for active in [nil, "true", "false"] as [String?] {
                let query = [type.map { "policyType=\($0)" }, active.map { "isActive=\($0)" }].compactMap { $0 }.joined(separator: "&")
                let listed = try await sandbox.admin(.get, "/api/policies?" + query, expect: 200)
                let expected = stored.filter { (type == nil || $0.policyType.rawValue == type) && (active == nil || $0.isActive == (active == "true")) }
                XCTAssertEqual(ids(listed["policies"]), expected.map(\.id), query)
                for item in listed["policies"]?.arrayValue ?? [] {
                    let id = item["id"]?.stringValue ?? ""
                    let assignments = try await every(AgentPolicy.self).filter { $0.policyId == id }.map(\.id)
                    XCTAssertEqual(ids(item["agentPolicies"]), assignments, id)
                }
            }
        }
        let assigned = try await sandbox.admin(.get, "/api/agents/\(agent)/policies", expect: 200)
        XCTAssertEqual(assigned["policies"]?.arrayValue?.count, 3)
    }

    func testAlertStatsCountTheAlerts() async throws {
        let buyer = try await ProvisionedAgent.provision(sandbox)
        _ = try await buyer.approve(sandbox, amount: 10, to: ProvisionedAgent.stranger)
        var agents: [String] = []
        for index in 0..<3 {
            let agent = try await sandbox.admin(.post, "/api/agents", ["name": .string("a\(index)"), "agentType": "CUSTOM"], expect: 201).string("id")
            try await sandbox.admin(.post, "/api/agents/\(agent)/freeze", expect: 200)
            agents.append(agent)
        }
        let listed = try await sandbox.admin(.get, "/api/alerts?limit=100", expect: 200)
        let alertIds = ids(listed["alerts"])
        XCTAssertGreaterThanOrEqual(alertIds.count, 3)
        try await sandbox.admin(.post, "/api/alerts/\(alertIds[0])/acknowledge", expect: 200)
        try await sandbox.admin(.post, "/api/alerts/\(alertIds[1])/resolve", expect: 200)

        let stats = try await sandbox.admin(.get, "/api/alerts/stats", expect: 200)
        let alerts = try await every(Alert.self)
        func counts(_ key: (Alert) -> String) -> JSONValue {
            .object(Dictionary(grouping: alerts, by: key).mapValues { .number(Double($0.count)) })
        }
        XCTAssertEqual(stats["total"]?.intValue, alerts.count)
        XCTAssertEqual(stats["byStatus"], counts(\.status.rawValue))
        XCTAssertEqual(stats["bySeverity"], counts(\.severity.rawValue))
        XCTAssertEqual(stats["byType"], counts(\.type.rawValue))

        // Filtered pages and totals, newest first.
        for query in ["severity=CRITICAL", "type=AGENT_SUSPENDED", "agentId=\(agents[1])", "status=ACTIVE&severity=CRITICAL"] {
            let page = try await sandbox.admin(.get, "/api/alerts?limit=2&" + query, expect: 200)
            let parts = Dictionary(uniqueKeysWithValues: query.split(separator: "&").map { part in
                let pair = part.split(separator: "=").map(String.init)
                return (pair[0], pair[1])
            })
            let expected = alerts.reversed().filter { alert in
                (parts["severity"] == nil || alert.severity.rawValue == parts["severity"]) && (parts["type"] == nil || alert.type.rawValue == parts["type"])
                    && (parts["agentId"] == nil || alert.agentId == parts["agentId"]) && (parts["status"] == nil || alert.status.rawValue == parts["status"])
            }
            XCTAssertEqual(ids(page["alerts"]), Array(expected.prefix(2)).map(\.id), query)
            XCTAssertEqual(page["pagination"]?["total"]?.intValue, expected.count, query)
        }
    }

    func testCounterpartiesAreFoundByAddressInAnyCase() async throws {
        let buyer = try await ProvisionedAgent.provision(sandbox, rules: [
            ["ruleType": "COUNTERPARTY_STATUS", "operator": "NOT_IN_LIST", "value": "[\"BLOCKED\"]", "action": "ALLOW"],
        ])
        try await buyer.pay(sandbox, amount: 20)
        try await buyer.pay(sandbox, amount: 12.5)
        let vendorUpper = "0x" + ProvisionedAgent.vendor.dropFirst(2).uppercased()
        let vendor = try await sandbox.admin(.post, "/api/counterparties", ["name": "Vendor", "address": .string(vendorUpper), "status": "TRUSTED"],
                                             expect: 201).string("id")
        let duplicate = try await sandbox.admin(.post, "/api/counterparties", ["name": "Again", "address": .string(ProvisionedAgent.vendor)])
        XCTAssertEqual(duplicate.status, 400, duplicate.json.text)
        try await sandbox.admin(.post, "/api/counterparties", ["name": "Quiet", "address": .string(ProvisionedAgent.randomAddress())], expect: 201)

        let paid = try await every(PaymentTransaction.self).filter { $0.recipientAddress.lowercased() == ProvisionedAgent.vendor }
        XCTAssertEqual(paid.count, 2)
        let one = try await sandbox.admin(.get, "/api/counterparties/\(vendor)", expect: 200)
        XCTAssertEqual(one["transactionCount"]?.intValue, 2)
        XCTAssertEqual(one["totalVolume"]?.numberValue, 32.5)
        let page = try await sandbox.admin(.get, "/api/counterparties", expect: 200)
        let items = page["counterparties"]?.arrayValue ?? []
        XCTAssertEqual(items.map { $0["transactionCount"]?.intValue }, [2, 0])
        XCTAssertEqual(items.first?["lastTransactionAt"], one["lastTransactionAt"])

        // The policy engine knows the payee by its address too: blocked, the payment is denied.
        try await sandbox.admin(.patch, "/api/counterparties/\(vendor)", ["status": "BLOCKED"], expect: 200)
        let denied = try await buyer.approve(sandbox, amount: 5)
        XCTAssertEqual(denied["approved"], false, denied.json.text)
    }

    func testLinksAndAssignmentsAreFoundByTheirPair() async throws {
        let agent = try await sandbox.admin(.post, "/api/agents", ["name": "pair", "agentType": "CUSTOM"], expect: 201).string("id")
        let wallet = try await sandbox.admin(.post, "/api/wallets", ["name": "pair"], expect: 201).string("id")
        let link = try await sandbox.admin(.post, "/api/agents/\(agent)/wallets", ["walletId": .string(wallet)], expect: 201).string("id")
        try await sandbox.admin(.post, "/api/agents/\(agent)/wallets", ["walletId": .string(wallet)], expect: 400)
        try await sandbox.admin(.patch, "/api/agents/\(agent)/wallets/\(wallet)", ["spendLimitDaily": 2000], expect: 200)
        try await sandbox.admin(.patch, "/api/agents/\(agent)/wallets/wal_none", ["spendLimitDaily": 2000], expect: 404)
        // Deleting the agent deactivates the link; linking a live agent again replaces an inactive link in place.
        let second = try await sandbox.admin(.post, "/api/agents", ["name": "pair 2", "agentType": "CUSTOM"], expect: 201).string("id")
        let secondLink = try await sandbox.admin(.post, "/api/agents/\(second)/wallets", ["walletId": .string(wallet)], expect: 201).string("id")
        try await sandbox.admin(.delete, "/api/agents/\(second)", expect: 200)
        let inactive = try await every(WalletLink.self).first { $0.id == secondLink }
        XCTAssertEqual(inactive?.isActive, false)
        try await sandbox.admin(.delete, "/api/agents/\(agent)/wallets/\(wallet)", expect: 200)
        try await sandbox.admin(.delete, "/api/agents/\(agent)/wallets/\(wallet)", expect: 404)
        let relinked = try await sandbox.admin(.post, "/api/agents/\(agent)/wallets", ["walletId": .string(wallet)], expect: 201).string("id")
        XCTAssertNotEqual(relinked, link, "an unlinked link is removed, so linking again makes a new one")

        let policy = try await sandbox.admin(.post, "/api/policies", ["name": "pair", "policyType": "SPEND_LIMIT"], expect: 201).string("id")
        let assignment = try await sandbox.admin(.post, "/api/agents/\(agent)/policies", ["policyId": .string(policy)], expect: 201).string("id")
        let repeated = try await sandbox.admin(.post, "/api/agents/\(agent)/policies", ["policyId": .string(policy)], expect: 200)
        XCTAssertEqual(repeated.string("id"), assignment)
        try await sandbox.admin(.delete, "/api/agents/\(agent)/policies/\(policy)", expect: 200)
        try await sandbox.admin(.delete, "/api/agents/\(agent)/policies/\(policy)", expect: 404)
        try await sandbox.admin(.post, "/api/agents/\(agent)/policies", ["policyId": .string(policy)], expect: 201)
        try await sandbox.admin(.delete, "/api/policies/\(policy)", expect: 200)
        let left = try await every(AgentPolicy.self).filter { $0.policyId == policy }
        XCTAssertEqual(left.count, 0)

        // Deleting the wallet ends its links, active or not.
        try await sandbox.admin(.delete, "/api/wallets/\(wallet)", expect: 200)
        let links = try await every(WalletLink.self).filter { $0.walletId == wallet }
        XCTAssertEqual(links.count, 0)

        // SDK keys of one agent only, and revoking them with the agent.
        let keyed = try await sandbox.admin(.post, "/api/agents", ["name": "keyed", "agentType": "CUSTOM"], expect: 201).string("id")
        for name in ["one", "two"] { try await sandbox.admin(.post, "/api/agents/\(keyed)/sdk-keys", ["name": .string(name)], expect: 201) }
        try await sandbox.admin(.post, "/api/agents/\(agent)/sdk-keys", ["name": "other"], expect: 201)
        let keys = try await sandbox.admin(.get, "/api/agents/\(keyed)/sdk-keys", expect: 200)
        let keyedKeys = try await every(SdkKey.self).filter { $0.agentId == keyed }.map(\.id)
        XCTAssertEqual(ids(keys["sdkKeys"]), keyedKeys)
        try await sandbox.admin(.delete, "/api/agents/\(keyed)", expect: 200)
        let revoked = try await every(SdkKey.self).filter { $0.agentId == keyed }
        XCTAssertEqual(revoked.filter { $0.revokedAt == nil }.count, 0)
        let othersLive = try await every(SdkKey.self).filter { $0.agentId == agent && $0.revokedAt == nil }
        XCTAssertEqual(othersLive.count, 1)
    }

    func testOneResourcesAuditHistoryIsItsEntriesNewestFirst() async throws {
        let agent = try await sandbox.admin(.post, "/api/agents", ["name": "audited", "agentType": "CUSTOM"], expect: 201).string("id")
        try await sandbox.admin(.post, "/api/agents", ["name": "other", "agentType": "CUSTOM"], expect: 201)
        for description in ["one", "two", "three"] {
            try await sandbox.admin(.patch, "/api/agents/\(agent)", ["description": .string(description)], expect: 200)
        }
        let expected = try await every(AuditEntry.self).filter { $0.resourceId == agent }.reversed().map(\.id)
        XCTAssertEqual(expected.count, 4)
        let page = try await sandbox.admin(.get, "/api/audit-logs?resourceId=\(agent)&limit=3&offset=1", expect: 200)
        XCTAssertEqual(ids(page["auditLogs"]), Array(expected.dropFirst(1).prefix(3)))
        XCTAssertEqual(page["pagination"]?["total"]?.intValue, 4)
    }

    /// A state file from before conto.v4 gains the lookup indexes and files its deleted wallets apart.
    func testUpgradeIndexesAnExistingStateFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lookups-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            ContoSandbox.registerMigrations(&migrator)
            try migrator.migrate(queue, upTo: "conto.v3.counts")
            try await queue.write { db in
                for (index, deleted) in [false, true, false].enumerated() {
                    let body = "{\"status\":\"ARCHIVED\"\(deleted ? ",\"deletedAt\":1000" : "")}"
                    try db.execute(sql: "INSERT INTO conto_documents (kind, id, org_id, body, status) VALUES ('wallet', ?, 'org_old', ?, 'ARCHIVED')",
                                   arguments: ["wal_\(index)", body])
                }
            }
        }
        let store = try SandboxStore(path: path, migrations: [ContoSandbox.registerMigrations])
        let (statuses, counts, indexes) = try await store.read { db in
            (try Row.fetchAll(db, sql: "SELECT id, status FROM conto_documents ORDER BY id").map { "\($0["id"] as String)=\($0["status"] as String)" },
             try TypedDocumentStore(db: db, table: .conto).countedTotal(Wallet.self, tenant: "org_old", statuses: ["ARCHIVED"]),
             Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'conto_documents'")))
        }
        XCTAssertEqual(statuses, ["wal_0=ARCHIVED", "wal_1=DELETED", "wal_2=ARCHIVED"])
        XCTAssertEqual(counts, 2)
        for name in ["agent", "wallet", "policy", "address", "recipient", "severity", "type", "scope", "resource_id"] {
            XCTAssertTrue(indexes.contains("conto_documents_by_\(name)"), "\(name): \(indexes)")
        }
    }
}
