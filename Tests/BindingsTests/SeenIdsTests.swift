import LuaHost
import XCTest

/// The ids Tab completion offers come from results the bindings already returned, with their
/// names and kinds; the index is bounded, and reading it sends nothing.
final class SeenIdsTests: BindingsTestCase {
    func testCreatedAndListedRecordsAreNotedWithTheirNames() async throws {
        let r = try await run("""
            local seen = require "adminsh.host.seen"
            local a = conto.agents.create{name = "Buyer", agentType = "CUSTOM"}
            local w = conto.wallets.create{name = "Treasury", chainType = "EVM", custodyType = "PRIVY"}
            conto.agents.list{}
            local agents = seen.matching("agt_", "agent")
            local onlyAgents = seen.matching("", "agent")
            local wallets = seen.matching("", "wallet")
            local found
            for _, x in ipairs(agents) do if x.id == a.id then found = x end end
            local mixed = true
            for _, x in ipairs(onlyAgents) do if x.kind ~= "agent" then mixed = false end end
            return found and found.name, found and found.kind, mixed, wallets[1] and wallets[1].id == w.id, wallets[1] and wallets[1].name
            """)
        XCTAssertEqual(r, ["Buyer", "agent", true, true, "Treasury"])
    }

    func testTheIndexIsBoundedAndKeepsTheNewest() async throws {
        let r = try await run("""
            local seen = require "adminsh.host.seen"
            seen.clear()
            seen.limit = 40
            for i = 1, 100 do seen.note({ group = "agents" }, { id = string.format("agt_%03d", i), name = "n" .. i }) end
            local newest = seen.matching("agt_")[1]
            return seen.count() <= 40, newest.id, #seen.matching("agt_00") -- agt_001..agt_009 were forgotten
            """)
        XCTAssertEqual(r, [true, "agt_100", 0])
    }

    func testReadingTheIndexSendsNoRequest() async throws {
        try await run(#"conto.agents.create{name = "Kept", agentType = "CUSTOM"}"#)
        try await client.shutdown()   // any request now fails
        let r = try await run(#"local m = require("adminsh.host.seen").matching("agt_"); return #m > 0, m[1].name"#)
        XCTAssertEqual(r, [true, "Kept"])
    }

    func testPlannedPlaceholdersAreNotNoted() async throws {
        let r = try await run("""
            local seen = require "adminsh.host.seen"
            seen.clear()
            seen.note({ group = "agents" }, { id = "planned-3", planned = true, name = "x" })
            return seen.count()
            """)
        XCTAssertEqual(r, [0])
    }
}
