import XCTest
@testable import LuaHost

/// `adminsh.host.errors`: one line per error, the same at the prompt and from `tostring`.
final class ErrorFormatterTests: XCTestCase {
    func describe(_ literal: String) throws -> String? {
        let lua = try LuaState()
        return try lua.run("return require('adminsh.host.errors').describe(\(literal))").first?.stringValue
    }

    func testAPIErrorTablesGiveCodeOriginMessageAndRequestID() throws {
        XCTAssertEqual(try describe("{code = 'NOT_FOUND', status = 404, message = 'agent not found', request_id = 'req_1'}"),
                       "NOT_FOUND (HTTP 404): agent not found [req_1]")
        XCTAssertEqual(try describe("{code = 'TIMEOUT', message = 'no answer in 30 s'}"), "TIMEOUT (client): no answer in 30 s")
        XCTAssertEqual(try describe("{message = 'no code'}"), "error (client): no code")
    }

    func testOtherValuesKeepTheirOwnText() throws {
        XCTAssertEqual(try describe("'stdin:1: boom'"), "stdin:1: boom")
        XCTAssertEqual(try describe("42"), "42")
        XCTAssertEqual(try describe("setmetatable({}, {__tostring = function() return 'custom' end})"), "custom")
    }

    func testTheErrorMetatablePrintsTheSameLine() throws {
        let lua = try LuaState()
        let r = try lua.run("""
            local errors = require "adminsh.host.errors"
            local e = setmetatable({code = 'RATE_LIMITED', status = 429, message = 'slow down'}, errors.metatable)
            local empty = setmetatable({}, errors.metatable)
            return tostring(e), errors.describe(e), tostring(empty)
            """)
        XCTAssertEqual(r, ["RATE_LIMITED (HTTP 429): slow down", "RATE_LIMITED (HTTP 429): slow down", "error (client): "])
    }
}
