/// The catalog operations a library may call: qualified names (`contio.getCredentialStatus`) and
/// per-namespace wildcards (`conto.agents.*`: every operation whose name starts `conto.agents.`);
/// and what it may do to the machine: `system.exec` (run commands and native code) and
/// `system.write` (change files), or `system.*` for both.
public struct Capabilities: Sendable, Equatable, CustomStringConvertible {
    /// The patterns as declared, sorted and without duplicates.
    public let patterns: [String]

    public init(_ patterns: [String]) throws {
        for p in patterns {
            guard Capabilities.isWellFormed(p) else {
                throw LibraryError("capability '\(p)' is not an operation name (like conto.agents.list), a namespace wildcard (like conto.agents.*) or a system capability (\(Capabilities.system.joined(separator: ", ")))")
            }
        }
        self.patterns = Array(Set(patterns)).sorted()
    }

    public static let none = Capabilities(unchecked: [])
    init(unchecked: [String]) { patterns = Array(Set(unchecked)).sorted() }

    /// What a library may do outside the APIs, each refused at run time unless declared:
    /// `system.exec`: os.execute, io.popen, os.exit, package.loadlib and native modules;
    /// `system.write`: io.open for writing, io.output(file), os.remove, os.rename and
    /// adminsh.files.writePrivate/mkdirs. `system.*` is both.
    public static let system = ["system.exec", "system.write"]

    /// Whether `p` is a system capability (or `system.*`), not an operation.
    public static func isSystem(_ p: String) -> Bool { p == "system.*" || system.contains(p) }

    /// The system capabilities this set allows.
    public var systemCapabilities: [String] { Capabilities.system.filter(allows) }

    /// `platform.name(.name)*` or the same followed by `.*`, the platform being contio or conto;
    /// or a system capability.
    static func isWellFormed(_ p: String) -> Bool {
        if isSystem(p) { return true }
        var parts = p.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, ["contio", "conto"].contains(parts[0]) else { return false }
        if parts.last == "*" { parts.removeLast() }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } } && parts.count >= 1
    }

    /// Whether `pattern` admits the operation (or, for a wildcard argument, the whole namespace).
    static func covers(_ pattern: String, _ other: String) -> Bool {
        if pattern == other { return true }
        guard pattern.hasSuffix(".*") else { return false }
        let prefix = pattern.dropLast(1)   // keeps the dot
        return other.hasPrefix(prefix)
    }

    public func allows(_ operation: String) -> Bool {
        patterns.contains { Capabilities.covers($0, operation) }
    }

    /// The patterns of `newer` that this set does not already cover: non-empty when an update widens.
    public func widening(to newer: Capabilities) -> [String] {
        newer.patterns.filter { p in !patterns.contains { Capabilities.covers($0, p) } }
    }

    public var description: String { patterns.isEmpty ? "(none)" : patterns.joined(separator: ", ") }
}
