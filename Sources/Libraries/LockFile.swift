import Foundation
import TOMLKit

/// `adminsh.lock`: per library exactly what was installed (tag, commit, a sha256 over its tree)
/// and the capabilities that were accepted. Written by `adminsh lib install/add/update`; a team
/// commits it, so every checkout of the project runs the same code.
public struct LockFile: Sendable, Equatable {
    public static let fileName = "adminsh.lock"
    static let formatVersion = 1

    public struct Entry: Sendable, Equatable {
        public var name: String
        /// The repository URL, or nil for a `path` library.
        public var git: String?
        /// The folder of a `path` library, as adminsh.toml gives it.
        public var path: String?
        /// What adminsh.toml asked for when this was resolved (`^1.0`, or the rev).
        public var requirement: String?
        public var tag: String?
        public var version: String
        public var commit: String?
        /// `sha256:<hex>` of the library's tree (`TreeHash`); nil for a path library.
        public var tree: String?
        /// The capabilities accepted for this library (its manifest's, at this commit).
        public var capabilities: [String]
        /// Per-module narrowing from the manifest (module name -> capabilities).
        public var moduleCapabilities: [String: [String]]

        public init(name: String, git: String?, path: String?, requirement: String?, tag: String?, version: String,
                    commit: String?, tree: String?, capabilities: [String], moduleCapabilities: [String: [String]]) {
            self.name = name
            self.git = git
            self.path = path
            self.requirement = requirement
            self.tag = tag
            self.version = version
            self.commit = commit
            self.tree = tree
            self.capabilities = capabilities
            self.moduleCapabilities = moduleCapabilities
        }

        /// Whether this entry was resolved from `spec` as adminsh.toml says it now.
        public func matches(_ spec: LibrarySpec) -> Bool {
            switch spec.source {
            case .path(let p): return path == p && git == nil
            case .git(let url, let version, let rev):
                guard git == url, path == nil else { return false }
                if let rev { return requirement == "rev " + rev }
                guard let version, requirement == version.text else { return false }
                guard let tag, let v = SemanticVersion(tag, allowPrefix: true) else { return false }
                return version.matches(v)
            }
        }

        public var shortCommit: String { commit.map { String($0.prefix(8)) } ?? "-" }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries.sorted { $0.name < $1.name } }

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    public static func read(_ path: String) throws -> LockFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let table = try TOMLDocument.read(path)
        if let v = table["version"]?.int, v != formatVersion {
            throw LibraryError("\(path): lock format \(v) is not one this adminsh reads (\(formatVersion))")
        }
        var entries: [Entry] = []
        for item in table["lib"]?.array ?? TOMLArray() {
            guard let t = item.table else { throw LibraryError("\(path): each [[lib]] must be a table") }
            let s = { (k: String) in try TOMLDocument.string(t[k], field: "lib.\(k)", in: path) }
            guard let name = try s("name"), let version = try s("version") else {
                throw LibraryError("\(path): a [[lib]] without name or version; run adminsh lib install to write it again")
            }
            var modules: [String: [String]] = [:]
            if let m = t["modules"]?.table {
                for module in m.keys { modules[module] = try TOMLDocument.strings(m[module], field: "lib.modules", in: path) ?? [] }
            }
            entries.append(Entry(name: name, git: try s("git"), path: try s("path"), requirement: try s("requirement"),
                                 tag: try s("tag"), version: version, commit: try s("commit"), tree: try s("tree"),
                                 capabilities: try TOMLDocument.strings(t["capabilities"], field: "lib.capabilities", in: path) ?? [],
                                 moduleCapabilities: modules))
        }
        return LockFile(entries: entries)
    }

    public var text: String {
        var out = "# adminsh.lock: written by `adminsh lib install`, `add` and `update`; commit it with adminsh.toml.\n"
        out += "version = \(LockFile.formatVersion)\n"
        for e in entries {
            out += "\n[[lib]]\n"
            out += "name = \(TOMLDocument.quote(e.name))\n"
            if let git = e.git { out += "git = \(TOMLDocument.quote(git))\n" }
            if let path = e.path { out += "path = \(TOMLDocument.quote(path))\n" }
            if let r = e.requirement { out += "requirement = \(TOMLDocument.quote(r))\n" }
            if let tag = e.tag { out += "tag = \(TOMLDocument.quote(tag))\n" }
            out += "version = \(TOMLDocument.quote(e.version))\n"
            if let c = e.commit { out += "commit = \(TOMLDocument.quote(c))\n" }
            if let tree = e.tree { out += "tree = \(TOMLDocument.quote(tree))\n" }
            out += "capabilities = \(TOMLDocument.quoteList(e.capabilities))\n"
            if !e.moduleCapabilities.isEmpty {
                out += "modules = { " + e.moduleCapabilities.keys.sorted().map {
                    "\(TOMLDocument.quote($0)) = \(TOMLDocument.quoteList(e.moduleCapabilities[$0] ?? []))"
                }.joined(separator: ", ") + " }\n"
            }
        }
        return out
    }

    public func write(to path: String) throws { try TOMLDocument.write(text, to: path) }
}
