/// What adminsh connects to: a named profile (or `env` for environment-only configuration) and
/// the client configuration built from it.
public struct ResolvedConnection: Sendable, CustomStringConvertible {
    /// The profile name, or `"env"` when the configuration came from environment variables only.
    public let name: String
    public let configuration: ClientConfiguration
    /// The prompt's colour for this profile (`color = "red"`), one of `ProfileSpec.colors`.
    public var color: String?
    /// What the prompt shows instead of the profile name (`label = "PROD"`).
    public var label: String?
    /// Which calls ask `[y/N]` at an interactive prompt (`confirm = ...`).
    public var confirm: ConfirmPolicy = .destructive

    /// `confirm = "destructive" | "mutating" | "never"`: at an interactive prompt, destructive
    /// calls (or every mutating call) ask first; with `"mutating"`, `adminsh run` refuses
    /// mutating calls unless given `--yes`.
    public enum ConfirmPolicy: String, Sendable, CaseIterable {
        case destructive, mutating, never
    }

    public init(name: String, configuration: ClientConfiguration, color: String? = nil, label: String? = nil,
                confirm: ConfirmPolicy = .destructive) {
        self.name = name
        self.configuration = configuration
        self.color = color
        self.label = label
        self.confirm = confirm
    }

    /// Redacted, safe to print.
    public var description: String { "\(name): \(configuration)" }
}
