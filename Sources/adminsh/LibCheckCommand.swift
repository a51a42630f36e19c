import AdminSurface
import ArgumentParser
import Foundation
import Libraries

/// `adminsh lib check [DIR]`: the manifest, the module layout, that each module loads, its tests,
/// and operation names in the source outside the declared capabilities.
struct LibCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a library: its manifest, that every module is under its prefix and loads, its tests, and its capabilities.",
        discussion: """
        Operation names in the source (conto.agents.create, ...) outside the declared capabilities are flagged, and so \
        are commands (os.execute, io.popen: "system.exec") and file changes (io.open for writing, os.remove: \
        "system.write") the capabilities do not allow: a static hint; at run time every call is checked against the \
        capabilities anyway. Tests (*_test.lua) run with \
        `adminsh test --lib DIR`. Exit status 1 when anything fails.
        """
    )

    @Argument(help: "The library folder (default: the current folder).")
    var directory: String = "."

    func run() throws {
        var problems: [String] = []
        let manifest: LibraryManifest
        do { manifest = try LibraryManifest.read(inDirectory: directory) } catch { throw LibSupport.failure(error) }
        do { try manifest.checkCompatible(with: AdminshCommand.version) } catch { problems.append("\(error)") }
        print("\(manifest.name) \(manifest.version): \(manifest.description)")
        print("  capabilities: \(manifest.capabilities)")
        for p in manifest.capabilities.patterns + manifest.moduleCapabilities.values.flatMap(\.patterns)
        where !p.hasSuffix(".*") && !Capabilities.isSystem(p) && !p.hasSuffix(".useCredentials") && !p.contains(".__sandbox.")
            && Catalog.operation(p) == nil {
            problems.append("capability \(p) is not a catalog operation")
        }

        let files = (FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".lua") && !$0.hasPrefix(".git/") }.sorted()
        var modules: [String] = []
        for file in files {
            if file.hasSuffix("_test.lua") || file.hasPrefix("tests/") { continue }
            guard file == "\(manifest.name).lua" || file.hasPrefix("\(manifest.name)/") else {
                problems.append("\(file) is not under the prefix \(manifest.name)/: a library defines only \(manifest.name) and \(manifest.name).* modules")
                continue
            }
            var module = String(file.dropLast(4)).replacingOccurrences(of: "/", with: ".")
            if module.hasSuffix(".init") { module = String(module.dropLast(5)) }
            modules.append(module)
            problems += capabilityHints(file: file, module: module, manifest: manifest)
        }
        print("  modules: \(modules.isEmpty ? "(none)" : modules.joined(separator: ", "))")

        // Each module loads, in a session that has this folder on --lib (so capabilities apply).
        if !modules.isEmpty {
            let names = modules.map { "'\($0)'" }.joined(separator: ", ")
            let chunk = "for _, m in ipairs{\(names)} do local ok, e = pcall(require, m); if not ok then io.stderr:write('cannot load ', m, ': ', tostring(e), '\\n'); os.exit(1) end end"
            if runSelf(["--lib", directory, "-e", chunk]) != 0 { problems.append("a module does not load (above)") }
        }
        let tests = files.filter { $0.hasSuffix("_test.lua") }
        if tests.isEmpty {
            print("  tests: none (add tests/*_test.lua)")
        } else if runSelf(["test", "--lib", directory] + tests.map { (directory as NSString).appendingPathComponent($0) }) != 0 {
            problems.append("tests failed (above)")
        }
        if problems.isEmpty { print("ok"); return }
        for p in problems { print("problem: \(p)") }
        throw ExitCode(1)
    }

    /// Operation names written in `file` that its capabilities do not allow.
    func capabilityHints(file: String, module: String, manifest: LibraryManifest) -> [String] {
        guard let text = try? String(contentsOfFile: (directory as NSString).appendingPathComponent(file), encoding: .utf8) else { return [] }
        let allowed = manifest.moduleCapabilities[module] ?? manifest.capabilities
        var flagged: [String] = []
        let regex = try? NSRegularExpression(pattern: "\\b(contio|conto)((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)")
        let range = NSRange(text.startIndex..., in: text)
        for match in regex?.matches(in: text, range: range) ?? [] {
            guard let r = Range(match.range, in: text) else { continue }
            let name = String(text[r])
            let checked = Catalog.operation(name) != nil || name == "contio.useCredentials" || name == "conto.useCredentials"
            if checked, !allowed.allows(name), !flagged.contains(name) { flagged.append(name) }
        }
        return flagged.map { "\(file) names \($0), which \(module)'s capabilities do not allow (a call to it is refused: CAPABILITY_DENIED)" }
            + systemHints(text, file: file, module: module, allowed: allowed)
    }

    /// What the source does to the machine without the system capability for it; and the host's
    /// internals, which no capability opens.
    func systemHints(_ text: String, file: String, module: String, allowed: Capabilities) -> [String] {
        let uses: [(pattern: String, what: String, capability: String?)] = [
            ("\\bos\\.execute\\b", "os.execute", "system.exec"), ("\\bio\\.popen\\b", "io.popen", "system.exec"),
            ("\\bos\\.exit\\b", "os.exit", "system.exec"), ("\\bpackage\\.loadlib\\b", "package.loadlib", "system.exec"),
            ("\\bos\\.remove\\b", "os.remove", "system.write"), ("\\bos\\.rename\\b", "os.rename", "system.write"),
            ("\\bio\\.open\\s*\\([^)]*,\\s*[\"'][^\"']*[wa+]", "io.open for writing", "system.write"),
            ("\\bio\\.output\\s*\\(\\s*[^)\\s]", "io.output(file)", "system.write"),
            ("\\b(writePrivate|mkdirs)\\b", "adminsh.files.writePrivate/mkdirs", "system.write"),
            ("\\b__adminsh\\b", "__adminsh (the host's internals)", nil),
            ("\\bdebug\\.setlocal\\b", "debug.setlocal", nil),
        ]
        let range = NSRange(text.startIndex..., in: text)
        var hints: [String] = []
        for use in uses {
            guard let regex = try? NSRegularExpression(pattern: use.pattern), regex.firstMatch(in: text, range: range) != nil else { continue }
            if let capability = use.capability {
                if !allowed.allows(capability) {
                    hints.append("\(file) uses \(use.what), which needs \"\(capability)\" in \(module)'s capabilities (refused at run time: CAPABILITY_DENIED)")
                }
            } else {
                hints.append("\(file) uses \(use.what), which library code may not use (refused at run time: CAPABILITY_DENIED)")
            }
        }
        return hints
    }

    /// Runs this adminsh with `arguments`; its exit status.
    func runSelf(_ arguments: [String]) -> Int32 {
        fflush(stdout)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        process.arguments = arguments
        do { try process.run() } catch { return 127 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
