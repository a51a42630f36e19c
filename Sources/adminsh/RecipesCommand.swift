import ArgumentParser
import Foundation
import Libraries
import LuaHost

/// `adminsh recipes`: the Lua modules `require` can find, where each comes from, with its one-line help.
struct RecipesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipes",
        abstract: "List the Lua modules require can find, by where they come from, with their one-line help.",
        discussion: """
        Searched in \(ModuleSearchOrder.summary). Only modules are listed (a file that returns a value; a plain \
        script is not one). Files that require refuses are reported: adminsh.* outside the stdlib, and modules \
        outside a library's prefix.
        """
    )

    @OptionGroup var host: HostOptions

    func run() throws {
        var seen = Set<String>()
        for root in LibSession.current(libraryFolders: host.libraryFolders).roots {
            print(heading(root))
            if let problem = root.problem {
                print("  unavailable: \(problem)")
                continue
            }
            for file in moduleFiles(in: root.directory) {
                let name = moduleName(file)
                let path = (root.directory as NSString).appendingPathComponent(file)
                let prefix = String(name.prefix { $0 != "." })
                if root.kind != .stdlib, prefix == "adminsh" {
                    print("  refused: \(name) (\(path)): adminsh.* is reserved for the stdlib")
                    continue
                }
                if let library = root.library, prefix != library {
                    print("  refused: \(name) (\(path)): library \(library) may only define \(library).* modules")
                    continue
                }
                guard root.library != nil || root.kind == .stdlib || isModule(path) else { continue }
                let shadowed = !seen.insert(name).inserted
                print("  \(name.padding(toLength: max(24, name.count), withPad: " ", startingAt: 0))  \(summary(of: path))\(shadowed ? "  (found earlier: not used)" : "")")
            }
        }
    }

    func heading(_ root: ModuleRoot) -> String {
        switch root.kind {
        case .stdlib: return "\(root.directory) (stdlib):"
        case .recipes: return "\(root.directory) (./recipes):"
        case .project, .lib:
            if let library = root.library {
                let caps = root.capabilities.map { "capabilities: \($0)" } ?? ""
                return "\(root.directory) (\(root.origin): library \(library) \(root.version ?? "")\(caps.isEmpty ? "" : "; " + caps)):"
            }
            return "\(root.directory) (\(root.origin)):"
        }
    }

    func moduleFiles(in directory: String) -> [String] {
        let items = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return items.filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_test.lua") && !$0.hasPrefix("tests/") && !$0.hasPrefix(".git/") }.sorted()
    }

    func moduleName(_ file: String) -> String {
        var name = String(file.dropLast(4)).replacingOccurrences(of: "/", with: ".")
        if name.hasSuffix(".init") { name = String(name.dropLast(5)) }
        return name
    }

    /// A module returns its value: a `return` at the start of a line (a plain script has none).
    func isModule(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.split(separator: "\n").contains { $0.hasPrefix("return") }
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
