import AdminClient
import AdminSurface
import Foundation
import LuaHost

/// Makes a session follow the rotations it makes: after a successful `contio.rotateAPIKey` the
/// session sends the new key, writes it back where the profile's key came from (key file, seed
/// record, store command) or says what to update, and after `contio.rollbackCredential` it goes
/// back to the key the rollback restored. `use = false` in the rotation's table keeps the old key.
final class CredentialFollower: @unchecked Sendable {
    static let rotateAPIKey = "contio.rotateAPIKey"
    static let rotateClientSecret = "contio.rotateClientSecret"
    static let rollback = "contio.rollbackCredential"

    /// What the session knows about its own key after a rotation it did not follow (`use = false`).
    struct Standing: Sendable {
        var key: String
        var graceEndsAt: String?
    }

    private let lock = NSLock()
    /// Rollback token → the API key the rotation replaced (what a rollback restores).
    private var replacedKeys: [String: String] = [:]
    /// Rollback token → the client secret a rotation replaced in the seed record.
    private var replacedSecrets: [String: String] = [:]
    private var standing: Standing?
    private let overrides: CredentialOverride
    private let say: @Sendable (String) -> Void
    private let replaced: ReplacedKeys

    init(overrides: CredentialOverride, replaced: ReplacedKeys = ReplacedKeys(),
         say: @escaping @Sendable (String) -> Void = CredentialFollower.standardError) {
        self.overrides = overrides
        self.replaced = replaced
        self.say = say
    }

    static let standardError: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    /// Whether `op` is a rotation whose table may hold `use`.
    static func takesUse(_ op: AdminOperation) -> Bool {
        op.qualifiedName == rotateAPIKey || op.qualifiedName == rotateClientSecret
    }

    /// Removes `use` from a rotation's options (it is the shell's, not an API field) and returns
    /// it: true unless `use = false`.
    static func takeUse(from options: inout LuaValue) throws -> Bool {
        guard case .table(var fields) = options, let value = fields.removeValue(forKey: "use") else { return true }
        options = .table(fields)
        switch value {
        case .boolean(let flag): return flag
        default: throw LuaError.message("use must be true or false")
        }
    }

    /// `ctio_…5e6c`: the key's prefix and its last four characters, never more.
    static func masked(_ key: String) -> String {
        let prefix = key.firstIndex(of: "_").map { String(key[...$0]) } ?? ""
        return key.count > prefix.count + 8 ? prefix + "…" + String(key.suffix(4)) : "‹secret›"
    }

    /// Called after a successful call of `op`; `body` is the reply, `options` what was sent.
    func followed(_ op: AdminOperation, pathValues: [String], options: LuaValue?, body: [UInt8], use: Bool, base: AdminClient) async {
        guard op.platform == .contio, [Self.rotateAPIKey, Self.rotateClientSecret, Self.rollback].contains(op.qualifiedName),
              let reply = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else { return }
        let endpoint = base.configuration.contio
        var current = overrides.effective(for: .contio)
        if current == nil { current = (try? await endpoint?.currentCredentials()) ?? endpoint?.credentials }
        guard case .contio(let currentKey, let clientID)? = current else { return }
        let graceEnds = reply["grace_period_ends_at"] as? String
        switch op.qualifiedName {
        case Self.rotateAPIKey:
            guard let newKey = reply["new_credential"] as? String, !newKey.isEmpty else { return }
            let until = graceEnds.map { "until \($0)" } ?? "until its grace period ends"
            lock.withLock {
                if let token = reply["rollback_token"] as? String { replacedKeys[token] = currentKey }
            }
            // A later session started with the old key (a variable nobody updated) warns in its banner;
            // the embedded sandbox's seed record is always updated, so it needs no note.
            if let origin = endpoint?.keyOrigin, !origin.isRecord {
                try? replaced.record(currentKey, masked: Self.masked(currentKey), graceEndsAt: graceEnds)
            }
            guard use else {
                lock.withLock { standing = Standing(key: currentKey, graceEndsAt: graceEnds) }
                say("kept the old API key (use = false); it works \(until), then switch with contio.useCredentials{api_key = result.new_credential}")
                return
            }
            lock.withLock { standing = nil }
            overrides.follow(.contio(apiKey: newKey, clientID: clientID), for: .contio)
            say("now using the new API key \(Self.masked(newKey)); the old one works \(until)")
            if let note = await store(newKey, field: "api_key", origin: endpoint?.keyOrigin, graceEnds: graceEnds, restoring: false) { say(note) }
        case Self.rotateClientSecret:
            guard use, let secret = reply["new_credential"] as? String, !secret.isEmpty else { return }
            // The admin API authenticates with the API key; the secret matters to OAuth clients.
            if case .record(let path, let write)? = endpoint?.keyOrigin {
                do {
                    let previous = try write("client_secret", secret)
                    if let token = reply["rollback_token"] as? String, let previous {
                        lock.withLock { replacedSecrets[token] = previous }
                    }
                    say("new client secret \(Self.masked(secret)) written to \(path)")
                } catch {
                    say("could not write the new client secret to \(path): \(error)")
                }
            } else {
                let until = graceEnds.map { " before \($0)" } ?? ""
                say("new client secret \(Self.masked(secret)): store it where your OAuth clients read it\(until) (this session authenticates with the API key and does not use it)")
            }
        default:
            if pathValues.first == "client-secret" || pathValues.first == "client_secret" {
                restoreClientSecret(options: options, origin: endpoint?.keyOrigin)
                return
            }
            guard pathValues.first == "api-key" || pathValues.first == "api_key" else { return }
            guard case .table(let fields)? = options, let token = fields["rollback_token"]?.stringValue,
                  let restored = lock.withLock({ replacedKeys.removeValue(forKey: token) }) else {
                say("rolled back the API key; this session did not make that rotation: switch to the restored key with contio.useCredentials{api_key = ...}")
                return
            }
            lock.withLock { standing = nil }
            try? replaced.forget(restored)
            overrides.follow(.contio(apiKey: restored, clientID: clientID), for: .contio)
            say("rolled back: now using the restored API key \(Self.masked(restored))")
            if let note = await store(restored, field: "api_key", origin: endpoint?.keyOrigin, graceEnds: nil, restoring: true) { say(note) }
        }
    }

    /// A client-secret rollback: the seed record gets back the secret the rotation replaced.
    private func restoreClientSecret(options: LuaValue?, origin: KeyOrigin?) {
        guard case .record(let path, let write)? = origin else { return }
        guard case .table(let fields)? = options, let token = fields["rollback_token"]?.stringValue,
              let restored = lock.withLock({ replacedSecrets.removeValue(forKey: token) }) else {
            say("rolled back the client secret; this session did not make that rotation: \(path) still holds the rotated one")
            return
        }
        do {
            _ = try write("client_secret", restored)
            say("rolled back: \(path) holds the restored client secret \(Self.masked(restored)) again")
        } catch {
            say("could not write the restored client secret to \(path): \(error)")
        }
    }

    /// Puts `key` back where the profile's key comes from; returns what to tell the admin.
    private func store(_ key: String, field: String, origin: KeyOrigin?, graceEnds: String?, restoring: Bool) async -> String? {
        let until = graceEnds.map { " before \($0)" } ?? ""
        switch origin {
        case nil:
            return nil
        case .environment(let variable)?:
            return restoring
                ? "\(variable) holds the restored key again only if it was never updated: set it back to the key it had before the rotation"
                : "update the environment variable \(variable) to the new key\(until) (the old key stops working then); this session already uses it"
        case .keyFile(let path, let name)?:
            do {
                try KeyFile.replaceKey(at: path, name: name, with: key, validUntil: graceEnds, keepPrevious: !restoring)
                return restoring ? "wrote the restored key to \(path)"
                    : "wrote the new key to \(path) (the old one kept in \(KeyFile.previousPath(of: path))\(graceEnds.map { " until \($0)" } ?? ""))"
            } catch {
                return "could not write the key file \(path): \(error); the session uses the new key, update the file\(until)"
            }
        case .command(let storeCommand)?:
            guard let storeCommand else {
                return "this profile has no contio_api_key_store_command: store the new key in your secrets manager\(until)"
            }
            do {
                try await storeCommand.store(key)
                return "stored the \(restoring ? "restored" : "new") key with \(storeCommand)"
            } catch {
                return "the store command failed: \(error); store the new key in your secrets manager\(until)"
            }
        case .record(let path, let write)?:
            do {
                _ = try write(field, key)
                return nil
            } catch {
                return "could not update \(path): \(error); later sessions will not authenticate"
            }
        }
    }

    /// A warning when the session's key is in its grace period or no longer current, else nil.
    func warning(now: Date = Date()) -> String? {
        guard let standing = lock.withLock({ standing }) else { return nil }
        let key = Self.masked(standing.key)
        if let text = standing.graceEndsAt, let ends = ISO8601DateFormatter.flexible(text) {
            if ends <= now { return "this session's API key \(key) is no longer current: its grace period ended at \(text)" }
            return "this session's API key \(key) was replaced: it works until \(text) (grace period)"
        }
        return "this session's API key \(key) was replaced by a rotation"
    }
}

extension CredentialFollower {
    /// `__adminsh.credentialWarning()` → the warning about the session's key, or nil (read by
    /// `rotation.status()` and the REPL banner).
    func register(in state: LuaState) {
        state.register("__adminsh.credentialWarning") { [self] frame in
            guard let text = warning() else { return 0 }
            frame.push(.string(text))
            return 1
        }
    }
}
