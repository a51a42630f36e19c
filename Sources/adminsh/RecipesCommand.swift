import ArgumentParser
import Foundation
import LuaHost

/// `adminsh recipes`: the Lua modules `require` can find, with each one's one-line help.
struct RecipesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipes",
        abstract: "List the Lua modules (stdlib, --lib/ADMINSH_PATH folders, ./recipes) with their one-line help."
    )

    @OptionGroup var host: HostOptions

    func run() throws {
        let fm = FileManager.default
        var seen = Set<String>()
        for root in host.searchPath {
            guard let items = fm.enumerator(atPath: root)?.compactMap({ $0 as? String }) else { continue }
            let modules = items.filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_test.lua") && !$0.hasPrefix("tests/") }.sorted()
            guard !modules.isEmpty else { continue }
            print("\(root):")
            for path in modules {
                var name = String(path.dropLast(4)).replacingOccurrences(of: "/", with: ".")
                if name.hasSuffix(".init") { name = String(name.dropLast(5)) }
                guard seen.insert(name).inserted else { continue }
                print("  \(name.padding(toLength: max(24, name.count), withPad: " ", startingAt: 0))  \(summary(of: (root as NSString).appendingPathComponent(path)))")
            }
        }
    }

    /// The first `--` comment line of a module (its one-line help).
    private func summary(of path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        for line in text.split(separator: "\n").prefix(10) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("---") || t.hasPrefix("--") {
                return t.drop(while: { $0 == "-" }).trimmingCharacters(in: .whitespaces)
            }
        }
        return ""
    }
}
