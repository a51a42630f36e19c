import XCTest
import LuaHost
@testable import Shell

/// Lists print as tables that fit a width, with the catalog's columns for a resource.
final class TablesTests: XCTestCase {
    /// A state with the printer and, as the bindings would install it, one catalog list entry
    /// (`conto.agents.list`) with its declared columns.
    func makeState(width: Int = 120) throws -> LuaState {
        let lua = try LuaState()
        try PrettyPrinter.install(in: lua, color: false)
        try lua.run("""
            adminsh = { operations = {
              { qualified = "conto.agents.list", items = "agents", noun = "agents",
                columns = { "id", "name", "status", "agentType", "externalId", "createdAt" } },
              { qualified = "conto.wallets.list", items = "wallets", pagination = true, noun = "wallets",
                columns = { "id", "name", "chainType", "custodyType", "status", "balance" } },
              { qualified = "contio.getToolkits", items = "items", noun = "toolkits", columns = { "id", "name", "slug", "version" } },
              { qualified = "contio.getTemplates", items = "items", noun = "templates", columns = { "id", "name", "description" } },
            } }
            pp.width = \(width)
            function agents(n)
              local out = {}
              for i = 1, n do
                out[i] = { id = string.format("agt_%024x", i * 7919), name = "agent" .. i, status = "ACTIVE",
                           agentType = "ANTHROPIC_CLAUDE", externalId = "buyer-" .. i, createdAt = "2026-12-01T08:00:0" .. (i % 10) .. ".000Z",
                           updatedAt = "2026-12-01T08:00:00.000Z", description = json.null, publicKey = "0x" .. string.rep("ab", 20),
                           identityTags = { "a", "b" }, freezeConfig = { enabled = true, limit = 3, window = "1h" },
                           allowedContexts = json.array{}, riskTier = json.null }
              end
              return out
            end
            function reply(n) return { agents = agents(n), total = n, limit = 50, offset = 0 } end
            """)
        return lua
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    func testAListReplyPrintsItsRecordsThenOneSummaryLine() throws {
        let lua = try makeState()
        let text = try lua.run("return pp.render(reply(30))").first?.stringValue ?? ""
        let out = lines(text)
        XCTAssertEqual(out.count, 32, text)   // header, 30 rows, the summary
        XCTAssertEqual(out[0].split(separator: " ").map(String.init), ["id", "name", "status", "agentType", "externalId", "createdAt"])
        XCTAssertTrue(out[1].contains("agent1 ") && out[1].contains("2026-12-01 08:00:01"), out[1])
        XCTAssertEqual(out.last, #"30 of 30 agents · limit 50 offset 0 · +7 columns: pp.table(_, "all") · _.agents for the records"#)
        for line in out { XCTAssertLessThanOrEqual(line.count, 120, line) }
    }

    func testTheValueIsUnchanged() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("local r = reply(2); pp.render(r); return getmetatable(r) == nil, #r.agents, r.total"), [true, 2, 2])
    }

    func testNarrowTerminalsShortenIdsInTheMiddleAndLeaveColumnsOut() throws {
        let lua = try makeState(width: 60)
        let text = try lua.run("return pp.render(reply(3))").first?.stringValue ?? ""
        let out = lines(text)
        for line in out { XCTAssertLessThanOrEqual(line.count, 60, line) }
        XCTAssertTrue(out[1].hasPrefix(" agt_00"), out[1])
        XCTAssertTrue(out[1].contains("…"), "the id keeps both ends: \(out[1])")
        XCTAssertTrue(out[1].contains("01eef"), "the id's last characters stay: \(out[1])")   // 7919 = 0x1eef
        XCTAssertFalse(out[0].contains("createdAt"), "a timestamp is left out rather than cut: \(out[0])")
        XCTAssertTrue(text.contains("+"), text)
    }

    func testAllColumnsThatCannotStandSideBySidePrintAsBlocks() throws {
        let lua = try makeState(width: 80)
        let text = try lua.run("return pp.renderTable(reply(2), 'all')").first?.stringValue ?? ""
        for line in lines(text) { XCTAssertLessThanOrEqual(line.count, 80, line) }
        // Each line is `key  value`, the keys padded to the longest.
        let pairs = lines(text).map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        XCTAssertTrue(pairs.contains("publicKey 0x" + String(repeating: "ab", count: 20)), text)
        XCTAssertTrue(pairs.contains("freezeConfig {3 fields}"), text)
        XCTAssertTrue(pairs.contains("identityTags [2 identityTags]"), text)
        XCTAssertTrue(pairs.contains("allowedContexts []"), text)
        XCTAssertEqual(lines(text).filter { $0.hasPrefix("─ ") }.count, 2, text)
        XCTAssertFalse(lines(text).contains { $0.hasSuffix(" ") }, text)
    }

    func testChosenColumnsInTheirOrder() throws {
        let lua = try makeState()
        let text = try lua.run("return pp.renderTable(agents(2), {'name', 'id'})").first?.stringValue ?? ""
        XCTAssertEqual(lines(text)[0].split(separator: " ").map(String.init), ["name", "id"])
        XCTAssertEqual(lines(text).count, 3, text)
        XCTAssertThrowsError(try lua.run("pp.renderTable(agents(1), 5)"))
    }

    func testUndeclaredRecordsPutIdNameAndStatusFirstNotAlphabetical() throws {
        let lua = try makeState()
        let text = try lua.run("""
            return pp.render{ {note = "n", hours_left = 4, type = "api_key", credential = "api_key", status = "active"} }
            """).first?.stringValue ?? ""
        XCTAssertEqual(lines(text)[0].split(separator: " ").map(String.init), ["credential", "type", "status", "hours_left", "note"])
    }

    func testPagedEnvelopeAndEmptyList() throws {
        let lua = try makeState()
        let text = try lua.run("""
            return pp.render{ wallets = { {id = "wal_1", name = "ops", chainType = "EVM", custodyType = "SELF", status = "ACTIVE", balance = 12.5} },
                              pagination = {total = 9, limit = 1, offset = 0, hasMore = true} },
                   pp.render{ agents = json.array{}, total = 0, limit = 50, offset = 0 }
            """)
        XCTAssertEqual(lines(text[0].stringValue ?? "").last, "1 of 9 wallets · limit 1 offset 0 · _.wallets for the records")
        XCTAssertEqual(text[1], "0 of 0 agents · limit 50 offset 0 · _.agents for the records")
    }

    func testASingleRecordShowsItsResourcesKeyFieldsFirst() throws {
        let lua = try makeState(width: 200)
        let text = try lua.run("local a = agents(1)[1]; a.identityTags = nil; a.freezeConfig = nil; return pp.render(a)").first?.stringValue ?? ""
        XCTAssertTrue(text.hasPrefix("{\n  id = \"agt_"), text)
        let order = ["id =", "name =", "status =", "agentType =", "externalId =", "createdAt =", "allowedContexts ="]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        XCTAssertEqual(positions.count, order.count, text)
        XCTAssertEqual(positions, positions.sorted(), text)
        // Records of no resource keep today's order.
        XCTAssertEqual(try lua.run("return pp.render{name = 'ops', n = 2}"), [#"{ n = 2, name = "ops" }"#])
    }

    func testCellsStayOnOneLine() throws {
        let lua = try makeState()
        let text = try lua.run("return pp.render{ {id = 'x', name = 'two\\nlines\\tand tab'} }").first?.stringValue ?? ""
        XCTAssertEqual(lines(text).count, 2, text)
        XCTAssertTrue(text.contains("two lines and tab"), text)
    }

    func testAMapOfNamedRecordsPrintsAsTheirTable() throws {
        let lua = try makeState()
        let text = try lua.run("""
            return pp.render{ webhook_secret = {credential_type = "webhook_secret", status = "active", age_days = 3},
                              api_key = {credential_type = "api_key", status = "transitioning", age_days = 0, note = json.null} }
            """).first?.stringValue ?? ""
        XCTAssertEqual(lines(text).map { $0.split(separator: " ").map(String.init) }, [
            ["credential_type", "status", "age_days", "note"], ["api_key", "transitioning", "0"], ["webhook_secret", "active", "3"],
        ], text)
        XCTAssertFalse(lines(text).contains { $0.hasSuffix(" ") }, text)
        // A map whose records do not carry their own name stays a tree.
        XCTAssertTrue(try lua.run("return pp.render{a = {x = 1}, b = {x = 2}}").first?.stringValue?.hasPrefix("{") ?? false)
    }

    func testListsSharingAnEnvelopeAreToldApartByTheirRecords() throws {
        let lua = try makeState()
        let r = try lua.run("""
            return pp.render{ items = { {id = "t1", name = "K", slug = "k", version = "1.0.0"} }, total = 1, limit = 50, offset = 0 },
                   pp.render{ items = { {id = "m1", name = "T", description = "d"} }, total = 1, limit = 50, offset = 0 },
                   pp.render{ items = json.array{}, total = 0, limit = 50, offset = 0 },
                   pp.render{ items = { {other = 1} }, total = 1, limit = 50, offset = 0 }
            """).map { lines($0.stringValue ?? "").last ?? "" }
        XCTAssertEqual(r, ["1 of 1 toolkits · limit 50 offset 0 · _.items for the records",
                           "1 of 1 templates · limit 50 offset 0 · _.items for the records",
                           "0 of 0 items · limit 50 offset 0 · _.items for the records",
                           "1 of 1 items · limit 50 offset 0 · _.items for the records"])
    }

    /// Display columns, counting East Asian wide characters as two.
    func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, c in
            let v = c.value
            return n + ((0x1100...0x115F).contains(v) || (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFF00...0xFF60).contains(v) ? 2 : 1)
        }
    }

    func testWideCharactersCountTwoColumns() throws {
        let lua = try makeState(width: 40)
        let text = try lua.run("""
            return pp.render{ {id = "agt_1", name = "東京オフィスの購買エージェント担当チーム", status = "ACTIVE"},
                              {id = "agt_2", name = "plain", status = "PAUSED"} }
            """).first?.stringValue ?? ""
        for line in lines(text) { XCTAssertLessThanOrEqual(displayWidth(line), 40, line) }
        XCTAssertTrue(text.contains("東京"), text)
        XCTAssertTrue(text.contains("…"), text)
        // The columns still line up: `status` starts at the same display column on every row.
        let starts = lines(text).compactMap { line -> Int? in
            guard let r = line.range(of: "ACTIVE") ?? line.range(of: "PAUSED") ?? line.range(of: "status") else { return nil }
            return displayWidth(String(line[..<r.lowerBound]))
        }
        XCTAssertEqual(Set(starts).count, 1, text)
    }
}
