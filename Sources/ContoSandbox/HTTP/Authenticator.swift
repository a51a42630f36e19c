import Foundation
import SandboxCore

/// Turns an `Authorization: Bearer` header into a caller, or the contract's 401/403.
enum Authenticator {
    /// `lastUsedAt` is kept to this resolution [I]: a key used many times a second is stamped once,
    /// so reads need no write of their own on every request (see `stamp(_:at:docs:)`).
    static let lastUsedResolution: TimeInterval = 1

    /// Authenticates `header` for a route with `access` (the credential kind; `authorize` checks
    /// the scope). `now` is read per tenant after the key names one. With `stamp`, a due
    /// `lastUsedAt` is written in the same (write) transaction, which a later refusal rolls back;
    /// read-only requests pass false and, when `isDue`, call `stamp` afterwards.
    static func authenticate(_ header: String?, access: ContoAccess, docs: DocumentStore, stamp: Bool,
                             clock: (String) throws -> Date) throws -> ContoCaller {
        guard let header, header.lowercased().hasPrefix("bearer ") else {
            throw ContoError.authFailed("Missing Authorization header: send 'Authorization: Bearer <key>'")
        }
        let secret = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        let hash = SecretHasher.hash(secret)
        switch access {
        case .org, .sandboxOrg, .sandboxAdmin:
            if secret.hasPrefix(ContoKeys.agentPrefix) {
                // [I] 401 (the credential is of the wrong kind for this API), worded like the
                // ContoAdmin constructor's refusal.
                throw ContoError.authFailed("Agent SDK keys (conto_agent_...) cannot call admin routes; use an organization API key (conto_...) with ContoAdmin")
            }
            guard var key = try docs.find(OrgApiKey.self, lookup: hash), SecretHasher.constantTimeEquals(key.keyHash, hash) else {
                throw ContoError.authFailed()
            }
            let now = try clock(key.orgId)
            if key.revokedAt != nil { throw ContoError.authFailed("API key has been revoked") }
            if let expiry = key.expiresAt, expiry <= now { throw ContoError.expiredKey }
            if stamp, isDue(key.lastUsedAt, now) {
                key.lastUsedAt = now
                try docs.save(key)
            }
            return .org(key)
        case .agent:
            guard secret.hasPrefix(ContoKeys.agentPrefix) else {
                throw ContoError.authFailed("Agent routes (/api/sdk/*) take an agent SDK key (conto_agent_...), not an organization API key")
            }
            guard var key = try docs.find(SdkKey.self, lookup: hash), SecretHasher.constantTimeEquals(key.keyHash, hash) else {
                throw ContoError.authFailed()
            }
            let now = try clock(key.orgId)
            if key.revokedAt != nil { throw ContoError.authFailed("SDK key has been revoked") }
            if key.expiresAt <= now { throw ContoError.expiredKey }
            if stamp, isDue(key.lastUsedAt, now) {
                key.lastUsedAt = now
                try docs.save(key)
            }
            return .agent(key)
        case .open:
            throw ContoError.authFailed()
        }
    }

    /// Refuses a key without the scope `access` names (403 naming it).
    static func authorize(_ caller: ContoCaller, for access: ContoAccess) throws {
        switch (access, caller) {
        case (.org(let scope), .org(let key)) where !key.scopes.contains(scope.rawValue):
            throw ContoError.insufficientScope(scope.rawValue)
        case (.agent(let scope), .agent(let key)) where !key.scopes.contains(scope):
            throw ContoError.insufficientScope(scope)
        case (.sandboxAdmin, .org(let key)):
            if let missing = ContoScopePreset.admin.scopes.first(where: { !key.scopes.contains($0.rawValue) }) {
                throw ContoError.insufficientScope("\(ContoScopePreset.admin.rawValue) (every org scope; this key lacks \(missing.rawValue))")
            }
        default:
            return
        }
    }

    /// Whether a key last stamped at `last` should be stamped again at `now`.
    static func isDue(_ last: Date?, _ now: Date) -> Bool {
        guard let last else { return true }
        return now.timeIntervalSince(last) >= lastUsedResolution
    }

    /// Stamps `lastUsedAt` on the caller's key in a write transaction, unless another request did meanwhile.
    static func stamp(_ caller: ContoCaller, at now: Date, docs: DocumentStore) throws {
        switch caller {
        case .org(let used):
            guard var key = try docs.get(OrgApiKey.self, used.id, org: used.orgId), isDue(key.lastUsedAt, now) else { return }
            key.lastUsedAt = now
            try docs.save(key)
        case .agent(let used):
            guard var key = try docs.get(SdkKey.self, used.id, org: used.orgId), isDue(key.lastUsedAt, now) else { return }
            key.lastUsedAt = now
            try docs.save(key)
        }
    }
}
