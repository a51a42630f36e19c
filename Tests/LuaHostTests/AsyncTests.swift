import XCTest
@testable import LuaHost

final class AsyncTests: XCTestCase {
    /// Registers `slowEcho(value, seconds)`: returns its value after a delay, or fails on "boom".
    func makeState() throws -> LuaState {
        let lua = try LuaState()
        lua.registerAsync("slowEcho") { frame in
            let value = try frame.argument(1)
            let seconds = frame.isNil(2) ? 0.01 : try frame.number(2)
            return {
                try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                if value == "boom" { throw APIFailure() }
                return .values([value])
            }
        }
        return lua
    }

    func testAsyncCallYieldsAndResumesWithTheResult() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("local a = slowEcho('x'); local b = slowEcho(2); return a, b"), ["x", 2])
    }

    func testAsyncErrorRaisesAtTheCallSiteAndPcallCatchesIt() throws {
        let lua = try makeState()
        XCTAssertEqual(try lua.run("local ok, e = pcall(slowEcho, 'boom'); return ok, e.code"), [false, "NOT_FOUND"])
        XCTAssertThrowsError(try lua.run("slowEcho('boom')")) { error in
            guard case LuaError.runtime(let value, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(value["status"], 404)
        }
    }

    func testHundredCoroutinesWaitAtOnce() throws {
        let lua = try makeState()
        var maxParked = 0
        lua.register("parkedNow") { [unowned lua] frame in
            maxParked = max(maxParked, lua.scheduler.parkedCount)
            return 0
        }
        let start = Date()
        let r = try lua.run("""
            local ids = {}
            for i = 1, 100 do ids[i] = task.spawn(function() return slowEcho(i * 2, 0.5) end) end
            task.spawn(function() task.sleep(0.2); parkedNow() end)
            local sum = 0
            for i = 1, 100 do sum = sum + task.wait(ids[i]) end
            return sum
        """)
        XCTAssertEqual(r, [.integer(10_100)])
        XCTAssertEqual(maxParked, 100, "all hundred were waiting at the same time")
        // 100 × 0.5 s sequentially would be 50 s; concurrently it is about 0.5 s.
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }

    func testTaskErrorsReachTheWaiter() throws {
        let lua = try makeState()
        let r = try lua.run("""
            local t = task.spawn(function() error({code = 'X'}) end)
            local ok, e = pcall(task.wait, t)
            return ok, e.code
        """)
        XCTAssertEqual(r, [false, "X"])
    }

    func testAsyncCallOutsideAHostCoroutineBlocksInstead() throws {
        let lua = try makeState()
        // A table.sort comparator cannot yield; the call blocks and still works.
        XCTAssertEqual(try lua.run("local t = {3, 1, 2}; table.sort(t, function(a, b) return slowEcho(a, 0) < slowEcho(b, 0) end); return t[1], t[3]"), [1, 3])
        // So does a call inside a plain Lua coroutine.
        XCTAssertEqual(try lua.run("return coroutine.wrap(function() return slowEcho('in-co') end)()"), ["in-co"])
    }

    func testCustomPusherDecodesOnTheLuaThread() throws {
        let lua = try LuaState()
        lua.registerAsync("fetchJSON") { _ in
            return { .push({ state, L in
                try Array(#"{"items":[1,2,3]}"#.utf8).withUnsafeBufferPointer { try state.pushJSON($0, onto: L) }
                return 1
            }) }
        }
        XCTAssertEqual(try lua.run("return #fetchJSON().items"), [3])
    }
}
