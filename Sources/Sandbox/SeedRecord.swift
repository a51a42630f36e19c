import Foundation
import SandboxCore

/// The credentials the sandbox seeded on first start, kept beside the state file: the designated
/// credentials file, mode 0600 in a 0700 folder.
///
/// `{"contio": {"client_id", "api_key", "client_secret", "webhook_secret"}, "conto": {"org_api_key"},
///   "sandbox": {"admin_token"}}`. It is a convenience for scripts and CI: the live credential
/// tables hold only hashes, and secrets rotated later are not written here. `sandbox.admin_token`
/// opens the `/__sandbox/...` control routes (`ControlSurfaceGuard`).
public struct SeedRecord: Sendable, Equatable {
    /// Module seed key (`contio`, `conto`) → that module's credentials.
    public var parts: [String: JSONValue]

    public init(parts: [String: JSONValue] = [:]) { self.parts = parts }

    /// The Contio part, if seeded.
    public var contio: JSONValue? { parts["contio"] }
    /// The Conto part, if seeded.
    public var conto: JSONValue? { parts["conto"] }
    /// Key of the sandbox's own part (its admin token).
    public static let sandboxKey = "sandbox"
    /// The admin token of the control routes, if generated.
    public var adminToken: String? { parts[Self.sandboxKey]?["admin_token"]?.stringValue }
    /// The profile this state is a clone of (`adminsh sandbox clone`), if it is one.
    public var cloneOf: String? { parts[Self.sandboxKey]?["clone_of"]?.stringValue }

    /// Pretty JSON, keys sorted.
    public var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(JSONValue.object(parts))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `sandbox.sqlite` → `sandbox.seed.json` in the same directory.
    public static func path(forDatabase dbPath: String) -> String {
        let url = URL(fileURLWithPath: dbPath)
        return url.deletingPathExtension().appendingPathExtension("seed.json").path
    }

    /// Reads the record of the sandbox whose state file is `dbPath` (default path when nil).
    /// Works while a server runs: it only reads the small JSON file.
    public static func read(dbPath: String? = nil) throws -> SeedRecord {
        let path = Self.path(forDatabase: dbPath ?? SandboxPaths.defaultDatabasePath())
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard case .object(let parts) = try JSONValue.parse(data) else {
            throw SandboxError(.internalServerError, code: "invalid_seed_record", "\(path) is not a JSON object")
        }
        return SeedRecord(parts: parts)
    }

    /// Sets one credential of the record at `dbPath` (`contio.api_key` after a rotation) and
    /// writes it back, so the next session and `adminsh sandbox credentials` have the current key.
    public static func update(dbPath: String, module: String, field: String, to value: String) throws {
        var record = try read(dbPath: dbPath)
        guard case .object(var fields)? = record.parts[module] else {
            throw SandboxError(.internalServerError, code: "invalid_seed_record", "\(path(forDatabase: dbPath)) has no \(module) part")
        }
        fields[field] = .string(value)
        record.parts[module] = .object(fields)
        try record.write(dbPath: dbPath)
    }

    /// Writes atomically with mode 0600 (created private whatever the umask; never readable by
    /// others, even briefly).
    func write(dbPath: String) throws {
        let path = Self.path(forDatabase: dbPath)
        do {
            try PrivateFiles.write(Data((jsonText + "\n").utf8), to: path)
        } catch {
            throw SandboxError(.internalServerError, code: "seed_record_write_failed", "\(error)")
        }
    }
}
