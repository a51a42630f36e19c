import Foundation
import NIOCore
import NIOPosix

/// A refused connection to a loopback address means the local server is not running: waiting
/// for it through a full backoff tells the person nothing new, so such a call fails after one
/// retry (a server that is just starting gets that second).
enum LoopbackRefusal {
    /// Whether a URL's host names this machine.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: ["[", "]"])
        return h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h.hasPrefix("127.")
    }

    /// Whether the connection was refused (ECONNREFUSED): nothing listens at the address.
    static func isRefused(_ error: any Error) -> Bool {
        if let io = error as? IOError { return io.errnoCode == ECONNREFUSED }
        if let connect = error as? NIOConnectionError {
            return connect.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
        }
        return false
    }
}
