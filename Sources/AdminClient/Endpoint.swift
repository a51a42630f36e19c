/// Where one platform lives and how to authenticate to it.
public struct Endpoint: Sendable, CustomStringConvertible {
    /// Scheme, host and port, optionally with the API's own prefix (`https://conto.finance`,
    /// `http://127.0.0.1:8787`, `http://127.0.0.1:8787/api`): a prefix the operation path also
    /// starts with is not doubled.
    public var baseURL: String
    public var credentials: Credentials
    /// A local sandbox's admin token, sent as `X-Sandbox-Token` with its `/__sandbox/...` control
    /// routes only (secret: never logged).
    public var sandboxToken: String?

    public init(baseURL: String, credentials: Credentials, sandboxToken: String? = nil) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.sandboxToken = sandboxToken
    }

    /// Redacted (`https://conto.finance conto(orgKey: ‹secret›)`).
    public var description: String { "\(baseURL) \(credentials)" }
}
