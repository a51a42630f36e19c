/// One entry of `[libs]` in `adminsh.toml`: where a library comes from and which versions are
/// acceptable.
public struct LibrarySpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A git repository: the newest tag matching `version`, or the commit `rev`.
        case git(url: String, version: VersionRequirement?, rev: String?)
        /// A folder, for developing a library next to the project (relative to the project).
        case path(String)
    }

    public let name: String
    public let source: Source

    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    /// The entry as one line of `[libs]`.
    public var tomlLine: String {
        switch source {
        case .path(let p):
            return "\(TOMLDocument.key(name)) = { path = \(TOMLDocument.quote(p)) }"
        case .git(let url, let version, let rev):
            var fields = ["git = \(TOMLDocument.quote(url))"]
            if let version { fields.append("version = \(TOMLDocument.quote(version.text))") }
            if let rev { fields.append("rev = \(TOMLDocument.quote(rev))") }
            return "\(TOMLDocument.key(name)) = { \(fields.joined(separator: ", ")) }"
        }
    }

    /// The source in one word for listings: the URL or the folder.
    public var sourceText: String {
        switch source {
        case .path(let p): return p
        case .git(let url, _, _): return url
        }
    }
}
