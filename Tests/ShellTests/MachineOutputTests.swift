import XCTest
import LuaHost
@testable import Shell

/// `--output json` and `--output csv`: what returned values become on stdout.
final class MachineOutputTests: XCTestCase {
    func makeState(_ format: ResultFormat, columns: [String] = []) throws -> LuaState {
        let lua = try LuaState()
        try PrettyPrinter.install(in: lua, color: false)
        try format.install(in: lua, columns: columns)
        return lua
    }

    func render(_ lua: LuaState, _ code: String) throws -> String? {
        try ResultFormat.render(try lua.run(code), in: lua)
    }

    func testSeveralValuesBecomeOneJSONArray() throws {
        let lua = try makeState(.json)
        let text = try render(lua, "return 1, 'two', {3}, nil") ?? ""
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
        XCTAssertEqual(parsed?.count, 4, text)
        XCTAssertEqual(parsed?[1] as? String, "two")
        XCTAssertTrue(parsed?[3] is NSNull, text)
    }

    func testPrintGoesToStderrInMachineFormats() throws {
        let lua = try makeState(.json)
        // `print` is replaced by a writer to stderr; the original is io.write-based only for stdout.
        XCTAssertEqual(try lua.run("return debug.getinfo(print, 'S').what"), ["Lua"])
        let text = try makeState(.text).run("return debug.getinfo(print, 'S').what")
        XCTAssertEqual(text, ["C"])
    }

    func testCSVOfRecordsQuotesAndEncodesNestedValuesAsJSON() throws {
        let lua = try makeState(.csv)
        let text = try render(lua, """
            return { {id = "a1", name = 'say "hi", then go', tags = {"x", "y"}, n = 2, none = json.null},
                     {id = "a2", name = "two\\nlines", n = 2.5} }
            """) ?? ""
        let lines = text.components(separatedBy: "\r\n")
        XCTAssertEqual(lines.first, "id,name,n,none,tags")
        XCTAssertEqual(lines[1], #"a1,"say ""hi"", then go",2,,"[""x"",""y""]""#)
        XCTAssertEqual(lines[2], "a2,\"two\nlines\",2.5,,")
        XCTAssertFalse(text.hasSuffix("\r\n"), "print adds the last line end")
    }

    func testCSVColumnsAndListReplies() throws {
        let lua = try makeState(.csv, columns: ["name", "id"])
        XCTAssertEqual(try render(lua, "return {agents = {{id = 'a1', name = 'x', status = 'ACTIVE'}}, total = 1, limit = 50, offset = 0}"),
                       "name,id\r\nx,a1")
        XCTAssertEqual(try render(lua, "return q{{id = 'a1', name = 'x'}}:select('id')"), "name,id\r\n,a1")
        XCTAssertThrowsError(try render(lua, "return 'text'")) { error in
            XCTAssertTrue("\(error)".contains("--output csv needs a sequence of records"), "\(error)")
        }
    }
}
