import XCTest
@testable import LuaHost

/// A structured error like the API errors later layers raise.
struct APIFailure: LuaErrorConvertible {
    var luaErrorValue: LuaValue { ["code": "NOT_FOUND", "status": 404, "message": "agent not found", "request_id": "req_1"] }
}

final class FunctionAndErrorTests: XCTestCase {
    func testSwiftFunctionsReceiveAndReturnValues() throws {
        let lua = try LuaState()
        lua.registerValues("host.add") { args in [.integer((args[0].integerValue ?? 0) + (args[1].integerValue ?? 0))] }
        XCTAssertEqual(try lua.run("return host.add(40, 2)"), [42])
    }

    func testSwiftErrorBecomesLuaErrorAndBackWithFieldsKept() throws {
        let lua = try LuaState()
        lua.register("fail") { _ in throw APIFailure() }
        // Caught by pcall in Lua with its fields.
        let caught = try lua.run("local ok, e = pcall(fail); return ok, e.code, e.status, e.request_id")
        XCTAssertEqual(caught, [false, "NOT_FOUND", 404, "req_1"])
        // Uncaught: arrives in Swift as a runtime error with the same table and a traceback.
        XCTAssertThrowsError(try lua.run("local function inner() fail() end\ninner()", name: "@script.lua")) { error in
            guard case LuaError.runtime(let value, _, let traceback) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(value["code"], "NOT_FOUND")
            XCTAssertEqual(value["status"], 404)
            XCTAssertTrue(traceback.contains("script.lua:1"), traceback)
        }
    }

    func testArgumentErrorsNameTheFunction() throws {
        let lua = try LuaState()
        lua.register("needsInt") { frame in frame.push(.integer(try frame.integer(1))); return 1 }
        let r = try lua.run("return pcall(needsInt, 'x')")
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1], "bad argument #1 to 'needsInt' (integer expected, got string)")
    }

    func testLuaErrorMessageAndTraceback() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("local x = nil\nreturn x.y", name: "@t.lua")) { error in
            guard case LuaError.runtime(_, let message, let traceback) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("t.lua:2"), message)
            XCTAssertTrue(traceback.contains("stack traceback"), traceback)
        }
        XCTAssertThrowsError(try lua.run("return (")) { error in
            guard case LuaError.syntax = error else { return XCTFail("\(error)") }
        }
    }

    func testUserdataIsReleasedByGC() throws {
        final class Tracked { let onDeinit: () -> Void; init(_ f: @escaping () -> Void) { onDeinit = f }; deinit { onDeinit() } }
        let lua = try LuaState()
        var released = false
        lua.register("makeObject") { [unowned lua] frame in
            lua.pushObject(Tracked { released = true }, metatable: "test.Tracked", onto: frame.L)
            return 1
        }
        lua.register("isTracked") { [unowned lua] frame in
            frame.push(.boolean(lua.boxedObject(at: 1, metatable: "test.Tracked", as: Tracked.self, of: frame.L) != nil))
            return 1
        }
        XCTAssertEqual(try lua.run("obj = makeObject(); return isTracked(obj), isTracked({})"), [true, false])
        lua.collectGarbage()
        XCTAssertFalse(released, "still referenced by a global")
        try lua.run("obj = nil")
        lua.collectGarbage()
        XCTAssertTrue(released, "__gc released the Swift object")
    }

    func testClosingTwiceIsHarmless() throws {
        let lua = try LuaState()
        lua.close()
        lua.close()
    }

    func testRequireFindsLibraryPaths() throws {
        let dir = NSTemporaryDirectory() + "adminsh-lib-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir + "/team", withIntermediateDirectories: true)
        try "return { greet = function(n) return 'hi ' .. n end }".write(toFile: dir + "/team/init.lua", atomically: true, encoding: .utf8)
        let lua = try LuaState(libraryPaths: [dir])
        XCTAssertEqual(try lua.run("return require('team').greet('ops')"), ["hi ops"])
    }

    func testHelpTexts() throws {
        let lua = try LuaState()
        XCTAssertTrue(try lua.helpText("json.encode").hasPrefix("json.encode(value"))
        XCTAssertTrue(try lua.helpText("json").contains("encode"))
        XCTAssertTrue(try lua.helpText("").contains("help(x)"))
    }
}
