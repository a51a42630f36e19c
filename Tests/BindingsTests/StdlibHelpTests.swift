import Foundation
import LuaHost
import XCTest

/// Every function the stdlib exports answers help(f), every module help(m); help() names the
/// namespaces, the modules and the topics, and every topic it names answers.
final class StdlibHelpTests: BindingsTestCase {
    override func setUp() async throws {
        try await super.setUp()
        lua.setLibraryPaths([try XCTUnwrap(LibraryPaths.stdlibDirectory(), "the stdlib folder is found")])
    }

    /// `adminsh.rotation`, `adminsh.provision.compare`, ...: every module file of the shipped stdlib.
    private func stdlibModules() throws -> [String] {
        let root = try XCTUnwrap(LibraryPaths.stdlibDirectory(), "the stdlib folder is found")
        let files = FileManager.default.enumerator(atPath: root + "/adminsh")?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_test.lua") }.map {
            "adminsh." + String($0.dropLast(4)).replacingOccurrences(of: "/", with: ".")
        }.sorted()
    }

    func testEveryExportedStdlibFunctionHasHelp() async throws {
        let modules = try stdlibModules()
        XCTAssertGreaterThanOrEqual(modules.count, 9, "\(modules)")
        let list = modules.map { "\"\($0)\"" }.joined(separator: ", ")
        let r = try await run("""
            local missing = {}
            for _, name in ipairs { \(list) } do
              local m = require(name)
              if not help.has(m) then missing[#missing + 1] = name end
              for k, v in pairs(type(m) == "table" and m or {}) do
                if type(k) == "string" and type(v) == "function" and not help.has(v) then missing[#missing + 1] = name .. "." .. k end
              end
            end
            table.sort(missing)
            return table.concat(missing, ", ")
            """)
        XCTAssertEqual(r.first?.stringValue, "", "without help")
    }

    func testTheWalkNoticesAFunctionWithoutHelp() async throws {
        let r = try await run("local m = require 'adminsh.util'; m.undocumented = function() end; local has = help.has(m.undocumented); m.undocumented = nil; return has")
        XCTAssertEqual(r, [false])
    }

    func testHelpListsNamespacesModulesAndTopicsAndEveryTopicAnswers() async throws {
        let r = try await run("return help.get()")
        let overview = try XCTUnwrap(r.first?.stringValue)
        for word in ["contio ", "conto ", "sandbox ", "rotation ", "provision ", "util ", "Topics: "] {
            XCTAssertTrue(overview.contains(word), "help() names \(word): \(overview)")
        }
        let topics = try await run(#"return help.get("topics")"#).first?.stringValue ?? ""
        for topic in ["secrets", "rotation", "profiles", "recipes", "journal", "tables"] {
            XCTAssertTrue(topics.contains("\n  \(topic) "), "help \"topics\" lists \(topic): \(topics)")
            let text = try await run("return help.get('\(topic)')").first?.stringValue ?? ""
            XCTAssertFalse(text.hasPrefix("(no help"), "help \"\(topic)\": \(text)")
        }
        let unknown = try await run(#"return help.get("nope")"#).first?.stringValue ?? ""
        XCTAssertTrue(unknown.hasPrefix("(no help topic \"nope\"; topics: "), unknown)
    }

    func testUtilParseTimeHasItsOwnHelp() async throws {
        let r = try await run("return help.get(require('adminsh.util').parseTime)")
        XCTAssertTrue(r.first?.stringValue?.hasPrefix("util.parseTime(text)") ?? false, "\(r)")
    }
}
