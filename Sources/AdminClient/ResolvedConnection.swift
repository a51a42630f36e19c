/// What adminsh connects to: a named profile (or `env` for environment-only configuration) and
/// the client configuration built from it.
public struct ResolvedConnection: Sendable, CustomStringConvertible {
    /// The profile name, or `"env"` when the configuration came from environment variables only.
    public let name: String
    public let configuration: ClientConfiguration

    public init(name: String, configuration: ClientConfiguration) {
        self.name = name
        self.configuration = configuration
    }

    /// Redacted, safe to print.
    public var description: String { "\(name): \(configuration)" }
}
