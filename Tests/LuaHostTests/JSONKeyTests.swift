import XCTest
@testable import LuaHost

/// Object keys as Lua holds them (found by `scripts/fuzz lua-json`): every value is written under
/// its own key, and what JSON cannot say is refused instead of written wrong.
final class JSONKeyTests: XCTestCase {
    func testAKeyWithANulByteKeepsItsValue() throws {
        let lua = try LuaState()
        XCTAssertEqual(try lua.run(#"return json.encode({["a\0b"] = 1, a = 2})"#), [.string(#"{"a":2,"a\u0000b":1}"#)])
    }

    func testTextThatIsNotUTF8IsRefusedNotWrittenAsNull() throws {
        let lua = try LuaState()
        let r = try lua.run(#"""
            local v = json.decode('{"\225":[1],"\168":[]}')
            local ok1, e1 = pcall(json.encode, v)
            local ok2, e2 = pcall(json.encode, {name = "caf\233"})
            return ok1, e1, ok2, e2
            """#)
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1].stringValue?.contains("has a key that is not valid UTF-8 text"), true, "\(r[1])")
        XCTAssertEqual(r[2], false)
        XCTAssertEqual(r[3].stringValue?.contains("value.name is not valid UTF-8 text"), true, "\(r[3])")
    }

    func testTheSameKeyAsNumberAndStringIsRefused() throws {
        let lua = try LuaState()
        let r = try lua.run(#"return pcall(json.encode, {[1] = "x", ["1"] = "y", z = 1})"#)
        XCTAssertEqual(r[0], false)
        XCTAssertEqual(r[1].stringValue?.contains("has the key '1' twice"), true, "\(r[1])")
    }

    func testNumberKeysAreWrittenAsTheirText() throws {
        let lua = try LuaState()
        XCTAssertEqual(try lua.run(#"return json.encode({[2.5] = true, [10] = "ten", b = {1, 2}})"#),
                       [.string(#"{"10":"ten","2.5":true,"b":[1,2]}"#)])
    }
}
