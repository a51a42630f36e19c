import Foundation

/// Where a platform's key came from, so a session that rotates it can put the new key back there
/// (or say what the admin has to update): the rotation hook reads it from the `Endpoint`.
public enum KeyOrigin: Sendable, CustomStringConvertible {
    /// An environment variable (`contio_api_key_env`): adminsh cannot change it, only name it.
    case environment(variable: String)
    /// A key file (`contio_key_file`): `name` is its `NAME=value` line, nil for a bare-key file.
    case keyFile(path: String, name: String?)
    /// A secrets-manager command (`contio_api_key_command`), with the profile's store command if any.
    case command(store: KeyCommand?)
    /// A record the shell owns (the embedded sandbox's seed record): `store(field, value)` writes
    /// one credential field of it and returns the value it replaced (what a rollback puts back).
    case record(path: String, store: @Sendable (_ field: String, _ value: String) throws -> String?)

    /// The embedded sandbox's seed record (the shell keeps it current itself).
    public var isRecord: Bool {
        if case .record = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .environment(let variable): return "environment variable \(variable)"
        case .keyFile(let path, _): return "key file \(path)"
        case .command(let store): return store.map { "secrets-manager command (store: \($0))" } ?? "secrets-manager command"
        case .record(let path, _): return "seed record \(path)"
        }
    }
}
