import Foundation
import TOMLKit

/// `adminsh.toml`: the folder where a team keeps its admin scripts, and the libraries it uses.
/// Found from the current directory upward, as git and cargo find theirs.
public struct ProjectFile: Sendable {
    public static let fileName = "adminsh.toml"

    /// The project's folder (holds adminsh.toml and adminsh.lock).
    public let directory: String
    public let libraries: [LibrarySpec]

    public var path: String { (directory as NSString).appendingPathComponent(ProjectFile.fileName) }
    public var lockPath: String { (directory as NSString).appendingPathComponent(LockFile.fileName) }

    public func library(_ name: String) -> LibrarySpec? { libraries.first { $0.name == name } }

    /// The nearest `adminsh.toml` at or above `directory`, or nil when there is none.
    public static func find(from directory: String) throws -> ProjectFile? {
        var dir = (directory as NSString).standardizingPath
        while true {
            let candidate = (dir as NSString).appendingPathComponent(fileName)
            if FileManager.default.fileExists(atPath: candidate) { return try read(directory: dir) }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { return nil }
            dir = parent
        }
    }

    public static func read(directory: String) throws -> ProjectFile {
        let path = (directory as NSString).appendingPathComponent(fileName)
        let table = try TOMLDocument.read(path)
        for key in table.keys where key != "libs" {
            throw LibraryError("\(path): unknown setting '\(key)' (expected a [libs] table)")
        }
        var specs: [LibrarySpec] = []
        if let libs = table["libs"] {
            guard let libsTable = libs.table else { throw LibraryError("\(path): libs must be a table: [libs]") }
            for name in libsTable.keys.sorted() {
                guard let entry = libsTable[name]?.table else {
                    throw LibraryError("\(path): libs.\(name) must be a table, like \(name) = { git = \"URL\", version = \"^1.0\" }")
                }
                specs.append(try spec(name: name, entry: entry, path: path))
            }
        }
        return ProjectFile(directory: directory, libraries: specs)
    }

    static func spec(name: String, entry: TOMLTable, path: String) throws -> LibrarySpec {
        guard LibraryManifest.isValidName(name) else { throw LibraryError("\(path): libs.\(name): a library name is a Lua identifier") }
        for key in entry.keys where !["git", "version", "rev", "path"].contains(key) {
            throw LibraryError("\(path): libs.\(name): unknown field '\(key)' (expected git, version, rev or path)")
        }
        let field = { (k: String) in try TOMLDocument.string(entry[k], field: "libs.\(name).\(k)", in: path) }
        if let folder = try field("path") {
            guard entry["git"] == nil, entry["rev"] == nil, entry["version"] == nil else {
                throw LibraryError("\(path): libs.\(name): path cannot be combined with git, version or rev")
            }
            return LibrarySpec(name: name, source: .path(folder))
        }
        guard let url = try field("git") else { throw LibraryError("\(path): libs.\(name): needs git = \"URL\" or path = \"DIR\"") }
        let rev = try field("rev")
        var requirement: VersionRequirement?
        if let v = try field("version") {
            do { requirement = try VersionRequirement(v) } catch { throw LibraryError("\(path): libs.\(name).version: \(error)") }
        }
        if rev != nil, requirement != nil { throw LibraryError("\(path): libs.\(name): give version or rev, not both") }
        if let rev, !GitRepository.isRevision(rev) { throw LibraryError("\(path): libs.\(name).rev: '\(rev)' is not a commit id (hex digits)") }
        return LibrarySpec(name: name, source: .git(url: url, version: requirement ?? (rev == nil ? (try? VersionRequirement("*")) : nil), rev: rev))
    }

    // MARK: editing, line by line so comments and layout survive

    /// Writes `spec` into `[libs]` of the adminsh.toml in `directory` (created when missing),
    /// replacing the library's line if it has one.
    public static func set(_ spec: LibrarySpec, inDirectory directory: String) throws {
        let path = (directory as NSString).appendingPathComponent(fileName)
        var lines = (try? String(contentsOfFile: path, encoding: .utf8))?.components(separatedBy: "\n") ?? []
        if lines.last == "" { lines.removeLast() }
        if let i = entryLine(spec.name, in: lines) {
            lines[i] = spec.tomlLine
        } else if let section = sectionRange(in: lines) {
            var end = section.upperBound
            while end > section.lowerBound + 1, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
            lines.insert(spec.tomlLine, at: end)
        } else {
            if let last = lines.last, !last.isEmpty { lines.append("") }
            lines += ["[libs]", spec.tomlLine]
        }
        let text = lines.joined(separator: "\n") + "\n"
        // The result must still read back.
        _ = try TOMLDocument.parse(Array(text.utf8), path: path)
        try TOMLDocument.write(text, to: path)
    }

    /// Removes the library's line from `[libs]`; false when it had none.
    public static func remove(_ name: String, inDirectory directory: String) throws -> Bool {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard var lines = (try? String(contentsOfFile: path, encoding: .utf8))?.components(separatedBy: "\n") else { return false }
        guard let i = entryLine(name, in: lines) else { return false }
        lines.remove(at: i)
        try TOMLDocument.write(lines.joined(separator: "\n"), to: path)
        return true
    }

    /// The lines of the `[libs]` section: its header through the line before the next header.
    static func sectionRange(in lines: [String]) -> Range<Int>? {
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[libs]" }) else { return nil }
        var end = start + 1
        while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("[") { end += 1 }
        return start..<end
    }

    static func entryLine(_ name: String, in lines: [String]) -> Int? {
        guard let section = sectionRange(in: lines) else { return nil }
        for i in section.dropFirst() {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            for k in [name, "\"\(name)\""] where t.hasPrefix(k) {
                let rest = t.dropFirst(k.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.first == "=" { return i }
            }
        }
        return nil
    }
}
