import Foundation

/// Who sent a request, after authentication.
enum ContoCaller {
    /// An organization API key (admin routes).
    case org(OrgApiKey)
    /// An agent SDK key (`/api/sdk/*`).
    case agent(SdkKey)

    var orgId: String {
        switch self {
        case .org(let key): return key.orgId
        case .agent(let key): return key.orgId
        }
    }

    /// When the key was last stamped as used.
    var lastUsedAt: Date? {
        switch self {
        case .org(let key): return key.lastUsedAt
        case .agent(let key): return key.lastUsedAt
        }
    }

    /// Key id, used as the rate-limit bucket and the audit actor.
    var keyId: String {
        switch self {
        case .org(let key): return key.id
        case .agent(let key): return key.id
        }
    }

    /// Audit actor type: `API_KEY` for org keys (Admin SDK reference), `AGENT` for agent keys.
    var actorType: String {
        switch self {
        case .org: return "API_KEY"
        case .agent: return "AGENT"
        }
    }
}
