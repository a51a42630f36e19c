import LuaHost
import XCTest

/// `adminsh.operations[name].columns` and `.noun`: the catalog's table columns reach Lua, and
/// `each` tells its caller about every page it reads (`q` shows progress from it).
final class ResourceColumnsDataTests: BindingsTestCase {
    func testListEntriesCarryTheirNounAndColumnsInOrder() async throws {
        let r = try await run("""
            local ops = adminsh.operations
            local agents = ops["conto.agents.list"]
            local listed = 0
            for _, e in ipairs(ops) do
              if (e.items or e.bare) and not e.columns then error(e.qualified .. " has no columns") end
              if e.columns then listed = listed + 1 end
            end
            return agents.noun, table.concat(agents.columns, ","), ops["contio.getWebhookDeliveries"].noun,
                   ops["conto.agents.get"].columns == nil, listed > 20
            """)
        XCTAssertEqual(r, ["agents", "id,name,status,agentType,externalId,createdAt", "deliveries", true, true])
    }

    func testEachReportsEveryPageItReads() async throws {
        let r = try await run("""
            for i = 1, 5 do conto.agents.create{name = "paged " .. i, agentType = "CUSTOM"} end
            local pages, totals = {}, {}
            local n = 0
            for _ in each(conto.agents.list, {limit = 2}, function(page, read, total)
              pages[#pages + 1] = read .. ":" .. #page.agents
              totals[#totals + 1] = total
            end) do n = n + 1 end
            -- Pages of two, numbered from 1; the total is the list's own.
            local expected = {}
            for i = 1, (n + 1) // 2 do expected[i] = i .. ":" .. math.min(2, n - 2 * (i - 1)) end
            return n >= 5, table.concat(pages, " ") == table.concat(expected, " "), totals[1] == n, #pages >= 3
            """)
        XCTAssertEqual(r, [true, true, true, true])
    }
}
