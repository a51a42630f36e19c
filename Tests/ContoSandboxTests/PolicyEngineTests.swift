@testable import ContoSandbox
import Foundation
import SandboxCore
import XCTest

/// The policy engine as a pure function: ordering, AND logic, actions and every rule family.
final class PolicyEngineTests: XCTestCase {
    // Wednesday 2026-01-07 12:00 UTC.
    let noon = ISO8601.parse("2026-01-07T12:00:00Z")!

    func agent(_ status: AgentStatus = .active) -> Agent {
        Agent(id: "agt_1", orgId: "org", name: "A", agentType: .custom, description: nil, publicKey: "0x0", externalId: nil, purpose: nil,
              environment: nil, riskTier: nil, ownerMembershipId: nil, allowedContexts: [], identityTags: [], status: status,
              autoFreezeEnabled: false, freezeConfig: nil, frozenWalletIds: [], createdAt: noon, updatedAt: noon, deletedAt: nil)
    }

    func wallet(balance: Decimal = 10_000) -> Wallet {
        Wallet(id: "wal_1", orgId: "org", name: "W", address: "0x5555555555555555555555555555555555555555", walletType: .eoa,
               chainType: .evm, chainId: "42431", custodyType: .external, isWatchOnly: false, status: .active, balance: balance,
               externalWalletId: nil, provisioned: true, provisionedAt: nil, lastSyncedAt: nil, createdAt: noon, updatedAt: noon)
    }

    func link(perTx: Decimal? = nil, daily: Decimal? = nil, days: [Weekday] = Weekday.allCases, hours: (Int, Int) = (0, 24)) -> WalletLink {
        WalletLink(id: "link", orgId: "org", agentId: "agt_1", walletId: "wal_1", delegationType: .limited, spendLimitPerTx: perTx,
                   spendLimitDaily: daily, spendLimitWeekly: nil, spendLimitMonthly: nil, allowedHoursStart: hours.0, allowedHoursEnd: hours.1,
                   allowedDays: days, timezone: "UTC", isActive: true, createdAt: noon, updatedAt: noon)
    }

    func rule(_ type: RuleType, _ op: RuleOperator, _ value: String, _ action: RuleAction = .allow) -> PolicyRule {
        PolicyRule(id: UUID().uuidString, ruleType: type, operator: op, value: value, action: action, createdAt: noon)
    }

    func policy(_ name: String, priority: Int = 50, _ rules: [PolicyRule]) -> Policy {
        Policy(id: name, orgId: "org", name: name, description: nil, policyType: .composite, priority: priority, isActive: true,
               scope: "assigned", rules: rules, createdAt: noon, updatedAt: noon)
    }

    func decide(amount: Decimal, to recipient: String = "0x1111111111111111111111111111111111111111", category: String? = nil,
                policies: [Policy], link: WalletLink? = nil, spent: [Decimal] = [], counterparty: CounterpartyFacts = .unknown,
                agent: Agent? = nil, wallet: Wallet? = nil, at: Date? = nil) -> PolicyDecision {
        let now = at ?? noon
        let ledger = SpendLedger(entries: spent.map { SpendEntry(amount: $0, walletId: "wal_1", at: now.addingTimeInterval(-60)) })
        return PolicyEngine.decide(EvaluationInput(
            agent: agent ?? self.agent(), wallet: wallet ?? self.wallet(), link: link ?? self.link(),
            attempt: PaymentAttempt(amount: amount, recipientAddress: recipient, category: category), counterparty: counterparty,
            ledger: ledger, policies: policies, now: now))
    }

    func testLinkLimitsRunBeforePolicies() {
        let approvalForAll = policy("ask", [rule(.requireApprovalAbove, .greaterThan, "0", .requireApproval)])
        let decision = decide(amount: 150, policies: [approvalForAll], link: link(perTx: 100))
        XCTAssertEqual(decision.outcome, .denied)
        XCTAssertEqual(decision.violations.first?.type, "PER_TX_LIMIT")
        XCTAssertEqual(decision.evaluatedPolicyIds, [], "no policy runs once a link limit refused")
        XCTAssertEqual(decide(amount: 1, policies: [], link: link(perTx: 0)).violations.first?.type, "PER_TX_LIMIT",
                       "a per-transaction limit of 0 blocks everything")
    }

    func testDailyLimitReportsSpentAndLimit() {
        let decision = decide(amount: 300, policies: [], link: link(daily: 1000), spent: [500, 250])
        XCTAssertEqual(decision.violations.first?.type, "DAILY_LIMIT")
        XCTAssertEqual(decision.violations.first?.current, 750)
        XCTAssertEqual(decision.violations.first?.limit, 1000)
        XCTAssertTrue(decision.reasons[0].contains("$250 remaining"), decision.reasons[0])
        XCTAssertEqual(decide(amount: 250, policies: [], link: link(daily: 1000), spent: [750]).outcome, .approved, "exactly the limit is allowed")
    }

    func testLinkTimeWindowAndDays() {
        XCTAssertEqual(decide(amount: 1, policies: [], link: link(days: [.mon])).violations.first?.type, "TIME_WINDOW")
        XCTAssertEqual(decide(amount: 1, policies: [], link: link(hours: (13, 17))).violations.first?.type, "TIME_WINDOW")
        XCTAssertEqual(decide(amount: 1, policies: [], link: link(hours: (22, 13))).outcome, .approved, "windows may wrap midnight")
    }

    func testHigherPriorityRunsFirstAndFirstDenyStops() {
        let low = policy("low", priority: 10, [rule(.maxAmount, .lte, "10")])
        let high = policy("high", priority: 90, [rule(.blockedCategories, .inList, "[\"GAMBLING\"]", .deny)])
        let decision = decide(amount: 50, category: "gambling", policies: [low, high])
        XCTAssertEqual(decision.violations.map(\.type), ["CATEGORY_RESTRICTION"], "only the first failing rule is reported")
        XCTAssertEqual(decision.evaluatedPolicyIds, ["high"])
    }

    func testDenyBeatsRequireApprovalWhateverTheOrder() {
        let ask = policy("ask", priority: 90, [rule(.requireApprovalAbove, .greaterThan, "20", .requireApproval)])
        let cap = policy("cap", priority: 10, [rule(.maxAmount, .lte, "40")])
        XCTAssertEqual(decide(amount: 50, policies: [ask, cap]).outcome, .denied)
        XCTAssertEqual(decide(amount: 30, policies: [ask, cap]).outcome, .requiresApproval)
        XCTAssertEqual(decide(amount: 10, policies: [ask, cap]).outcome, .approved)
    }

    func testAllowListsAndBlockLists() {
        let vendor = "0xAbCdEf0000000000000000000000000000000001"
        let allow = policy("allow", [rule(.allowedCounterparties, .inList, "[\"\(vendor.lowercased())\"]")])
        XCTAssertEqual(decide(amount: 1, to: vendor, policies: [allow]).outcome, .approved, "addresses match case-insensitively")
        XCTAssertEqual(decide(amount: 1, policies: [allow]).violations.first?.type, "WHITELIST_VIOLATION")
        let empty = policy("empty", [rule(.allowedCategories, .inList, "[]")])
        XCTAssertEqual(decide(amount: 1, category: "CLOUD", policies: [empty]).outcome, .denied, "an empty allow-list denies everything")
        let block = policy("block", [rule(.blockedCounterparties, .inList, "[\"\(vendor)\"]", .allow)])
        XCTAssertEqual(decide(amount: 1, to: vendor, policies: [block]).violations.first?.type, "BLOCKED_COUNTERPARTY",
                       "a block-list blocks even when written with ALLOW")
    }

    func testCumulativeRulesUseTheAgentLedger() {
        let weekly = policy("weekly", [rule(.weeklyLimit, .lte, "100")])
        XCTAssertEqual(decide(amount: 30, policies: [weekly], spent: [80]).violations.first?.type, "WEEKLY_LIMIT")
        let budget = policy("budget", [rule(.budgetCap, .lte, "{\"amount\":100,\"period\":\"MONTHLY\"}")])
        XCTAssertEqual(decide(amount: 30, policies: [budget], spent: [80]).violations.first?.type, "BUDGET_EXCEEDED")
        let velocity = policy("velocity", [rule(.velocityLimit, .lte, "{\"maxCount\":2,\"period\":\"HOUR\"}")])
        XCTAssertEqual(decide(amount: 1, policies: [velocity], spent: [1]).outcome, .approved)
        XCTAssertEqual(decide(amount: 1, policies: [velocity], spent: [1, 1]).violations.first?.type, "VELOCITY_LIMIT")
        let capAsksApproval = policy("soft", [rule(.dailyLimit, .lte, "50", .requireApproval)])
        XCTAssertEqual(decide(amount: 60, policies: [capAsksApproval]).outcome, .requiresApproval)
    }

    func testTimeRulesFollowTheirActions() {
        let office = policy("office", [rule(.timeWindow, .between, "{\"start\":\"09:00\",\"end\":\"18:00\"}")])
        XCTAssertEqual(decide(amount: 1, policies: [office]).outcome, .approved)
        XCTAssertEqual(decide(amount: 1, policies: [office], at: noon.addingTimeInterval(8 * 3600)).violations.first?.type, "TIME_WINDOW")
        let night = policy("night", [rule(.timeWindow, .between, "{\"start\":\"22:00\",\"end\":\"06:00\"}", .deny)])
        XCTAssertEqual(decide(amount: 1, policies: [night]).outcome, .approved, "DENY blocks only inside the window")
        XCTAssertEqual(decide(amount: 1, policies: [night], at: noon.addingTimeInterval(11 * 3600)).outcome, .denied)
        let weekdays = policy("days", [rule(.dayOfWeek, .inList, "[\"Mon\",\"Tue\"]")])
        XCTAssertEqual(decide(amount: 1, policies: [weekdays]).violations.first?.type, "TIME_WINDOW")
        let range = policy("range", [rule(.dateRange, .between, "{\"start\":\"2025-01-01\",\"end\":\"2025-12-31\"}")])
        XCTAssertEqual(decide(amount: 1, policies: [range]).violations.first?.type, "EXPIRED_PERMISSION")
        let blackout = policy("blackout", [rule(.blackoutPeriod, .between, "{\"windows\":[{\"start\":\"11:00\",\"end\":\"13:00\",\"recurring\":true}]}", .deny)])
        XCTAssertEqual(decide(amount: 1, policies: [blackout]).violations.first?.type, "BLACKOUT_PERIOD")
    }

    func testCounterpartyGeographyAndTrust() {
        let trusted = CounterpartyFacts(id: "cpty", name: "V", level: .trusted, trustScore: 90, country: "US")
        let geoAllow = policy("geo", [rule(.geographicRestriction, .inList, "[\"US\",\"CA\"]")])
        XCTAssertEqual(decide(amount: 1, policies: [geoAllow], counterparty: trusted).outcome, .approved)
        XCTAssertEqual(decide(amount: 1, policies: [geoAllow]).violations.first?.type, "GEOGRAPHIC_RESTRICTION")
        let geoBlock = policy("geoBlock", [rule(.geographicRestriction, .inList, "[\"US\"]", .deny)])
        XCTAssertEqual(decide(amount: 1, policies: [geoBlock], counterparty: trusted).outcome, .denied, "with DENY the list is a block-list")
        let trust = policy("trust", [rule(.trustScore, .gte, "70")])
        XCTAssertEqual(decide(amount: 1, policies: [trust], counterparty: trusted).outcome, .approved)
        XCTAssertEqual(decide(amount: 1, policies: [trust]).outcome, .denied, "unknown payees score 0")
        let status = policy("status", [rule(.counterpartyStatus, .inList, "[\"TRUSTED\",\"VERIFIED\"]")])
        XCTAssertEqual(decide(amount: 1, policies: [status]).violations.first?.type, "BLOCKED_COUNTERPARTY")
        let fair = policy("fair", [rule(.fairscaleMinScore, .gte, "50")])
        XCTAssertEqual(decide(amount: 1, policies: [fair]).violations.first?.type, "FAIRSCALE_LOW_SCORE")
    }

    func testStateChecksAndInactivePolicies() {
        XCTAssertEqual(decide(amount: 1, policies: [], agent: agent(.suspended)).violations.first?.type, "AGENT_NOT_ACTIVE")
        XCTAssertEqual(decide(amount: 20, policies: [], wallet: wallet(balance: 10)).violations.first?.type, "INSUFFICIENT_BALANCE")
        var off = policy("off", [rule(.maxAmount, .lte, "1")])
        off.isActive = false
        XCTAssertEqual(decide(amount: 5, policies: [off]).outcome, .approved, "inactive policies do not apply")
        let always = policy("always", [rule(.maxAmount, .deny, "0", .deny)])
        XCTAssertEqual(decide(amount: 1, policies: [always]).outcome, .denied, "the DENY operator always denies")
    }

    func testRuleValuesAreValidatedPerType() {
        let bad: [(RuleType, String)] = [
            (.maxAmount, "abc"), (.maxAmount, "-5"), (.dailyLimit, "[1]"), (.budgetCap, "{\"amount\":5}"),
            (.allowedCategories, "CLOUD"), (.dayOfWeek, "[\"Funday\"]"), (.timeWindow, "{\"start\":\"25:00\",\"end\":\"10:00\"}"),
            (.dateRange, "{\"start\":\"2026-02-01\",\"end\":\"2026-01-01\"}"), (.velocityLimit, "{\"maxCount\":1.5,\"period\":\"HOUR\"}"),
            (.geographicRestriction, "[\"USA\"]"), (.trustScore, "101"), (.counterpartyStatus, "[\"FRIENDLY\"]"),
            (.blackoutPeriod, "{}"),
        ]
        for (type, value) in bad {
            XCTAssertThrowsError(try RuleValue.parse(value, for: type, field: "rules[0].value"), "\(type) \(value)") { error in
                XCTAssertEqual((error as? ContoError)?.code, "VALIDATION_FAILED")
                XCTAssertTrue((error as? ContoError)?.message.contains("rules[0].value") ?? false)
            }
        }
        XCTAssertEqual(RuleOperator(wire: "GREATER_THAN_OR_EQUAL"), .gte)
        XCTAssertEqual(RuleOperator(wire: "LT"), .lessThan)
        XCTAssertEqual(RuleType(wire: "SINGLE_AMOUNT"), .maxAmount)
        XCTAssertEqual(PolicyType.allCases.count, 14)
    }
}
