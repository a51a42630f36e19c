/// A library problem a person can act on: the message says what is wrong and, where there is
/// one, what to run.
public struct LibraryError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
