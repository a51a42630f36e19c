import AdminSurface
@testable import ContoSandbox
import XCTest

/// Help must say what the sandbox and the API do: defaults shown are the ones applied.
final class HelpFidelityTests: XCTestCase {
    func testUpdatesShowNoDefaultsBecauseAbsenceMeansUnchanged() {
        for op in Catalog.all where op.method == .patch {
            for p in op.parameters {
                XCTAssertNil(p.defaultValue, "\(op.qualifiedName): '\(p.name)' shows a default, but a PATCH leaves absent fields unchanged")
            }
        }
        XCTAssertEqual(Catalog.operation("conto.agents.create")?.parameters.isEmpty, false)
        XCTAssertEqual(Catalog.operation("conto.agents.linkWallet")?.parameters.first { $0.name == "spendLimitDaily" }?.defaultValue, "1000",
                       "creates keep their defaults")
    }

    func testRuleActionDefaultNamesEveryRuleTypeTheSandboxDoesNotAllowByDefault() throws {
        let action = try XCTUnwrap(Catalog.operation("conto.policies.addRule")?.parameters.first { $0.name == "action" })
        let text = try XCTUnwrap(action.defaultValue)
        XCTAssertTrue(text.hasPrefix("ALLOW"))
        for type in RuleType.allCases where type.defaultAction != .allow {
            let named = text.contains(type.rawValue)
                || (type.rawValue.contains("BLOCKED_") && type.defaultAction == .deny && text.contains("DENY for BLOCKED_*"))
            XCTAssertTrue(named, "\(type.rawValue) defaults to \(type.defaultAction.rawValue), which the help does not say: \(text)")
        }
    }

    func testChainIdDefaultIsGivenPerChainType() throws {
        let chainId = try XCTUnwrap(Catalog.operation("conto.wallets.create")?.parameters.first { $0.name == "chainId" })
        XCTAssertEqual(chainId.defaultValue?.contains("42431"), true)
        XCTAssertEqual(chainId.defaultValue?.contains("solana-devnet for SOLANA"), true)
    }
}
