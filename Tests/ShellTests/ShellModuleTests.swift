import XCTest
import LuaHost
@testable import Shell

/// The shell's Lua side is reached through `require "adminsh.shell"`, not a global.
final class ShellModuleTests: XCTestCase {
    func makeState(format: ResultFormat = .text) throws -> LuaState {
        let lua = try LuaState()
        try PrettyPrinter.install(in: lua, color: false)
        try format.install(in: lua)
        return lua
    }

    func testShellIsRequirableNotAGlobal() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("return rawget(_G, 'shell'), type(require('adminsh.shell').render), require('adminsh.shell').format"),
                       [.nil, "function", "text"])
    }

    func testTheShellDescribesErrorsWithTheHostFormatter() throws {
        let lua = try makeState()
        let r = try lua.run("""
            local e = {code = 'NOT_FOUND', status = 404, message = 'agent not found', request_id = 'req_9'}
            return require('adminsh.shell').describeError(e), require('adminsh.host.errors').describe(e),
                   require('adminsh.shell').describeError({1, 2})
            """)
        XCTAssertEqual(r, ["NOT_FOUND (HTTP 404): agent not found [req_9]", "NOT_FOUND (HTTP 404): agent not found [req_9]", "{ 1, 2 }"])
    }

    func testRenderFollowsTheOutputFormat() throws {
        XCTAssertEqual(try ResultFormat.render([["b": 2, "a": 1]], in: try makeState()), "{ a = 1, b = 2 }")
        // Several values make one JSON document: an array of them.
        let several = try ResultFormat.render([.array([1, 2]), "x"], in: try makeState(format: .json)) ?? ""
        XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(several.utf8)) as? NSArray, [[1, 2], "x"] as NSArray)
    }

    func testCompletionComesFromTheModuleAndCanBeReplaced() throws {
        let lua = try makeState()
        let completer = Completer(state: lua)
        XCTAssertEqual(completer.candidates(for: "json.enc"), ["json.encode"])
        try lua.run("require('adminsh.shell').complete = function(text) return { text .. '!' } end")
        XCTAssertEqual(completer.candidates(for: "x"), ["x!"])
    }

    func testAnErrorInTheShellModuleNamesItsFile() throws {
        let lua = try makeState()
        XCTAssertThrowsError(try lua.run("return require('adminsh.shell').exec('return (')")) { error in
            guard case LuaError.runtime(_, _, let traceback) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(traceback.contains("adminsh/shell.lua:"), traceback)
        }
    }
}
