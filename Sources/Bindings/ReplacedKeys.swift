import AdminClient
import Crypto
import Foundation

/// API keys that sessions on this machine rotated away, so that a later session started with one
/// of them (an environment variable nobody updated) can warn in its banner. Only a fingerprint of
/// each key is kept (SHA-256, never the key), with its masked form and the end of its grace
/// period: `$XDG_STATE_HOME/adminsh/replaced-keys.json`, 0600 in a 0700 folder.
public struct ReplacedKeys: Sendable {
    public struct Replaced: Codable, Sendable, Equatable {
        var fingerprint: String
        public var masked: String
        public var replacedAt: String
        public var graceEndsAt: String?
    }

    let path: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let journal = Journal.directory(environment: environment)
        path = ((journal as NSString).deletingLastPathComponent as NSString).appendingPathComponent("replaced-keys.json")
    }

    static func fingerprint(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The record of `key`, when a rotation replaced it.
    public func lookup(_ key: String) -> Replaced? {
        let print = Self.fingerprint(key)
        return load().first { $0.fingerprint == print }
    }

    /// Notes that a rotation replaced `key`; records whose grace ended over 30 days ago are dropped.
    func record(_ key: String, masked: String, graceEndsAt: String?, now: Date = Date()) throws {
        let print = Self.fingerprint(key)
        var all = load().filter { $0.fingerprint != print && !Self.stale($0, now: now) }
        all.append(Replaced(fingerprint: print, masked: masked, replacedAt: Journal.timestamp(now), graceEndsAt: graceEndsAt))
        try save(all)
    }

    /// Forgets `key` (a rollback made it current again).
    func forget(_ key: String) throws {
        let print = Self.fingerprint(key)
        let all = load()
        guard all.contains(where: { $0.fingerprint == print }) else { return }
        try save(all.filter { $0.fingerprint != print })
    }

    private static func stale(_ r: Replaced, now: Date) -> Bool {
        guard let text = r.graceEndsAt, let ends = ISO8601DateFormatter.flexible(text) else { return false }
        return now.timeIntervalSince(ends) > 30 * 86_400
    }

    private func load() -> [Replaced] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return (try? JSONDecoder().decode([Replaced].self, from: data)) ?? []
    }

    private func save(_ all: [Replaced]) throws {
        let data = try JSONEncoder().encode(all)
        try FilesModule.writePrivate(path: path, text: String(decoding: data, as: UTF8.self))
    }

    /// The banner's line for a session that starts with a replaced key, else nil.
    public func warning(for key: String, now: Date = Date()) -> String? {
        guard let r = lookup(key) else { return nil }
        if let text = r.graceEndsAt, let ends = ISO8601DateFormatter.flexible(text) {
            if ends <= now { return "this session's API key \(r.masked) is no longer current: a rotation replaced it and its grace period ended at \(text)" }
            return "this session's API key \(r.masked) was replaced by a rotation at \(r.replacedAt): it works until \(text); switch to the new key"
        }
        return "this session's API key \(r.masked) was replaced by a rotation at \(r.replacedAt)"
    }
}
