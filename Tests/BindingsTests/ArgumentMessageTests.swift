import LuaHost
import XCTest
@testable import Bindings

/// A wrong positional argument names what was expected and, for a record passed whole, the field
/// to pass instead. Nothing is sent.
final class ArgumentMessageTests: BindingsTestCase {
    func testARecordWhereItsIdBelongsSaysToPassTheId() async throws {
        let r = try await run("""
            local agent = conto.agents.create{name = "whole record", agentType = "CUSTOM"}
            local ok, e = pcall(conto.agents.get, agent)
            local ok2, e2 = pcall(conto.agents.linkWallet, agent, {walletId = "wal_x"})
            local ok3, e3 = pcall(conto.agents.get, {})
            local ok4, e4 = pcall(conto.agents.get, 42.5)
            return ok, e.message, e.code, ok2, e2.message, ok3, e3.message, ok4, e4.message
            """)
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1], "bad argument 'agentId' to conto.agents.get: expected an agent id (string), got a table: pass agent.id")
        XCTAssertEqual(r[2], "VALIDATION_FAILED")
        XCTAssertEqual(r[3], false)
        XCTAssertEqual(r[4], "bad argument 'agentId' to conto.agents.linkWallet: expected an agent id (string), got a table: pass agent.id")
        XCTAssertEqual(r[6], "bad argument 'agentId' to conto.agents.get: expected an agent id (string), got a table",
                       "no hint when the table has no id")
        XCTAssertEqual(r[8], "bad argument 'agentId' to conto.agents.get: expected an agent id (string), got a number")
    }

    func testAMissingArgumentIsNamed() async throws {
        let r = try await run("local ok, e = pcall(conto.agents.get); return e.message")
        XCTAssertEqual(r.first?.stringValue, "conto.agents.get takes agentId then a table; got 0 positional argument(s); missing an agent id (string)")
    }

    func testPathParameterNamesReadAsWords() {
        XCTAssertEqual(PathArgument("agentId").expectation, "an agent id (string)")
        XCTAssertEqual(PathArgument("walletId").expectation, "a wallet id (string)")
        XCTAssertEqual(PathArgument("nextStepId").resource, "nextStep")
        XCTAssertEqual(PathArgument("toolkit_id").words, "toolkit id")
        XCTAssertNil(PathArgument("credentialType").resource)
        XCTAssertEqual(PathArgument("policyId").mismatch(got: .table(["id": "pol_1"])), "expected a policy id (string), got a table: pass policy.id")
    }
}
