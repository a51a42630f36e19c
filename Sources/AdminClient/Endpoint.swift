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
    /// Set when a secrets-manager command supplies the credentials (`*_command` profile
    /// settings): they are read on the first request that needs them; `credentials` is then a
    /// placeholder.
    public var deferredCredentials: DeferredCredentials?
    /// A profile's `*_store_command`: receives a newly rotated secret on standard input.
    public var storeCommand: KeyCommand?
    /// Where the key came from (nil: given in code), for a session that rotates it.
    public var keyOrigin: KeyOrigin?

    public init(baseURL: String, credentials: Credentials, sandboxToken: String? = nil) {
        self.baseURL = baseURL
        self.credentials = credentials
        self.sandboxToken = sandboxToken
    }

    /// The credentials to send: the command's, once read, else `credentials`.
    public func currentCredentials() async throws -> Credentials {
        try await deferredCredentials?.value() ?? credentials
    }

    /// Redacted (`https://conto.finance conto(orgKey: ‹secret›)`).
    public var description: String { "\(baseURL) \(credentials)" }
}
