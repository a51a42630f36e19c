import XCTest
@testable import LuaHost

final class LimitTests: XCTestCase {
    func testMemoryCapRaisesNotEnoughMemoryAndTheStateSurvives() throws {
        let lua = try LuaState(limits: LuaLimits(memoryLimit: 32 << 20))
        XCTAssertThrowsError(try lua.run("local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 64) .. i end")) { error in
            guard case LuaError.memory(let message) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(message, "not enough memory")
        }
        lua.collectGarbage()
        XCTAssertLessThan(lua.memoryInUse, 32 << 20)
        XCTAssertEqual(try lua.run("return 1 + 1"), [2], "state still usable")
    }

    func testMemoryCapIsOnByDefault() throws {
        XCTAssertEqual(LuaLimits().memoryLimit, 1 << 30)
        XCTAssertEqual(LuaLimits.parseSize("512M"), 512 << 20)
        XCTAssertEqual(LuaLimits.parseSize("1g"), 1 << 30)
        XCTAssertEqual(LuaLimits.parseSize("0"), 0)
        XCTAssertNil(LuaLimits.parseSize("lots"))
    }

    func testInstructionLimitStopsALoop() throws {
        let lua = try LuaState(limits: LuaLimits(instructionLimit: 100_000))
        XCTAssertThrowsError(try lua.run("while true do end")) { error in
            XCTAssertTrue(String(describing: error).contains("instruction limit of 100000 instructions reached"), "\(error)")
        }
        // The budget is per chunk: a short chunk afterwards runs.
        XCTAssertEqual(try lua.run("local s = 0 for i = 1, 100 do s = s + i end return s"), [5050])
    }

    func testTimeLimitStopsALoop() throws {
        let lua = try LuaState(limits: LuaLimits(timeLimit: 0.2))
        XCTAssertThrowsError(try lua.run("while true do end")) { error in
            XCTAssertTrue(String(describing: error).contains("time limit of 0.2 s reached"), "\(error)")
        }
    }

    func testInterruptFromAnotherThreadStopsRunningCode() throws {
        let lua = try LuaState()
        let handle = lua.interruptHandle
        let thread = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            handle.interrupt()
        }
        thread.start()
        XCTAssertThrowsError(try lua.run("while true do end")) { error in
            XCTAssertTrue(String(describing: error).contains("interrupted!"), "\(error)")
        }
        XCTAssertEqual(try lua.run("return 'alive'"), ["alive"])
    }

    func testInterruptWakesAChunkWaitingOnAsyncWork() throws {
        let lua = try LuaState()
        let handle = lua.interruptHandle
        Thread { Thread.sleep(forTimeInterval: 0.3); handle.interrupt() }.start()
        XCTAssertThrowsError(try lua.run("task.sleep(60)")) { error in
            XCTAssertTrue(String(describing: error).contains("interrupted!"), "\(error)")
        }
        XCTAssertEqual(try lua.run("return 'alive'"), ["alive"])
    }
}
