import XCTest
import LuaHost
@testable import Shell

/// `q`: where, select, sort, first, count, group, map, each, ids over a sequence of records.
final class QueryTests: XCTestCase {
    func makeState() throws -> LuaState {
        let lua = try LuaState()
        try PrettyPrinter.install(in: lua, color: false)
        try lua.run("""
            pp.width = 120
            rows = {
              { id = "a1", name = "alpha", status = "ACTIVE", agentType = "CUSTOM", createdAt = "2026-11-02" },
              { id = "a2", name = "bravo", status = "PAUSED", agentType = "CUSTOM", createdAt = "2026-10-30" },
              { id = "a3", name = "charlie", status = "ACTIVE", agentType = "LANGCHAIN", createdAt = "2026-11-20" },
              { id = "a4", name = "delta", status = "ACTIVE", agentType = "CUSTOM", createdAt = "2026-11-15" },
              { id = "a5", name = "echo", status = "ACTIVE", agentType = "CUSTOM" },
            }
            """)
        return lua
    }

    func testTheIssuesChain() throws {
        let lua = try makeState()
        let r = try lua.run("""
            local x = q(rows):where{agentType = "CUSTOM"}:where(function(a) return (a.createdAt or "") > "2026-11" end)
                             :select("id", "name"):sort("name", "desc"):first(10)
            return #x, x[1].id, x[2].id, x[1].status, x:count()
            """)
        XCTAssertEqual(r, [2, "a4", "a1", .nil, 2])
    }

    func testSortIsStableKeepsMissingValuesLastAndRejectsBadDirections() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("return table.concat(q(rows):sort('createdAt'):ids(), ',')"), ["a2,a1,a4,a3,a5"])
        XCTAssertEqual(try lua.run("return table.concat(q(rows):sort('createdAt', 'desc'):ids(), ',')"), ["a3,a4,a1,a2,a5"])
        XCTAssertEqual(try lua.run("return table.concat(q(rows):sort('status'):ids(), ',')"), ["a1,a3,a4,a5,a2"])
        XCTAssertThrowsError(try lua.run("q(rows):sort('name', 'down')")) { error in
            XCTAssertTrue("\(error)".contains(#"direction is "asc" or "desc""#), "\(error)")
        }
    }

    func testWhereTakesFieldPredicatesAndFirstDefaultsToOne() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("return q(rows):where{name = function(n) return #n > 5 end}:ids()[1], q(rows):first():count()"), ["a3", 1])
        XCTAssertThrowsError(try lua.run("q(rows):where(5)"))
        XCTAssertThrowsError(try lua.run("q(rows):first(-1)"))
        XCTAssertThrowsError(try lua.run("q(rows[1])")) { error in
            XCTAssertTrue("\(error)".contains("single record"), "\(error)")
        }
    }

    func testGroupCountsLargestFirstAndKeepsTheRecords() throws {
        let lua = try makeState()
        let r = try lua.run("""
            local g = q(rows):group("status")
            return #g, g[1].status, g[1].count, g[2].status, g[2].count, g[1].records:count(), g[2].records[1].id
            """)
        XCTAssertEqual(r, [2, "ACTIVE", 4, "PAUSED", 1, 4, "a2"])
    }

    func testMapEachAndPlainRecords() throws {
        let lua = try makeState()
        let r = try lua.run("""
            local seen = {}
            local names = q(rows):each(function(a, i) seen[#seen + 1] = i end):map(function(a) if a.status ~= "PAUSED" then return a.name end end)
            return #seen, #names, names[4], getmetatable(q(rows):records()) == nil, q.isQuery(names)
            """)
        XCTAssertEqual(r, [5, 4, "echo", true, true])
    }

    func testAListReplyIsReadAsItsRecords() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("return q{agents = rows, total = 5, limit = 50, offset = 0}:count()"), [5])
    }

    func testPrintingAQueryPrintsItsTable() throws {
        let lua = try makeState()
        let text = try lua.run("return pp.render(q(rows):select('name', 'id'):first(2))").first?.stringValue ?? ""
        XCTAssertEqual(text, """
             name   id
             alpha  a1
             bravo  a2
            """)
        XCTAssertEqual(try lua.run("return tostring(q{})"), ["(no records)"])
    }

    func testAListFunctionNeedsTheBindings() throws {
        let lua = try makeState()
        XCTAssertThrowsError(try lua.run("q(function() end)")) { error in
            XCTAssertTrue("\(error)".contains("needs the contio/conto bindings"), "\(error)")
        }
    }
}
