import Foundation

/// Which versions a project accepts: `^1.2` (>=1.2.0, <2.0.0), `~1.2` (>=1.2.0, <1.3.0), an exact
/// `1.2.3` or `=1.2.3`, comparisons (`>=1.0, <2.0`), or `*`. Pre-releases match only a
/// requirement that names one.
public struct VersionRequirement: Sendable, Equatable, CustomStringConvertible {
    enum Op: String, Sendable { case eq = "=", gt = ">", ge = ">=", lt = "<", le = "<=" }
    struct Comparator: Sendable, Equatable {
        let op: Op
        let version: SemanticVersion
        func matches(_ v: SemanticVersion) -> Bool {
            switch op {
            case .eq: return v == version
            case .gt: return v > version
            case .ge: return v >= version
            case .lt: return v < version
            case .le: return v <= version
            }
        }
    }

    public let text: String
    let comparators: [Comparator]

    public var description: String { text }

    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        self.text = trimmed
        if trimmed == "*" || trimmed.isEmpty { comparators = []; return }
        var all: [Comparator] = []
        for part in trimmed.split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard let parsed = VersionRequirement.parse(p) else {
                throw LibraryError("'\(text)' is not a version requirement (like ^1.2, ~1.2, 1.2.3, >=1.0, <2.0 or *)")
            }
            all += parsed
        }
        comparators = all
    }

    /// The requirement a freshly added library gets: `^MAJOR.MINOR` of the version found.
    public static func caret(of v: SemanticVersion) -> VersionRequirement {
        // Safe: the text is built from a valid version.
        (try? VersionRequirement(v.major == 0 ? "^0.\(v.minor)" : "^\(v.major).\(v.minor)")) ?? VersionRequirement(uncheckedText: "*")
    }

    private init(uncheckedText: String) { text = uncheckedText; comparators = [] }

    public func matches(_ v: SemanticVersion) -> Bool {
        if v.isPrerelease {
            // Only a requirement that names a pre-release of the same x.y.z admits one.
            let named = comparators.contains { $0.version.isPrerelease && $0.version.major == v.major && $0.version.minor == v.minor && $0.version.patch == v.patch }
            if !named { return false }
        }
        return comparators.allSatisfy { $0.matches(v) }
    }

    /// One comparator text: an operator (or none), then a full or partial version.
    static func parse(_ p: String) -> [Comparator]? {
        var rest = Substring(p)
        var op = ""
        for candidate in [">=", "<=", "^", "~", "=", ">", "<"] where rest.hasPrefix(candidate) {
            op = candidate
            rest = rest.dropFirst(candidate.count)
            break
        }
        rest = rest.drop(while: { $0 == " " })
        if rest.first == "v" { rest = rest.dropFirst() }
        // Partial versions: 1 or 1.2.
        let core = rest.split(separator: "-", maxSplits: 1).first ?? ""
        let pieces = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(pieces.count), pieces.allSatisfy({ SemanticVersion.number($0) != nil }) else { return nil }
        let nums = pieces.compactMap { SemanticVersion.number($0) }
        let full: SemanticVersion
        if pieces.count == 3 {
            guard let v = SemanticVersion(String(rest)) else { return nil }
            full = v
        } else {
            guard !rest.contains("-") else { return nil }
            full = SemanticVersion(major: nums[0], minor: nums.count > 1 ? nums[1] : 0, patch: 0)
        }
        let major = full.major, minor = full.minor, patch = full.patch
        func v(_ a: Int, _ b: Int, _ c: Int) -> SemanticVersion { SemanticVersion(major: a, minor: b, patch: c, prerelease: ["0"]) }
        switch op {
        case "^":
            let upper: SemanticVersion
            if major > 0 || pieces.count == 1 { upper = v(major + 1, 0, 0) }
            else if minor > 0 || pieces.count == 2 { upper = v(0, minor + 1, 0) }
            else { upper = v(0, 0, patch + 1) }
            return [Comparator(op: .ge, version: full), Comparator(op: .lt, version: upper)]
        case "~":
            let upper = pieces.count == 1 ? v(major + 1, 0, 0) : v(major, minor + 1, 0)
            return [Comparator(op: .ge, version: full), Comparator(op: .lt, version: upper)]
        case "", "=":
            if pieces.count == 3 { return [Comparator(op: .eq, version: full)] }
            let upper = pieces.count == 1 ? v(major + 1, 0, 0) : v(major, minor + 1, 0)
            return [Comparator(op: .ge, version: full), Comparator(op: .lt, version: upper)]
        case ">=": return [Comparator(op: .ge, version: full)]
        case ">": return [Comparator(op: .gt, version: full)]
        case "<": return [Comparator(op: .lt, version: full)]
        case "<=": return [Comparator(op: .le, version: full)]
        default: return nil
        }
    }
}
