import XCTest
import LuaHost
@testable import Shell

final class PrettyPrinterTests: XCTestCase {
    func render(_ code: String, color: Bool = false) throws -> String {
        let lua = try LuaState()
        try PrettyPrinter.install(in: lua, color: color)
        return try lua.run("return pp.render(\(code))").first?.stringValue ?? ""
    }

    func testScalarsAndSortedKeys() throws {
        XCTAssertEqual(try render(#""a\nb""#), #""a\nb""#)
        XCTAssertEqual(try render("{b = 2, a = 1, [1] = 'x'}"), #"{ "x", a = 1, b = 2 }"#)
        XCTAssertEqual(try render("json.null"), "null")
    }

    func testRecordsPrintAsAnAlignedTable() throws {
        let text = try render("{ {id = 1, name = 'alpha', status = 'ACTIVE'}, {id = 22, name = 'b', status = 'FROZEN'} }")
        XCTAssertEqual(text, """
             id  name   status
             1   alpha  ACTIVE
             22  b      FROZEN
            """)
    }

    func testLongTablesIndentAndLimitItems() throws {
        let text = try render("(function() local t = {} for i = 1, 100 do t['key' .. string.format('%03d', i)] = i end return t end)()")
        XCTAssertTrue(text.hasPrefix("{\n  key001 = 1,\n"), text)
        XCTAssertTrue(text.contains("… 60 more"), text)
    }

    func testDepthLimitAndCycles() throws {
        XCTAssertEqual(try render("{a = {b = {c = {d = {e = {f = 1}}}}}}"), "{ a = { b = { c = { d = {…} } } } }")
        XCTAssertEqual(try render("(function() local t = {} t.me = t return t end)()"), "{ me = <cycle> }")
    }

    func testColourOnlyWhenAsked() throws {
        XCTAssertFalse(try render("'s'").contains("\u{1B}["))
        XCTAssertTrue(try render("'s'", color: true).contains("\u{1B}[32m"))
    }

    func testTostringMetamethodIsRespected() throws {
        XCTAssertEqual(try render("setmetatable({}, {__tostring = function() return 'ck_…a1b2 ‹secret›' end})"), "ck_…a1b2 ‹secret›")
    }
}

final class HistoryTests: XCTestCase {
    func testSecretLookingLinesAreRecognised() {
        XCTAssertTrue(History.looksSecret("contio.rotateAPIKey{confirmation_token='confirm_rotation_1'}"))
        XCTAssertTrue(History.looksSecret("contio.rollbackCredential('api-key', {rollback_token = t})"))
        XCTAssertTrue(History.looksSecret("key = 'conto_agent_0123456789abcdef0123456789abcdef'"))
        XCTAssertTrue(History.looksSecret("s = r.new_credential:reveal()"))
        XCTAssertFalse(History.looksSecret("conto.agents.list{limit = 10}"))
        XCTAssertFalse(History.looksSecret("x = 1 + 2"))
    }

    func testAppendWritesMode0600AndSkipsSecrets() throws {
        let dir = NSTemporaryDirectory() + "adminsh-hist-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let history = History(path: dir + "/adminsh/history")
        XCTAssertTrue(history.append("x = 1"))
        XCTAssertFalse(history.append("t = {confirmation_token = 'c'}"))
        XCTAssertTrue(history.append("function f()\n  return 1\nend"))
        XCTAssertEqual(history.load(), ["x = 1", "function f()\n  return 1\nend"])
        let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }
}
