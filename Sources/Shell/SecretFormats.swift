/// The shapes of the secrets this product and the APIs it speaks to issue: a fixed prefix and an
/// opaque body of letters and digits. The one list the history filter (and anything else that
/// must recognise a secret by its value) reads. The sandbox issues `prefix` + 48 hex characters
/// (`conto_agent_` + 64); the minimum body length leaves room for the vendors' own lengths.
public struct SecretFormat: Sendable, Equatable {
    public let issuer: String
    public let name: String
    public let prefix: String
    public let minimumBodyLength: Int

    public static let all: [SecretFormat] = [
        SecretFormat(issuer: "Contio", name: "API key", prefix: "ctio_", minimumBodyLength: 16),
        SecretFormat(issuer: "Contio", name: "client secret", prefix: "cs_", minimumBodyLength: 16),
        SecretFormat(issuer: "Contio", name: "webhook secret", prefix: "whs_", minimumBodyLength: 16),
        SecretFormat(issuer: "Contio", name: "credential rollback token", prefix: "rb_", minimumBodyLength: 16),
        SecretFormat(issuer: "Conto", name: "organization API key", prefix: "conto_org_", minimumBodyLength: 16),
        SecretFormat(issuer: "Conto", name: "agent SDK key", prefix: "conto_agent_", minimumBodyLength: 16),
        // Only `conto_` is documented for org keys; a key without `org_` still has this shape.
        SecretFormat(issuer: "Conto", name: "API key", prefix: "conto_", minimumBodyLength: 16),
    ]

    /// Whether `word` (a run of letters, digits and `_`) has this format.
    public func matches<S: StringProtocol>(_ word: S) -> Bool {
        guard word.hasPrefix(prefix) else { return false }
        let body = word.dropFirst(prefix.count)
        return body.count >= minimumBodyLength && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// The formats of the secrets found in `text` (empty when it holds none).
    public static func secrets(in text: String) -> [SecretFormat] {
        let words = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }
        return all.filter { format in words.contains(where: format.matches) }
    }

    /// Whether `text` contains a value that looks like a secret of one of these formats.
    public static func containsSecret(_ text: String) -> Bool { !secrets(in: text).isEmpty }
}
