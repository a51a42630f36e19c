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
        share that file's sandbox. Prints `N passed, N failed`; exit status 1 when any failed.
        Tests always run against the sandbox, never a profile.
        """
    )

    @OptionGroup var host: HostOptions

    @Argument(help: "A folder (searched recursively) or test files; default: ./tests, else the current folder.")
    var paths: [String] = []

    @Option(name: .customLong("filter"), help: "Only run cases whose name contains this text.")
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
            let results = try session.state.run(TestHarness.source, name: "=test", arguments: [.string(file), filter.map { .string($0) } ?? .nil])
            return (Int(results.first?.integerValue ?? 0), Int(results.dropFirst().first?.integerValue ?? 0))
        } catch {
            print("FAIL \(file): \(error)")
            if case LuaError.runtime(_, _, let traceback) = error { print(traceback) }
            return (0, 1)
        }
    }
}

/// The Lua side of `adminsh test`: the assertion API and the case loop.
enum TestHarness {
    static let source = #"""
    local file, filter = ...
    local cases = {}
    function test(name, fn)
      if type(name) ~= "string" or type(fn) ~= "function" then error("test(name, fn): a name and a function", 2) end
      cases[#cases + 1] = { name = name, fn = fn }
    end
    local function show(v) return type(v) == "string" and string.format("%q", v) or pp.render(v) end
    local function deepEqual(a, b)
      if a == b then return true end
      if type(a) ~= "table" or type(b) ~= "table" then return false end
      for k, v in pairs(a) do if not deepEqual(v, b[k]) then return false end end
      for k in pairs(b) do if a[k] == nil then return false end end
      return true
    end
    expect = {}
    function expect.eq(a, b, msg)
      if not deepEqual(a, b) then error((msg and msg .. ": " or "") .. "expected " .. show(b) .. ", got " .. show(a), 2) end
    end
    function expect.truthy(v, msg)
      if not v then error((msg or "expected a true value") .. " (got " .. show(v) .. ")", 2) end
    end
    function expect.near(a, b, tol, msg)
      tol = tol or 1e-9
      if type(a) ~= "number" or math.abs(a - b) > tol then error((msg and msg .. ": " or "") .. "expected " .. tostring(b) .. " ± " .. tol .. ", got " .. show(a), 2) end
    end
    function expect.error(fn, pattern, msg)
      local ok, err = pcall(fn)
      if ok then error((msg and msg .. ": " or "") .. "expected an error", 2) end
      if pattern then
        local text = type(err) == "table" and (tostring(err.code) .. " " .. tostring(err.message) .. " " .. tostring(err)) or tostring(err)
        if not text:find(pattern) then error("error " .. show(text) .. " does not match " .. show(pattern), 2) end
      end
      return err
    end
    local chunk, loadError = loadfile(file)
    if not chunk then print("FAIL " .. file .. ": " .. loadError); return 0, 1 end
    chunk()
    local passed, failed = 0, 0
    for _, case in ipairs(cases) do
      if not filter or case.name:find(filter, 1, true) then
        local started = os.clock()
        local ok, err = xpcall(case.fn, function(e)
          local text = type(e) == "table" and tostring(e) or tostring(e)
          return debug.traceback(text, 2)
        end)
        if ok then
          passed = passed + 1
          print(string.format("ok   %s", case.name))
        else
          failed = failed + 1
          print(string.format("FAIL %s\n     %s", case.name, (tostring(err):gsub("\n", "\n     "))))
        end
      end
    end
    return passed, failed
    """#
}
