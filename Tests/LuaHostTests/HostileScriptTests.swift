import Foundation
import XCTest
@testable import LuaHost

/// Scripts that try to outlast or escape the host's limits (docs/reliability.md, "Limits that hold").
final class HostileScriptTests: XCTestCase {
    func limitMessage(_ error: Error) -> String? {
        guard case LuaError.limit(let message) = error else { return nil }
        return message
    }

    func testAnInstructionLimitCannotBeSwallowedByPcall() throws {
        let lua = try LuaState(limits: LuaLimits(instructionLimit: 100_000))
        XCTAssertThrowsError(try lua.run("""
            for i = 1, 20 do pcall(function() while true do end end) end
            return "survived"
            """)) { error in
            XCTAssertEqual(self.limitMessage(error), "instruction limit of 100000 instructions reached", "\(error)")
        }
        XCTAssertEqual(try lua.run("return 'next chunk runs'"), ["next chunk runs"], "the trip lasts one chunk")
    }

    func testATimeLimitCannotBeSwallowedByPcallXpcallOrCoroutines() throws {
        let lua = try LuaState(limits: LuaLimits(timeLimit: 0.2))
        // Each attempt spins for a bounded time, so a limit that does not hold ends in "survived".
        let attempts = [
            "pcall(function() spin(1) end)",
            "xpcall(function() spin(1) end, function(e) return 'handled' end)",
            "coroutine.resume(coroutine.create(function() spin(1) end))",
        ]
        for attempt in attempts {
            let started = Date()
            XCTAssertThrowsError(try lua.run("""
                local function spin(s) local t = os.clock() while os.clock() - t < s do end end
                for i = 1, 3 do \(attempt) end
                return "survived"
                """)) { error in
                XCTAssertEqual(self.limitMessage(error), "time limit of 0.2 s reached", "\(attempt): \(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 0.9, attempt)
        }
    }

    func testAnInterruptCannotBeSwallowedByPcall() throws {
        let lua = try LuaState()
        let handle = lua.interruptHandle
        Thread { Thread.sleep(forTimeInterval: 0.2); handle.interrupt() }.start()
        let started = Date()
        XCTAssertThrowsError(try lua.run("""
            local function spin(s) local t = os.clock() while os.clock() - t < s do end end
            for i = 1, 3 do pcall(function() spin(1) end) end
            return "survived"
            """)) { error in
            XCTAssertEqual(self.limitMessage(error), "interrupted!", "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.9)
        XCTAssertEqual(try lua.run("return 'alive'"), ["alive"])
    }

    func testTheLimitHoldsWhileCoroutinesWaitOnAsyncWork() throws {
        let lua = try LuaState(limits: LuaLimits(timeLimit: 0.2))
        XCTAssertThrowsError(try lua.run("for i = 1, 3 do pcall(task.sleep, 1) end return 'survived'")) { error in
            XCTAssertEqual(self.limitMessage(error), "time limit of 0.2 s reached", "\(error)")
        }
    }

    func testScriptsCannotRemoveTheHostHook() throws {
        let lua = try LuaState(limits: LuaLimits(instructionLimit: 100_000))
        let r = try lua.run("local ok, err = pcall(debug.sethook) return ok, err, debug.gethook()")
        XCTAssertEqual(r.first, .boolean(false))
        XCTAssertTrue(r.dropFirst().first?.stringValue?.contains("debug.sethook is not available") ?? false, "\(r)")
        XCTAssertThrowsError(try lua.run("pcall(debug.sethook) local n = 0 for i = 1, 1e7 do n = n + 1 end return n")) { error in
            XCTAssertNotNil(self.limitMessage(error), "\(error)")
        }
    }

    func testScriptsCannotReachTheHostsInternalsThroughDebug() throws {
        let lua = try LuaState()
        // Through the userdata behind a Swift function, a script could release the Swift object
        // (its metatable's __gc) while the function still uses it.
        let r = try lua.run("""
            local a, ea = pcall(debug.getupvalue, json.encode, 1)
            local b = pcall(debug.getregistry)
            local c = pcall(debug.getmetatable, "")
            return a, ea, b, c, json.encode({1}), debug.traceback("still here"):match("^still here") ~= nil
            """)
        XCTAssertEqual(r[0], .boolean(false))
        XCTAssertTrue(r[1].stringValue?.contains("debug.getupvalue is not available to scripts") ?? false, "\(r)")
        XCTAssertEqual(Array(r[2...]), [.boolean(false), .boolean(false), "[1]", .boolean(true)])
    }

    func testScriptsCannotInstallFinalizers() throws {
        let lua = try LuaState()
        let r = try lua.run("""
            local loop = function() while true do end end
            local a, ea = pcall(setmetatable, {}, {__gc = loop})
            local b, eb = pcall(debug.setmetatable, {}, {__gc = loop})
            local plain = setmetatable({}, {__index = {x = 1}})
            return a, ea, b, eb, plain.x
            """)
        XCTAssertEqual(r[0], .boolean(false))
        XCTAssertTrue(r[1].stringValue?.contains("__gc metamethods are not available") ?? false, "\(r)")
        XCTAssertEqual(r[2], .boolean(false))
        XCTAssertEqual(r[4], 1, "metatables without __gc still work")
        lua.collectGarbage()
        lua.close() // runs pending finalizers: none of the script's
    }

    func testUserCodeLoadsTextOnly() throws {
        let folder = NSTemporaryDirectory() + "adminsh-binary-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "return 'text module'".write(toFile: folder + "/textmod.lua", atomically: true, encoding: .utf8)
        let lua = try LuaState(libraryPaths: [folder])
        let binary = folder + "/binmod.lua"
        try lua.run("local f = assert(io.open(..., 'wb')) f:write(string.dump(function() return 1 end)) f:close()",
                    arguments: [.string(binary)])
        let r = try lua.run("""
            local path = ...
            local dumped = string.dump(function() return 1 end)
            local f1, e1 = load(dumped)
            local f2, e2 = load(dumped, "x", "b")
            local f3, e3 = loadfile(path)
            local ok4, e4 = pcall(dofile, path)
            local ok5, e5 = pcall(require, "binmod")
            return f1, e1, f2, f3, ok4, ok5, e5, require("textmod"), load("return x", "=t", "t", {x = 7})()
            """, arguments: [.string(binary)])
        XCTAssertEqual(r[0], .nil)
        XCTAssertTrue(r[1].stringValue?.contains("attempt to load a binary chunk") ?? false, "\(r)")
        XCTAssertEqual(r[2], .nil, "an explicit mode \"b\" is refused too")
        XCTAssertEqual(r[3], .nil)
        XCTAssertEqual(r[4], .boolean(false))
        XCTAssertEqual(r[5], .boolean(false))
        XCTAssertTrue(r[6].stringValue?.contains("attempt to load a binary chunk") ?? false, "\(r)")
        XCTAssertEqual(r[7], "text module")
        XCTAssertEqual(r[8], 7, "load keeps its env argument")
    }

    func testErrorTablesDescribeThemselvesInTheHostError() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("error({code = 'X', message = 'broken'})")) { error in
            XCTAssertEqual(String(describing: error), "X (client): broken")
        }
        XCTAssertThrowsError(try lua.run("error({code = 'X'})")) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("X (client)"), "\(error)")
        }
        XCTAssertThrowsError(try lua.run("error(setmetatable({}, {__tostring = function() return 'own text' end}))")) { error in
            XCTAssertEqual(String(describing: error), "own text")
        }
    }

    func testSizesTooLargeToCountAreNotSizes() {
        XCTAssertNil(LuaLimits.parseSize("9000000000G"))
        XCTAssertNil(LuaLimits.parseSize("1e300"))
        XCTAssertEqual(LuaLimits.parseSize("1024G"), 1 << 40)
    }
}
