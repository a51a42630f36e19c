/// The catalog operations a library may call: qualified names (`contio.getCredentialStatus`) and
/// per-namespace wildcards (`conto.agents.*`: every operation whose name starts `conto.agents.`).
public struct Capabilities: Sendable, Equatable, CustomStringConvertible {
    /// The patterns as declared, sorted and without duplicates.
    public let patterns: [String]

    public init(_ patterns: [String]) throws {
        for p in patterns {
            guard Capabilities.isWellFormed(p) else {
                throw LibraryError("capability '\(p)' is not an operation name (like conto.agents.list) or a namespace wildcard (like conto.agents.*)")
            }
        }
        self.patterns = Array(Set(patterns)).sorted()
    }

    public static let none = Capabilities(unchecked: [])
    init(unchecked: [String]) { patterns = Array(Set(unchecked)).sorted() }

    /// `platform.name(.name)*` or the same followed by `.*`, the platform being contio or conto.
    static func isWellFormed(_ p: String) -> Bool {
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
