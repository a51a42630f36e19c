import Foundation
import Glibc
import XCTest
@testable import LuaHost

/// Host Lua modules compiled into the binary: requirable by name, named by file in tracebacks.
final class HostModuleTests: XCTestCase {
    /// The line of `lua/<path>` (this target's sources) that contains `text`.
    func line(containing text: String, in path: String) throws -> Int {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/LuaHost/lua/\(path)").standardized
        let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        return try XCTUnwrap(lines.firstIndex { $0.contains(text) }) + 1
    }

    func testAnErrorInsideAHostModuleNamesItsFileAndLine() throws {
        let lua = try LuaState()
        // help.get runs a lazy text function from help.lua; its failure passes through that line.
        XCTAssertThrowsError(try lua.run("""
            local t = {}
            help.set(t, function() error("no text today") end)
            local text = help.get(t)
            return text
            """, name: "@caller.lua")) { error in
            guard case LuaError.runtime(_, _, let traceback) = error else { return XCTFail("\(error)") }
            let expected = (try? self.line(containing: "text = text()", in: "adminsh/host/help.lua")) ?? -1
            XCTAssertTrue(traceback.contains("adminsh/host/help.lua:\(expected):"), traceback)
            XCTAssertTrue(traceback.contains("caller.lua:3:"), traceback)
        }
    }

    func testPreloadedModulesLoadOnRequireAndTheirErrorsCarryTheChunkName() throws {
        let lua = try LuaState()
        try lua.preloadModules([(name: "team.widget", chunk: "@team/widget.lua",
                                 source: "local M = {}\nfunction M.fail()\n  error('widget broke')\nend\nreturn M\n")])
        XCTAssertEqual(try lua.run("return package.loaded['team.widget'] == nil, type(require('team.widget').fail)"), [true, "function"])
        XCTAssertThrowsError(try lua.run("require('team.widget').fail()")) { error in
            guard case LuaError.runtime(_, let message, let traceback) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(message, "team/widget.lua:3: widget broke")
            XCTAssertTrue(traceback.contains("team/widget.lua:3: in function"), traceback)
        }
    }

    func testAHostModuleThatDoesNotCompileFailsAtPreload() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.preloadModules([(name: "team.broken", chunk: "@team/broken.lua", source: "return {")])) { error in
            guard case LuaError.syntax(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("team.broken") && message.contains("team/broken.lua:1:"), message)
        }
    }

    func testFunctionsRegisteredInAModuleAreRequirableNotGlobal() throws {
        let lua = try LuaState()
        lua.register("twice", inModule: "team.math") { frame in
            frame.push(.integer(try frame.integer(1) * 2))
            return 1
        }
        XCTAssertEqual(try lua.run("return rawget(_G, 'team'), require('team.math').twice(21)"), [.nil, 42])
    }

    /// Whether SIGINT is blocked on the calling thread.
    static func sigintBlocked() -> Bool {
        var mask = sigset_t()
        pthread_sigmask(SIG_SETMASK, nil, &mask)
        return sigismember(&mask, SIGINT) == 1
    }

    /// What a thread saw, read after its semaphore signalled.
    final class Observation: @unchecked Sendable { var blocked = true }

    /// Linking and running LuaHost leaves the process's signal handling alone: SIGINT is not
    /// blocked on this thread, nor on a thread started after a state exists.
    func testLinkingLuaHostLeavesSigintUnblocked() throws {
        let lua = try LuaState()
        _ = try lua.run("return 1")
        XCTAssertFalse(Self.sigintBlocked())
        let observation = Observation()
        let checked = DispatchSemaphore(value: 0)
        let thread = Thread {
            observation.blocked = HostModuleTests.sigintBlocked()
            checked.signal()
        }
        thread.start()
        XCTAssertEqual(checked.wait(timeout: .now() + 10), .success)
        XCTAssertFalse(observation.blocked)
    }
}
