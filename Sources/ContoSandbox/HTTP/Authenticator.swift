import Foundation
import SandboxCore

/// Turns an `Authorization: Bearer` header into a caller, or the contract's 401/403.
enum Authenticator {
    /// Authenticates `header` for a route with `access`, checking scope; runs inside the request's
    /// transaction (it stamps `lastUsedAt`). `now` is read per tenant after the key names one.
    static func authenticate(_ header: String?, access: ContoAccess, docs: DocumentStore,
                             clock: (String) throws -> Date) throws -> ContoCaller {
        guard let header, header.lowercased().hasPrefix("bearer ") else {
            throw ContoError.authFailed("Missing Authorization header: send 'Authorization: Bearer <key>'")
        }
        let secret = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        let hash = SecretHasher.hash(secret)
        switch access {
        case .org, .sandboxOrg:
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
            if case .org(let scope) = access, !key.scopes.contains(scope.rawValue) {
                throw ContoError.insufficientScope(scope.rawValue)
            }
            key.lastUsedAt = now
            try docs.save(key)
            return .org(key)
        case .agent(let scope):
            guard secret.hasPrefix(ContoKeys.agentPrefix) else {
                throw ContoError.authFailed("Agent routes (/api/sdk/*) take an agent SDK key (conto_agent_...), not an organization API key")
            }
            guard var key = try docs.find(SdkKey.self, lookup: hash), SecretHasher.constantTimeEquals(key.keyHash, hash) else {
                throw ContoError.authFailed()
            }
            let now = try clock(key.orgId)
            if key.revokedAt != nil { throw ContoError.authFailed("SDK key has been revoked") }
            if key.expiresAt <= now { throw ContoError.expiredKey }
            if !key.scopes.contains(scope) { throw ContoError.insufficientScope(scope) }
            key.lastUsedAt = now
            try docs.save(key)
            return .agent(key)
        case .open:
            throw ContoError.authFailed()
        }
    }
}
