import XCTest
@testable import LuaHost

final class ValueRoundTripTests: XCTestCase {
    func testScalarsKeepTheirKinds() throws {
        let lua = try LuaState()
        let values: [LuaValue] = [.nil, true, false, 0, -7, .integer(Int64.max), 1.5, .number(2.0), "héllo", "", .null]
        for v in values {
            lua.push(v)
            XCTAssertEqual(try lua.value(at: -1), v, "round trip of \(v)")
            lua.collectGarbage()
        }
        // 2.0 stays a float, 2 stays an integer, as Lua sees them.
        XCTAssertEqual(try lua.run("return math.type(...)", arguments: [.number(2.0)]), ["float"])
        XCTAssertEqual(try lua.run("return math.type(...)", arguments: [.integer(2)]), ["integer"])
    }

    func testNestedTablesArraysAndMaps() throws {
        let lua = try LuaState()
        let results = try lua.run("""
            return {1, 2, 3}, {a = 1, b = {c = {true, "x"}}}, {}, {[1] = "a", [3] = "c"}, json.array{}
        """)
        XCTAssertEqual(results[0], [1, 2, 3])
        XCTAssertEqual(results[1], ["a": 1, "b": ["c": [true, "x"]]])
        XCTAssertEqual(results[2], .table([:]))
        XCTAssertEqual(results[3], .table([.integer(1): "a", .integer(3): "c"]))
        XCTAssertEqual(results[4], .array([]))
        // And back into Lua: shapes survive.
        let back = try lua.run("local a, m = ...; return #a, m.b.c[2], getmetatable(json.array{}) ~= nil",
                               arguments: [results[0], results[1]])
        XCTAssertEqual(back, [3, "x", true])
    }

    func testBigTableRoundTrip() throws {
        let lua = try LuaState()
        let big = LuaValue.array((1...20_000).map { .table([.string("id"): .integer($0), .string("name"): .string("n\($0)")]) })
        let n = try lua.run("local t = ...; return #t, t[20000].name", arguments: [big])
        XCTAssertEqual(n, [20_000, "n20000"])
        lua.push(big)
        XCTAssertEqual(try lua.value(at: -1), big)
    }

    func testCyclesAreRefusedWithAClearError() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("local t = {}; t.self = t; return t")) { error in
            XCTAssertTrue(String(describing: error).contains("cycle"), "\(error)")
        }
        XCTAssertThrowsError(try lua.run("local t = {}; t[1] = t; return json.encode(t)")) { error in
            XCTAssertTrue(String(describing: error).contains("cycle"), "\(error)")
        }
    }

    func testNullSentinel() throws {
        let lua = try LuaState()
        XCTAssertEqual(try lua.run("return json.decode('[1,null,3]')"), [.array([1, .null, 3])])
        XCTAssertEqual(try lua.run("return tostring(json.null), json.encode({a = json.null})"), ["null", "{\"a\":null}"])
    }
}
