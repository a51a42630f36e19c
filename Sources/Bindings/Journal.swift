import AdminClient
import Foundation
import LuaHost

/// The change journal of one profile: `$XDG_STATE_HOME/adminsh/journal/<profile>.jsonl`, JSON
/// lines in a 0600 file in a 0700 folder. A mutating call writes a `begin` line before its request
/// is sent and an `end` line when the reply comes; each line is on disk (fsync) before the call
/// goes on, so a crash in between leaves a begin without an end: "outcome unknown".
public final class Journal: @unchecked Sendable {
    public let profile: String
    public let path: String
    private let lock = NSLock()

    public convenience init(profile: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(profile: profile, folder: Journal.directory(environment: environment))
    }

    /// A journal in `folder` (an embedded sandbox given `--db` keeps its journal beside its state).
    public init(profile: String, folder: String) {
        self.profile = profile
        let safe = String(profile.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
        path = (folder as NSString).appendingPathComponent((safe.isEmpty ? "default" : safe) + ".jsonl")
    }

    /// The journal of a session: the profile's, or the embedded sandbox's (beside `--db` when given).
    public static func forSession(label: String, sandboxDB: String?) -> Journal {
        guard let sandboxDB else { return Journal(profile: label) }
        let folder = ((sandboxDB as NSString).deletingLastPathComponent as NSString).appendingPathComponent("journal")
        return Journal(profile: label, folder: folder)
    }

    /// `$XDG_STATE_HOME/adminsh/journal`, else `~/.local/state/adminsh/journal`.
    public static func directory(environment: [String: String]) -> String {
        let state: String
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty {
            state = xdg
        } else {
            state = ((environment["HOME"] ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/state")
        }
        return (state as NSString).appendingPathComponent("adminsh/journal")
    }

    /// Journals whose lines go to another journal for a while, by path: a rehearsal at the prompt
    /// (`rehearse(fn)`) journals to its own file (`rehearsal-<profile>`), never to the profile's.
    private static let diversionLock = NSLock()
    nonisolated(unsafe) private static var diversions: [String: Journal] = [:]

    /// Sends the lines of the journal at `path` to `other` (its profile in each line) until
    /// called again with nil.
    public static func divert(path: String, to other: Journal?) {
        diversionLock.withLock { diversions[path] = other }
    }

    /// Appends one line and waits until it is on disk.
    func append(_ line: String) throws {
        if let other = Journal.diversionLock.withLock({ Journal.diversions[path] }) {
            var relabeled = line
            if let data = line.data(using: .utf8), var object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
               object["profile"] != nil {
                object["profile"] = other.profile
                if let encoded = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                    relabeled = String(decoding: encoded, as: UTF8.self)
                }
            }
            return try other.append(relabeled)
        }
        try lock.withLock {
            let folder = (path as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            chmod(folder, 0o700)
            let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw LuaError.message("journal: cannot open \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            fchmod(fd, 0o600)
            let bytes = Array((line + "\n").utf8)
            var written = 0
            while written < bytes.count {
                let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                guard n > 0 else { throw LuaError.message("journal: cannot write \(path): \(String(cString: strerror(errno)))") }
                written += n
            }
            guard fsync(fd) == 0 else { throw LuaError.message("journal: cannot sync \(path)") }
        }
    }

    /// Every entry (a begin line merged with its end line), oldest first; `since` keeps the later ones.
    /// An entry with no end line has `state = "unknown"`.
    public func entries(since: Date? = nil) -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var order: [String] = []
        var byID: [String: [String: Any]] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let id = object["id"] as? String else { continue }   // a torn last line is skipped
            switch object["event"] as? String {
            case "begin":
                var entry = object
                entry.removeValue(forKey: "event")
                entry["state"] = "unknown"
                if byID[id] == nil { order.append(id) }
                byID[id] = entry
            case "end":
                guard var entry = byID[id] else { continue }
                for (k, v) in object where k != "event" && k != "id" && k != "time" { entry[k] = v }
                entry["completed"] = object["time"]
                byID[id] = entry
            default: continue
            }
        }
        var all = order.compactMap { byID[$0] }
        // A successful undo marks the entry it undid.
        for e in all {
            guard let target = e["undo_of"] as? String, let id = e["id"] as? String, var undone = byID[target],
                  let status = (e["outcome"] as? [String: Any])?["status"] as? Int, (200..<300).contains(status) else { continue }
            undone["undone_by"] = id
            byID[target] = undone
        }
        all = order.compactMap { byID[$0] }
        if let since {
            all = all.filter { entry in (entry["time"] as? String).flatMap(ISO8601DateFormatter.flexible).map { $0 >= since } ?? true }
        }
        return all
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    /// `line` (one encoded JSON object) with a `base_url` member added first.
    static func adding(baseURL: String, to line: String) -> String {
        guard line.hasPrefix("{"),
              let quoted = try? JSONSerialization.data(withJSONObject: [baseURL], options: [.withoutEscapingSlashes]) else { return line }
        let value = String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
        let rest = line.dropFirst()
        return "{\"base_url\":" + value + (rest.hasPrefix("}") ? "" : ",") + rest
    }

    static func newID() -> String {
        let hex = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return "j_" + hex.prefix(12)
    }

    /// `value` as it may be stored: secret values and secret fields redacted, functions named.
    static func storable(_ value: LuaValue) -> LuaValue {
        func walk(_ v: LuaValue) -> LuaValue {
            switch v {
            case .userdata: return .string("[secret]")
            case .function: return .string("[function]")
            case .table(let t):
                var out: [LuaValue: LuaValue] = [:]
                for (k, x) in t {
                    if case .string(let name) = k, SecretValue.isSecretField(name), case .string(let text) = x {
                        out[k] = .string(SecretValue(text).redacted)
                    } else {
                        out[k] = walk(x)
                    }
                }
                return .table(out)
            case .array(let a): return .array(a.map(walk))
            default: return v
            }
        }
        return walk(value)
    }
}
