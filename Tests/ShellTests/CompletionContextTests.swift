import XCTest
import LuaHost
@testable import Shell

/// Tab completion that looks at the line: argument-table keys and enum values from the catalog
/// entries in `adminsh.operations`, a call's string arguments (path values, ids seen), and the
/// plain name completion everywhere else. The catalog here is a small hand-written one with the
/// shape the bindings publish.
final class CompletionContextTests: XCTestCase {
    private func makeState() throws -> LuaState {
        let lua = try LuaState()
        try PrettyPrinter.install(in: lua, color: false)
        try lua.run("""
            conto = { agents = { linkWallet = function() end, create = function() end, get = function() end } }
            contio = { rollbackCredential = function() end }
            local ops = {
              { qualified = "conto.agents.linkWallet", group = "agents", pathParameters = { "agentId" }, parameters = {
                  { name = "walletId", type = "string" }, { name = "delegationType", type = "FULL | LIMITED | VIEW_ONLY" },
                  { name = "spendLimitPerTx", type = "number" }, { name = "spendLimitDaily", type = "number" } } },
              { qualified = "conto.agents.create", group = "agents", pathParameters = {}, parameters = {
                  { name = "name", type = "string" }, { name = "agentType", type = "OPENAI_ASSISTANT | ANTHROPIC_CLAUDE | CUSTOM" },
                  { name = "allowedContexts", type = "{string}" } } },
              { qualified = "conto.agents.get", group = "agents", pathParameters = { "agentId" }, parameters = {} },
              { qualified = "contio.rollbackCredential", group = "credentials", pathParameters = { "credentialType" },
                pathValues = { credentialType = { "api-key", "client-secret" } }, parameters = {} },
            }
            adminsh = { operations = {} }
            for i, e in ipairs(ops) do adminsh.operations[i] = e; adminsh.operations[e.qualified] = e end
            -- The ids the bindings would have noted (adminsh.host.seen's interface), newest first.
            package.preload["adminsh.host.seen"] = function()
              local records = { { id = "agt_222", name = "Seller", kind = "agent" }, { id = "agt_111", name = "Buyer", kind = "agent" },
                                { id = "wal_9", name = "Treasury", kind = "wallet" } }
              return {
                singular = function(w) return (w:lower():gsub("s$", "")) end,
                matching = function(prefix, kind)
                  local all, ofKind = {}, {}
                  for _, r in ipairs(records) do
                    if r.id:sub(1, #prefix) == prefix then
                      all[#all + 1] = r
                      if r.kind == kind then ofKind[#ofKind + 1] = r end
                    end
                  end
                  return #ofKind > 0 and ofKind or all
                end,
              }
            end
            """)
        return lua
    }

    private func complete(_ text: String, _ line: String, in lua: LuaState) -> [Completer.Candidate] {
        Completer(state: lua).completions(for: text, line: line)
    }

    func testKeysOfACallsArgumentTableComeFromTheCatalogInItsOrder() throws {
        let lua = try makeState()
        XCTAssertEqual(complete("spend", "conto.agents.linkWallet(a.id, {spend", in: lua).map(\.insert),
                       ["spendLimitPerTx", "spendLimitDaily"])
        XCTAssertEqual(complete("", "conto.agents.create{", in: lua).map(\.insert), ["name", "agentType", "allowedContexts"],
                       "a table right after the function (f{...}) is its argument table too")
        XCTAssertEqual(complete("", "conto.agents.create{name = 'x', ", in: lua).map(\.insert), ["agentType", "allowedContexts"],
                       "keys already given are not offered again")
    }

    func testAnAliasOfABoundFunctionFindsItsEntry() throws {
        let lua = try makeState()
        try lua.run("ag = conto.agents")
        XCTAssertEqual(complete("deleg", "ag.linkWallet(id, {walletId = w, deleg", in: lua).map(\.insert), ["delegationType"])
    }

    func testEnumValuesCompleteInsideAStringAndCloseIt() throws {
        let lua = try makeState()
        let inString = complete("ANTH", #"conto.agents.create{name = "x", agentType = "ANTH"#, in: lua)
        XCTAssertEqual(inString, [.init(insert: #"ANTHROPIC_CLAUDE""#, label: "ANTHROPIC_CLAUDE")])
        XCTAssertEqual(complete("", "conto.agents.linkWallet(a, {delegationType = '", in: lua).map(\.insert),
                       ["FULL'", "LIMITED'", "VIEW_ONLY'"], "the string's own quote closes it")
        XCTAssertEqual(complete("ANTH", "conto.agents.create{agentType = ANTH", in: lua).map(\.insert), [#""ANTHROPIC_CLAUDE""#],
                       "without a quote yet the value comes quoted")
        XCTAssertEqual(complete("x", #"conto.agents.create{name = "x"#, in: lua), [], "a free-text field has nothing to offer")
    }

    func testAStringArgumentOffersPathValuesOrTheIdsSeenWithTheirNames() throws {
        let lua = try makeState()
        XCTAssertEqual(complete("agt_", #"conto.agents.get("agt_"#, in: lua),
                       [.init(insert: #"agt_222""#, label: "agt_222  Seller"), .init(insert: #"agt_111""#, label: "agt_111  Buyer")])
        XCTAssertEqual(complete("", #"conto.agents.get(""#, in: lua).map(\.insert), [#"agt_222""#, #"agt_111""#],
                       "an agentId argument offers agents, not the wallet")
        XCTAssertEqual(complete("", #"contio.rollbackCredential(""#, in: lua).map(\.insert), [#"api-key""#, #"client-secret""#])
        XCTAssertEqual(complete("secret", #"contio.rollbackCredential("client-secret"#, in: lua).map(\.insert), [#"secret""#],
                       "after a break character (-) only the rest of the value is inserted")
    }

    func testAnArgumentWithoutItsQuoteGetsQuotedValuesWhereNoNameMatches() throws {
        let lua = try makeState()
        XCTAssertEqual(complete("agt_1", "conto.agents.get(agt_1", in: lua),
                       [.init(insert: #""agt_111""#, label: "agt_111  Buyer")])
        XCTAssertEqual(complete("api", "contio.rollbackCredential(api", in: lua).map(\.insert), [#""api-key""#])
        try lua.run("agt_var = 1")
        XCTAssertEqual(complete("agt_", "conto.agents.get(agt_", in: lua).map(\.insert), ["agt_var"], "a variable still wins")
    }

    func testElsewhereNamesCompleteAsBefore() throws {
        let lua = try makeState()
        XCTAssertEqual(complete("conto.agents.cr", "x = conto.agents.cr", in: lua).map(\.insert), ["conto.agents.create"])
        XCTAssertEqual(complete("json.enc", "print(json.enc", in: lua).map(\.insert), ["json.encode"])
        XCTAssertEqual(complete("agentT", "local t = {agentT", in: lua), [],
                       "a table that is no call's argument gets names, not catalog keys")
        XCTAssertEqual(complete("nex", "local t = {nex", in: lua).map(\.insert), ["next"])
        XCTAssertEqual(complete("x", "-- conto.agents.create{x", in: lua), [], "nothing inside a comment")
    }

    func testHelpRequestTurnsAQuestionMarkLineIntoHelp() throws {
        let lua = try makeState()
        var options = Repl.Options()
        options.historyPath = nil
        let repl = try Repl(state: lua, options: options)
        XCTAssertEqual(repl.helpRequest("conto.agents.get?"), "help(conto.agents.get)")
        XCTAssertEqual(repl.helpRequest("  json.encode ?  "), "help(json.encode)")
        XCTAssertEqual(repl.helpRequest("?"), "help()")
        XCTAssertNil(repl.helpRequest("x = 1 ?"), "not an expression: Lua reports it")
        XCTAssertNil(repl.helpRequest("json.encode"))
    }
}
