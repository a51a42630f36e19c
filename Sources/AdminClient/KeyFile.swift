import Foundation

/// A file holding keys, referenced by a profile's `contio_key_file` / `conto_key_file`.
///
/// Format: `NAME=value` lines (`CONTIO_API_KEY`, `CONTIO_CLIENT_ID`, `CONTO_ORG_API_KEY`; blank
/// lines and `#` comments ignored; values may be quoted), or a single line that is the key itself.
/// The file must be owned by the user and not readable or writable by group or others (mode
/// 0600 or 0400): anything else is refused before it is read.
public struct KeyFile {
    /// Named values (`NAME=value` lines).
    let values: [String: String]
    /// The whole content when the file is a single bare key.
    let bareKey: String?

    /// Reads `path` after checking its permissions. `setting` names the profile setting, for errors.
    static func load(path: String, setting: String) throws -> KeyFile {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw ProfileError("\(setting): cannot read key file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ProfileError("\(setting): key file \(path) is not a regular file")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw ProfileError("\(setting): key file \(path) is accessible by group or others (mode \(String(mode, radix: 8, uppercase: false).leftPadded(3))); keys must be private: run chmod 600 \(path)")
        }
        guard info.st_uid == getuid() else {
            throw ProfileError("\(setting): key file \(path) is not owned by the current user")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError("\(setting): cannot read key file \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path, setting: setting)
    }

    static func parse(_ text: String, path: String, setting: String) throws -> KeyFile {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        if lines.count == 1, !lines[0].contains("=") {
            return KeyFile(values: [:], bareKey: lines[0])
        }
        var values: [String: String] = [:]
        for (index, line) in lines.enumerated() {
            guard let eq = line.firstIndex(of: "=") else {
                throw ProfileError("\(setting): key file \(path): line \(index + 1) of its settings is not NAME=value")
            }
            var name = line[..<eq].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("export ") { name = String(name.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q {
                value = String(value.dropFirst().dropLast())
            }
            values[name] = value
        }
        return KeyFile(values: values, bareKey: nil)
    }

    /// The value named `name`, else the bare key when `bareAllowed`.
    func value(_ name: String, bareAllowed: Bool) -> String? {
        if let v = values[name], !v.isEmpty { return v }
        return bareAllowed ? bareKey : nil
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
