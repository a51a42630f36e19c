import AdminClient

/// Supplies the client the bindings send through. The embedded sandbox starts lazily behind it,
/// on the first API call, so start-up stays fast.
public protocol ConnectionProvider: AnyObject, Sendable {
    func client() async throws -> AdminClient
    /// `"sandbox"` or the profile name, for the banner and prompt.
    var label: String { get }
    /// Closes connections (called once when the session ends).
    func shutdown() async
}

/// A provider around a client that already exists (profiles, tests).
public final class FixedConnection: ConnectionProvider, @unchecked Sendable {
    let admin: AdminClient
    public let label: String
    public init(client: AdminClient, label: String) {
        admin = client
        self.label = label
    }
    public func client() async throws -> AdminClient { admin }
    public func shutdown() async { try? await admin.shutdown() }
}
