/// A configuration problem found while resolving a profile: unreadable or malformed
/// `config.toml`, unknown profile, inline key, unsafe key file, missing environment variable.
///
/// The message names the file, profile and setting at fault, never a key's value.
public struct ProfileError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
