import AdminClient
import AdminSurface
import Foundation

/// Lets a session switch the credentials it sends for one platform (e.g. continue with a freshly
/// rotated API key, or verify that it authenticates) without restarting: a second client with the
/// same endpoint and the new credentials.
///
/// Two layers: the session's own credentials after a rotation it followed (`follow`), and an
/// explicit `useCredentials` switch on top. `useCredentials(nil)` drops only the switch, so a
/// session that rotated goes back to its new key, not to the replaced one.
final class CredentialOverride: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [Platform: AdminClient] = [:]
    private var pending: [Platform: Credentials] = [:]
    private var followed: [Platform: Credentials] = [:]

    func set(_ credentials: Credentials?, for platform: Platform) {
        let replaced: AdminClient? = lock.withLock {
            pending[platform] = credentials
            return clients.removeValue(forKey: platform)
        }
        if let replaced { Task { try? await replaced.shutdown() } }
    }

    /// The session's own credentials from now on (a followed rotation or rollback); clears an
    /// explicit switch, which named a key that is no longer the session's.
    func follow(_ credentials: Credentials, for platform: Platform) {
        let replaced: AdminClient? = lock.withLock {
            followed[platform] = credentials
            pending[platform] = nil
            return clients.removeValue(forKey: platform)
        }
        if let replaced { Task { try? await replaced.shutdown() } }
    }

    /// The credentials the session sends for `platform` when not the configured ones.
    func effective(for platform: Platform) -> Credentials? {
        lock.withLock { pending[platform] ?? followed[platform] }
    }

    /// Shuts down every override client (their connection pools must close before they go away).
    func shutdown() async {
        let all: [AdminClient] = lock.withLock {
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in all { try? await client.shutdown() }
    }

    /// The client to use for `platform`: an override if one is set, else `base`.
    func client(for platform: Platform, base: AdminClient) -> AdminClient {
        lock.withLock {
            if let existing = clients[platform] { return existing }
            guard let credentials = pending[platform] ?? followed[platform] else { return base }
            var configuration = base.configuration
            switch platform {
            case .contio: configuration.contio?.credentials = credentials; configuration.contio?.deferredCredentials = nil
            case .conto: configuration.conto?.credentials = credentials; configuration.conto?.deferredCredentials = nil
            }
            let client = AdminClient(configuration: configuration)
            clients[platform] = client
            return client
        }
    }
}
