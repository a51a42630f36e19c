import Foundation

/// Putting a rotated key back into a profile's key file. The file is replaced atomically (a 0600
/// temporary file in the same folder, fsync, rename) so a reader sees the old or the new key,
/// never half of one; the replaced content is kept in `<file>.previous` until its grace ends.
extension KeyFile {
    /// The comment line that dates a `.previous` file: `# adminsh: valid until <ISO 8601>`.
    static let validUntilMarker = "# adminsh: valid until "

    /// Writes `newKey` into the key file at `path` (its `name=` line, or the whole file for a
    /// bare key), other lines kept. The previous content goes to `<path>.previous`, dated
    /// `validUntil`, unless `keepPrevious` is false (a rollback: the old `.previous` is removed).
    public static func replaceKey(at path: String, name: String?, with newKey: String, validUntil: String?, keepPrevious: Bool = true) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError("cannot read key file \(path): \(String(cString: strerror(errno)))")
        }
        let old = String(decoding: data, as: UTF8.self)
        let updated = try replacing(name: name, in: old, with: newKey, path: path)
        if keepPrevious {
            let header = validUntil.map { validUntilMarker + $0 + "\n" } ?? ""
            try PrivateFile.write(header + old, to: previousPath(of: path))
        } else {
            unlink(previousPath(of: path))
        }
        try PrivateFile.write(updated, to: path)
    }

    /// `<path>.previous`.
    public static func previousPath(of path: String) -> String { path + ".previous" }

    /// Removes `<path>.previous` once the grace period written in it has ended.
    public static func removeStalePrevious(of path: String, now: Date = Date()) {
        let previous = previousPath(of: path)
        guard let data = FileManager.default.contents(atPath: previous) else { return }
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix(validUntilMarker) }),
              let ends = ISO8601DateFormatter.flexible(String(line.dropFirst(validUntilMarker.count)).trimmingCharacters(in: .whitespaces))
        else { return }
        if ends <= now { unlink(previous) }
    }

    /// The file's text with the key replaced: the `name=` line's value (quotes and `export` kept
    /// out: the value is written bare), or the bare key.
    static func replacing(name: String?, in text: String, with newKey: String, path: String) throws -> String {
        guard let name else { return newKey + "\n" }
        var found = false
        var lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            var key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            let exported = key.hasPrefix("export ")
            if exported { key = String(key.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard key == name else { continue }
            lines[index] = (exported ? "export " : "") + name + "=" + newKey
            found = true
        }
        if !found {
            if lines.last == "" { lines.removeLast() }
            lines.append(name + "=" + newKey)
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
