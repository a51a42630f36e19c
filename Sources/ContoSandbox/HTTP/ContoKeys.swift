import Foundation
import SandboxCore

/// Formats of the two credential kinds.
enum ContoKeys {
    /// Agent SDK keys: `conto_agent_` + 64 hex [D].
    static let agentPrefix = "conto_agent_"
    /// Org API keys: `conto_org_` + 48 hex. [I] Only the `conto_` prefix is documented; `org_`
    /// keeps them apart from agent keys at a glance.
    static let orgPrefix = "conto_org_"

    static func newAgentKey() -> String { SecretHasher.token(prefix: agentPrefix, byteCount: 32) }
    static func newOrgKey() -> String { SecretHasher.token(prefix: orgPrefix, byteCount: 24) }

    /// The displayable prefix of a secret: its kind prefix plus 3 characters and an ellipsis.
    static func displayPrefix(_ secret: String) -> String {
        let kind = secret.hasPrefix(agentPrefix) ? agentPrefix : orgPrefix
        return String(secret.prefix(kind.count + 3)) + "..."
    }

    /// A resource id: a short type prefix and 24 random hex digits (URL-safe, like the docs' `agt_…`).
    static func id(_ prefix: String) -> String { SecretHasher.token(prefix: prefix + "_", byteCount: 12) }
}
