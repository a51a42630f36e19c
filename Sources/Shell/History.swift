import Glibc

/// The persistent REPL history: `$XDG_STATE_HOME/adminsh/history` (mode 0600). Lines that look
/// like they carry secrets are never written.
struct History {
    let path: String
    let limit = 2000

    static func defaultPath() -> String {
        let base: String
        if let xdg = getenv("XDG_STATE_HOME"), xdg.pointee != 0 {
            base = String(cString: xdg)
        } else {
            base = (getenv("HOME").map { String(cString: $0) } ?? ".") + "/.local/state"
        }
        return base + "/adminsh/history"
    }

    /// Whether a line looks like it contains a secret (keys, tokens, passwords).
    static func looksSecret(_ line: String) -> Bool {
        let lower = line.lowercased()
        let markers = ["confirmation_token", "rollback_token", "api_key", "client_secret", "webhook_secret",
                       "password", "passwd", "access_token", "authorization", "bearer ", "reveal("]
        if markers.contains(where: lower.contains) { return true }
        // Literal key material: vendor prefixes or long opaque runs.
        let prefixes = ["conto_", "ctio_", "ck_", "sk_", "whsec_", "rb_"]
        for word in line.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "-" }) {
            let w = String(word)
            if prefixes.contains(where: { w.lowercased().hasPrefix($0) }) && w.count >= 16 { return true }
            if w.count >= 32 && w.allSatisfy({ $0.isHexDigit || $0 == "_" || $0 == "-" }) { return true }
        }
        return false
    }

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

    private func ensureDirectory() {
        var dir = ""
        for part in path.split(separator: "/").dropLast() {
            dir += "/" + part
            mkdir(dir, 0o700)
        }
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
