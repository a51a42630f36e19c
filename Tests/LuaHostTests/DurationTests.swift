import XCTest
@testable import LuaHost

/// `adminsh.duration`: the one reader of durations.
final class DurationTests: XCTestCase {
    func parse(_ lua: LuaState, _ literal: String) throws -> [LuaValue] {
        try lua.run("return require('adminsh.duration').parse(\(literal))")
    }

    func testNumbersAndUnitsBecomeSeconds() throws {
        let lua = try LuaState()
        let cases: [(String, LuaValue)] = [
            ("90", 90), ("2.5", 2.5), ("'90s'", 90), ("'15m'", 900), ("'2h'", 7200), ("'1h30m'", 5400),
            ("'2d'", 172_800), ("'1w'", 604_800), ("' 2d 12h '", 216_000), ("'48'", 48), ("'1.5h'", 5400), ("'0'", 0),
        ]
        for (literal, seconds) in cases {
            XCTAssertEqual(try parse(lua, literal), [seconds], literal)
        }
        // Whole results are integers, so they format as "5400", not "5400.0".
        XCTAssertEqual(try lua.run("return math.type(require('adminsh.duration').parse('1.5h'))"), ["integer"])
    }

    func testBadDurationsAreNilAndAMessage() throws {
        let lua = try LuaState()
        let cases: [(String, String)] = [
            ("'soon'", "expected a duration like '90s', '15m', '2h', '1h30m', '2d' or a number of seconds, got 'soon'"),
            ("'5x'", "unknown duration unit 'x' in '5x' (use s, m, h, d, w)"),
            ("'1h30'", "got '1h30'"),
            ("'1h1h'", "names 'h' twice"),
            ("''", "got an empty string"),
            ("-3", "cannot be negative"),
            ("{}", "got a table"),
            ("nil", "got a nil"),
        ]
        for (literal, message) in cases {
            let r = try parse(lua, literal)
            XCTAssertEqual(r.first, .nil, literal)
            XCTAssertTrue(r.count == 2 && r[1].stringValue?.contains(message) == true, "\(literal): \(r)")
        }
    }

    func testCheckRaisesForTheCaller() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("""
            local duration = require "adminsh.duration"
            local function wait(spec) local seconds = duration.check(spec, "wait"); return seconds end
            wait("later")
            """, name: "@caller.lua")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("caller.lua:3: wait: expected a duration"), "\(error)")
        }
    }
}
