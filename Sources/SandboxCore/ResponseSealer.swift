import Crypto
import Foundation
import GRDB

/// Seals the response bodies the idempotency ledger keeps, so the state file (and its WAL) never
/// holds a usable secret: a replayed "create API key" answer carries the key, and it must be
/// replayable for 24 h (a client whose first answer was lost retries with the same
/// `Idempotency-Key` and needs the key it paid for).
///
/// AES-256-GCM under a key kept in its own 0600 file beside the state (`sandbox.key` next to
/// `sandbox.sqlite`), bound to the record's scope and key (the additional data), so a sealed body
/// copied onto another record does not open. Without the key file a stored body cannot be read:
/// the record is treated as absent and the request runs again.
public struct ResponseSealer: Sendable {
    private let key: SymmetricKey

    public init(key: SymmetricKey) { self.key = key }

    /// A fresh random key (tests, in-memory stores).
    public static func random() -> ResponseSealer { ResponseSealer(key: SymmetricKey(size: .bits256)) }

    /// `sandbox.sqlite` → `sandbox.key` in the same folder.
    public static func keyPath(forDatabase path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("key").path
    }

    /// The sealer of the state file at `databasePath`: its key file read, or created (0600) with a
    /// fresh random key. Two processes opening a new state file at once agree on one key: the
    /// file is linked into place only if none exists, and the loser reads the winner's. A key
    /// file of the wrong size is replaced (what was sealed under it is lost, never misread).
    public static func forDatabase(_ databasePath: String) throws -> ResponseSealer {
        let path = keyPath(forDatabase: databasePath)
        if let existing = read(path) { return existing }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Data($0) }
        let candidate = path + ".new-\(getpid())"
        try PrivateFiles.write(bytes, to: candidate)
        defer { unlink(candidate) }
        if link(candidate, path) == 0 { return ResponseSealer(key: key) }
        if errno == EEXIST, let existing = read(path) { return existing }
        try PrivateFiles.write(bytes, to: path)
        return ResponseSealer(key: key)
    }

    /// The key in `path`, when it holds one (32 bytes); the file is set to 0600.
    private static func read(_ path: String) -> ResponseSealer? {
        guard let data = FileManager.default.contents(atPath: path), data.count == 32 else { return nil }
        PrivateFiles.tighten(path)
        return ResponseSealer(key: SymmetricKey(data: data))
    }

    /// `body` sealed (nonce, ciphertext and tag in one blob), bound to `context`.
    public func seal(_ body: Data, context: String) throws -> Data {
        guard let combined = try AES.GCM.seal(body, using: key, authenticating: Data(context.utf8)).combined else {
            throw SandboxError(.internalServerError, code: "internal_error", "cannot seal a stored response")
        }
        return combined
    }

    /// Prefix of a text value sealed by `sealText` (`sandbox_seal` in SQL).
    public static let textPrefix = "sealed:v1:"
    static let textContext = "sandbox.sealed-text"

    /// A secret the sandbox must keep usable (the webhook signing secret) as storable text:
    /// `sealed:v1:` and the sealed bytes in base64.
    public func sealText(_ text: String) throws -> String {
        Self.textPrefix + (try seal(Data(text.utf8), context: Self.textContext)).base64EncodedString()
    }

    /// The text `sealText` sealed; a value without the prefix (an older state file) as it is;
    /// nil when it does not open (the key file changed).
    public func openText(_ stored: String) -> String? {
        guard stored.hasPrefix(Self.textPrefix) else { return stored }
        guard let sealed = Data(base64Encoded: String(stored.dropFirst(Self.textPrefix.count))),
              let opened = open(sealed, context: Self.textContext) else { return nil }
        return String(decoding: opened, as: UTF8.self)
    }

    /// `sandbox_seal(text)` and `sandbox_open(text)` for SQL: a column that must hold a usable
    /// secret is written `sandbox_seal(?)` and read `sandbox_open(column)`. A value that does not
    /// open reads as '' (signatures then fail to verify; nothing crashes).
    var sqlFunctions: [DatabaseFunction] {
        [
            DatabaseFunction("sandbox_seal", argumentCount: 1, pure: false) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return nil }
                return try self.sealText(text)
            },
            DatabaseFunction("sandbox_open", argumentCount: 1, pure: true) { values in
                guard let text = String.fromDatabaseValue(values[0]) else { return nil }
                return self.openText(text) ?? ""
            },
        ]
    }

    /// The body sealed under `context`, or nil when it does not open (another key, another
    /// record, a plain body from an older state file).
    public func open(_ sealed: Data, context: String) -> Data? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed) else { return nil }
        return try? AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
    }
}
