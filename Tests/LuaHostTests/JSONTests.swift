import XCTest
@testable import LuaHost

final class JSONTests: XCTestCase {
    func testDecodeEncodeRoundTrip() throws {
        let lua = try LuaState()
        let text = #"{"a":[1,2.5,-3,1e3,"x\n\"y\u00e9\ud83d\ude00"],"b":{"c":true,"d":false,"e":null},"f":[],"g":{}}"#
        let out = try lua.run("return json.encode(json.decode(...))", arguments: [.string(text)])
        XCTAssertEqual(out, [.string(#"{"a":[1,2.5,-3,1000.0,"x\n\"yé😀"],"b":{"c":true,"d":false,"e":null},"f":[],"g":{}}"#)])
    }

    func testIntegersAndFloatsStayApart() throws {
        let lua = try LuaState()
        XCTAssertEqual(try lua.run("local v = json.decode('[1, 1.0, 9007199254740993]'); return math.type(v[1]), math.type(v[2]), v[3]"),
                       ["integer", "float", .integer(9_007_199_254_740_993)])
    }

    func testBadJSONIsACatchableError() throws {
        let lua = try LuaState()
        let r = try lua.run("local ok, err = pcall(json.decode, '{\"a\": }'); return ok, err")
        XCTAssertEqual(r[0], false)
        XCTAssertTrue(r[1].stringValue?.contains("invalid JSON at byte") == true, "\(r[1])")
    }

    func testEncodingRefusesFunctions() throws {
        let lua = try LuaState()
        XCTAssertThrowsError(try lua.run("return json.encode({f = print})")) { error in
            XCTAssertTrue(String(describing: error).contains("value.f is a function"), "\(error)")
        }
    }

    func testSwiftSideHelpers() throws {
        let lua = try LuaState()
        let v = try lua.decodeJSON(#"{"items":[{"id":1}],"total":1}"#)
        XCTAssertEqual(v["items"][1]["id"], 1)
        XCTAssertEqual(try lua.encodeJSON(v), #"{"items":[{"id":1}],"total":1}"#)
    }
}
