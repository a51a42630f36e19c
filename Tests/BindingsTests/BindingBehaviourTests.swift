import LuaHost
import XCTest

final class BindingBehaviourTests: BindingsTestCase {
    func testCallsReturnPlainTablesWithTheAPIFieldNames() async throws {
        let r = try await run("""
            local status = contio.getCredentialStatus()
            local agents = conto.agents.list{limit = 5}
            return type(status), type(agents), agents.agents ~= nil or agents.items ~= nil or agents[1] ~= nil
            """)
        XCTAssertEqual(r, ["table", "table", true])
    }

    func testWrongTypeFailsBeforeAnyRequestNamingTheParameter() async throws {
        let r = try await run("""
            local ok, e = pcall(conto.agents.list, {limit = "ten"})
            return ok, e.code, e.status, e.message
            """)
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1], "VALIDATION_FAILED")
        XCTAssertEqual(r[2], .nil, "no HTTP status: refused before any request")
        XCTAssertEqual(r[3].stringValue?.hasPrefix("bad argument 'limit' to conto.agents.list: expected integer"), true, "\(r[3])")
    }

    func testAnEmptyTableIsSentAsTheDeclaredShape() async throws {
        // `actions` is declared an array: `{}` must reach the API as [] (so the API's own rule
        // answers), not as an object.
        let r = try await run("""
            local ok, e = pcall(contio.createAutomation, {name = "x", trigger_type = "meeting_ended", actions = {}})
            return ok, e.status, e.message
            """)
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1], 400)
        XCTAssertEqual(r[2].stringValue?.contains("at least 1 item"), true, "\(r[2])")
    }

    func testUnknownAndMissingFieldsAreRefused() async throws {
        let r = try await run("""
            local ok1, e1 = pcall(conto.agents.list, {limt = 5})
            local ok2, e2 = pcall(conto.agents.create, {})
            return e1.message, e2.message
            """)
        XCTAssertTrue(r[0].stringValue?.contains("bad argument 'limt'") == true, "\(r[0])")
        XCTAssertTrue(r[0].stringValue?.contains("unknown field") == true, "\(r[0])")
        XCTAssertTrue(r[1].stringValue?.contains("is missing") == true, "\(r[1])")
    }

    func testAPIErrorsAreCatchableTablesWithRequestIDs() async throws {
        let r = try await run("""
            local ok, e = pcall(conto.agents.get, "agent_does_not_exist")
            return ok, e.code, e.status, type(e.request_id), tostring(e):match("^NOT_FOUND %(HTTP 404%)") ~= nil
            """)
        XCTAssertEqual(r, [false, "NOT_FOUND", 404, "string", true])
    }

    func testSecretsPrintRedactedAndRevealOnRequest() async throws {
        let r = try await run("""
            local rot = contio.rotateAPIKey{confirmation_token = "confirm_rotation_1", reason = "test", grace_period_hours = 48}
            local shown = tostring(rot.new_credential)
            local full = rot.new_credential:reveal()
            return shown, #full > 20, shown:find(full, 1, true) == nil, secret.is(rot.rollback_token),
                   select(2, pcall(function() return "x" .. rot.new_credential end)):match("does not concatenate") ~= nil
            """)
        XCTAssertTrue(r[0].stringValue?.hasSuffix("‹secret›") == true, "\(r[0])")
        XCTAssertEqual(Array(r[1...]), [true, true, true, true])
    }

    func testSecretValuesCanBePassedBackToCalls() async throws {
        let r = try await run("""
            local rot = contio.rotateAPIKey{confirmation_token = "confirm_rotation_1", reason = "test"}
            local back = contio.rollbackCredential("api-key", {rollback_token = rot.rollback_token, reason = "undo"})
            return type(back)
            """)
        XCTAssertEqual(r, ["table"])
    }

    func testEachAndAllWalkEveryPage() async throws {
        let r = try await run("""
            for i = 1, 7 do conto.agents.create{name = "agent " .. i, agentType = "CUSTOM"} end
            local n = 0
            for agent in each(conto.agents.list, {limit = 3}) do n = n + 1 end
            return n, #all(conto.agents.list, {limit = 2})
            """)
        XCTAssertEqual(r[0].integerValue, r[1].integerValue)
        XCTAssertGreaterThanOrEqual(r[0].integerValue ?? 0, 7)
    }

    func testHelpDescribesOperationsAndNamespaces() async throws {
        let r = try await run("return help.get(conto.agents.linkWallet), help.get(conto), help.get(contio.rotateAPIKey)")
        let link = r[0].stringValue ?? ""
        XCTAssertTrue(link.hasPrefix("conto.agents.linkWallet(agentId, {"), link)
        XCTAssertTrue(link.contains("POST /api/agents/{agentId}/wallets"), link)
        XCTAssertTrue(link.contains("scope "), link)
        XCTAssertTrue(r[1].stringValue?.contains("agents.create") == true)
        XCTAssertTrue(r[2].stringValue?.contains("confirmation_token") == true)
    }

    func testManyCallsInFlightAtOnce() async throws {
        let r = try await run("""
            local ids = {}
            for i = 1, 20 do ids[i] = task.spawn(function() return conto.agents.create{name = "bulk " .. i, agentType = "CUSTOM"}.id end) end
            local seen = {}
            for i = 1, 20 do seen[task.wait(ids[i])] = true end
            local n = 0 for _ in pairs(seen) do n = n + 1 end
            return n
            """)
        XCTAssertEqual(r, [20])
    }

    func testSandboxClockAdvances() async throws {
        let r = try await run("""
            local before = sandbox.clock.now()
            sandbox.clock.advance("25h")
            local after = sandbox.clock.now()
            return type(before.contio), type(after.conto)
            """)
        XCTAssertEqual(r, ["table", "table"])
    }
}
