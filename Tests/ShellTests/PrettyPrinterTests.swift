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
