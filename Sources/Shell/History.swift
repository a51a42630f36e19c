import Glibc

/// The persistent REPL history: `$XDG_STATE_HOME/adminsh/history`, mode 0600 in a 0700 folder
/// whatever the umask. Lines holding a secret (see `SecretFormat`) are never written.
public struct History {
    let path: String
    let limit = 2000

    /// A profile's own history beside the sandbox's: `history-<profile>` (characters other than
    /// letters, digits, `.`, `_` and `-` become `_`), so the sandbox's experiments never scroll
    /// into a production session's Up-arrow. The sandbox (nil) keeps `history`.
    public static func defaultPath(profile: String?) -> String {
        let base = defaultPath()
        guard let profile, !profile.isEmpty else { return base }
        let safe = String(profile.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
        return base + "-" + safe
    }

    public static func defaultPath() -> String {
        let base: String
        if let xdg = getenv("XDG_STATE_HOME"), xdg.pointee != 0 {
            base = String(cString: xdg)
        } else {
            base = (getenv("HOME").map { String(cString: $0) } ?? ".") + "/.local/state"
        }
        return base + "/adminsh/history"
    }

    /// Whether a line holds a secret: a value shaped like one of `SecretFormat.all`. The value
    /// decides, not the field name: `rotation.run{types={"api_key"}}` is saved, a pasted
    /// `cs_…` literal is not.
    static func looksSecret(_ line: String) -> Bool { SecretFormat.containsSecret(line) }

    /// Lines saved earlier (oldest first).
    func load() -> [String] {
        guard let f = fopen(path, "r") else { return [] }
        defer { fclose(f) }
        var lines: [String] = []
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var cap = 0
        while getline(&buffer, &cap, f) > 0 {
            var line = String(cString: buffer!)
            if line.hasSuffix("\n") { line.removeLast() }
            lines.append(line.replacingEscapes())
        }
        free(buffer)
        return Array(lines.suffix(limit))
    }

    /// Appends one entry (multi-line chunks are stored escaped on one line) unless it looks secret.
    /// Returns whether it was saved.
    @discardableResult
    func append(_ entry: String) -> Bool {
        guard !History.looksSecret(entry), !entry.trimmingSpaces.isEmpty else { return false }
        ensureDirectory()
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let text = entry.escapingNewlines + "\n"
        return text.withCString { write(fd, $0, strlen($0)) } > 0
    }

    /// Creates the missing folders (0700) and makes the history's own folder 0700 even when it
    /// existed before with a looser mode.
    private func ensureDirectory() {
        var dir = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/").dropLast() {
            dir += "/" + part
            mkdir(dir, 0o700)
        }
        chmod(dir, 0o700)
    }
}

extension String {
    var escapingNewlines: String {
        replacingAll("\\", with: "\\\\").replacingAll("\n", with: "\\n")
    }

    func replacingEscapes() -> String {
        var out = ""
        var escape = false
        for c in self {
            if escape { out.append(c == "n" ? "\n" : c); escape = false } else if c == "\\" { escape = true } else { out.append(c) }
        }
        return out
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
