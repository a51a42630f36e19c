import LuaHost
import XCTest

/// `adminsh.operations` hands the catalog's inverses, destructiveness and secret fields to Lua,
/// as a sequence and as a map by qualified name.
final class CatalogDataTests: BindingsTestCase {
    func testOperationsAreASequenceAndAMapOfTheSameEntries() async throws {
        let r = try await run("""
            local ops = adminsh.operations
            local same, count = true, 0
            for i, e in ipairs(ops) do
              count = count + 1
              if ops[e.qualified] ~= e then same = false end
            end
            return count > 100, same, ops["conto.agents.linkWallet"].path, ops["conto.agents.nope"] == nil
            """)
        XCTAssertEqual(r, [true, true, "/api/agents/{agentId}/wallets", true])
    }

    func testInversesArriveAsData() async throws {
        let r = try await run("""
            local ops = adminsh.operations
            local link = ops["conto.agents.linkWallet"].inverse
            local rotate = ops["contio.rotateAPIKey"].inverse
            local update = ops["conto.agents.updateWalletLink"].inverse
            return link.operation, link.args[1].arg, link.args[2].field,
                   rotate.operation, rotate.args[1].value, rotate.fields.rollback_token.result,
                   update.restore, update.read.operation, update.read.pick.list, update.read.pick.equals.arg,
                   type(ops["contio.rotateWebhookSecret"].inverse.none), ops["conto.agents.list"].inverse == nil
            """)
        XCTAssertEqual(r, ["conto.agents.unlinkWallet", 1, "walletId",
                           "contio.rollbackCredential", "api-key", "rollback_token",
                           true, "conto.agents.listWallets", "wallets", 2,
                           "string", true])
    }

    func testDestructiveAndSecretFieldsArriveAsData() async throws {
        let r = try await run("""
            local ops = adminsh.operations
            local secrets = table.concat(ops["contio.rotateAPIKey"].secretFields, ",")
            return ops["conto.agents.unlinkWallet"].destructive, ops["conto.agents.linkWallet"].destructive,
                   ops["contio.rotateAPIKey"].destructive, secrets, #ops["conto.agents.list"].secretFields
            """)
        XCTAssertEqual(r, [true, false, true, "new_credential,rollback_token", 0])
    }

    func testHelpSaysHowAnOperationIsUndone() async throws {
        let r = try await run("""
            return help.get(conto.agents.linkWallet), help.get(contio.rotateWebhookSecret)
            """)
        XCTAssertEqual(r[0].stringValue?.contains("undone by conto.agents.unlinkWallet(agentId, walletId)"), true, "\(r[0])")
        XCTAssertEqual(r[1].stringValue?.contains("no safe inverse: webhook secrets cannot be rolled back"), true, "\(r[1])")
    }
}
