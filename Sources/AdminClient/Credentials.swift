import AdminSurface

/// How adminsh proves who it is to one platform.
///
/// Values are secrets: nothing in AdminClient logs them or puts them into an error message, and
/// `description` is redacted so an accidental `print(credentials)` shows no key.
public enum Credentials: Sendable, CustomStringConvertible {
    /// Contio partner admin API: `X-API-Key` and `X-Client-ID` on every request.
    case contio(apiKey: String, clientID: String)
    /// Conto org admin API: `Authorization: Bearer <org key>`. Org keys start with `conto_`;
    /// agent SDK keys (`conto_agent_...`) are refused before any request.
    case conto(orgKey: String)

    /// The platform these credentials belong to.
    public var platform: Platform {
        switch self {
        case .contio: return .contio
        case .conto: return .conto
        }
    }

    /// Redacted: shows the kind of credential and the Contio client ID (an identifier, not a secret).
    public var description: String {
        switch self {
        case .contio(_, let clientID): return "contio(apiKey: ‹secret›, clientID: \(clientID))"
        case .conto: return "conto(orgKey: ‹secret›)"
        }
    }

    /// Prefix of Conto agent SDK keys: refused as the org key, required by agent-key operations.
    public static let contoAgentKeyPrefix = "conto_agent_"
}
