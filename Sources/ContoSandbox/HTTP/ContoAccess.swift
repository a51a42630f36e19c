/// What a route demands of its caller.
public enum ContoAccess: Sendable {
    /// An org API key carrying the scope.
    case org(ContoScope)
    /// An agent SDK key carrying the scope.
    case agent(String)
    /// Any valid org API key of the tenant (sandbox-only helpers outside `/api`).
    case sandboxOrg
    /// An org key of the Admin preset (every org scope): sandbox helpers that mint or revoke
    /// keys or change the org's settings, which the dashboard leaves to admins, so a narrower
    /// key cannot widen its own reach through them.
    case sandboxAdmin
    /// No credential (sandbox-only: creating a tenant).
    case open

    /// Whether no credential is asked for.
    var isOpen: Bool {
        if case .open = self { return true }
        return false
    }

    /// The scope name as documented, if any.
    var scopeName: String? {
        switch self {
        case .org(let scope): return scope.rawValue
        case .agent(let scope): return scope
        case .sandboxOrg, .open: return nil
        case .sandboxAdmin: return ContoScopePreset.admin.rawValue
        }
    }
}
