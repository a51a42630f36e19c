import ArgumentParser
import Foundation
import LuaHost

/// `adminsh test [DIR]`: runs `*_test.lua` files, each against a fresh throwaway sandbox.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run Lua recipe tests (*_test.lua), each file against a fresh throwaway sandbox.",
        discussion: """
        In a test file: test(name, fn) registers a case; expect.eq(a, b [, msg]), expect.truthy(v [, msg]),
        expect.error(fn [, pattern]), expect.near(a, b, tolerance) check. Cases of one file run in order and
        share that file's sandbox. A file that registers no case fails (`no test cases in FILE`).
        With --filter, the earlier cases of a file run too (a case may need what they made) but only
        matching cases are reported. Prints `N passed, N failed`; exit status 1 when any failed.
        Tests always run against the sandbox, never a profile.
        """
    )

    @OptionGroup var host: HostOptions

    @Argument(help: "A folder (searched recursively) or test files; default: ./tests, else the current folder.")
    var paths: [String] = []

    @Option(name: .customLong("filter"), help: "Only report cases whose name contains this text (the earlier cases of their file run first, unreported).")
    var filter: String?

    func run() throws {
        let files = try testFiles()
        guard !files.isEmpty else { throw ValidationError("no *_test.lua files found in \(paths.isEmpty ? "./tests or ." : paths.joined(separator: ", "))") }
        var passed = 0, failed = 0
        for file in files {
            let (p, f) = runFile(file)
            passed += p
            failed += f
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    private func testFiles() throws -> [String] {
        let fm = FileManager.default
        var roots = paths
        if roots.isEmpty { roots = [fm.fileExists(atPath: "tests") ? "tests" : "."] }
        var found: [String] = []
        for root in roots {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDir) else { throw ValidationError("no such file or folder: \(root)") }
            if !isDir.boolValue { found.append(root); continue }
            let items = fm.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            found += items.filter { $0.hasSuffix("_test.lua") && !$0.contains(".build") }.map { (root as NSString).appendingPathComponent($0) }
        }
        return found.sorted()
    }

    /// Runs one file in its own session and sandbox; returns (passed, failed).
    private func runFile(_ file: String) -> (Int, Int) {
        let scratch = NSTemporaryDirectory() + "adminsh-test-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var options = host
        options.db = scratch + "/sandbox.sqlite"
        options.forceSandbox = true
        print("# \(file)")
        do {
            let session = try Session(options: options)
            defer { session.shutdown() }
            // The assertion API and the case loop: lua/adminsh/host/test.lua.
            let results = try session.state.run("return require('adminsh.host.test').run(...)", name: "=test",
                                                arguments: [.string(file), filter.map { .string($0) } ?? .nil])
            return (Int(results.first?.integerValue ?? 0), Int(results.dropFirst().first?.integerValue ?? 0))
        } catch {
            print("FAIL \(file): \(error)")
            if case LuaError.runtime(_, _, let traceback) = error { print(traceback) }
            return (0, 1)
        }
    }
}
