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
            try writePrivately(header + old, to: previousPath(of: path))
        } else {
            unlink(previousPath(of: path))
        }
        try writePrivately(updated, to: path)
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

    /// Atomic private write: a 0600 temporary file beside `path`, fsync, rename.
    static func writePrivately(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + (path as NSString).lastPathComponent + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { throw ProfileError("cannot write beside \(path): \(String(cString: strerror(errno)))") }
        let temporary = String(cString: template)
        var failure: Int32 = 0
        if fchmod(descriptor, 0o600) != 0 { failure = errno }
        let bytes = Array(text.utf8)
        var offset = 0
        while failure == 0, offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in buffer.baseAddress.map { Foundation.write(descriptor, $0 + offset, bytes.count - offset) } ?? -1 }
            if written < 0 { if errno != EINTR { failure = errno } } else { offset += written }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure == 0 ? errno : failure
            unlink(temporary)
            throw ProfileError("cannot write \(path): \(String(cString: strerror(code)))")
        }
    }
}

extension ISO8601DateFormatter {
    /// Parses an ISO 8601 time with or without fractional seconds.
    static func flexible(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
