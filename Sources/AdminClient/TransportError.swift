import AdminSurface
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

/// Maps failures below HTTP (no response at all) to client-side `AdminError`s, each with one
/// plain sentence saying what happened and what to check.
enum TransportError {
    static func map(_ error: any Error, platform: Platform, operation: String, host: String, timeout: Double) -> AdminError {
        func make(_ code: String, _ message: String, retryable: Bool, status: Int? = nil) -> AdminError {
            AdminError(code: code, status: status, message: message, retryable: retryable, platform: platform, operation: operation)
        }
        if error is CancellationError {
            return make("CANCELLED", "the request was cancelled", retryable: false)
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                // [I] status 0, as the Conto SDK reports a client-side timeout.
                return make("TIMEOUT", "no complete response from \(host) within \(formatSeconds(timeout))", retryable: true, status: 0)
            case .cancelled:
                return make("CANCELLED", "the request was cancelled", retryable: false)
            case .invalidURL, .emptyHost, .emptyScheme:
                return make("INVALID_URL", "the request URL is not valid", retryable: false)
            case .alreadyShutdown:
                return make("CLIENT_SHUT_DOWN", "the HTTP client has been shut down", retryable: false)
            case .connectTimeout, .getConnectionFromPoolTimeout:
                return make("CONNECTION_FAILED", "could not connect to \(host) in time; check the URL and your network", retryable: true)
            case .tlsHandshakeTimeout:
                return make("CONNECTION_FAILED", "the TLS handshake with \(host) timed out; check that the URL's scheme and port are right", retryable: true)
            case .remoteConnectionClosed:
                return make("CONNECTION_FAILED", "\(host) closed the connection before answering", retryable: true)
            default:
                if String(describing: e).contains("unsupportedScheme") {
                    return make("INVALID_URL", "the request URL has an unsupported scheme", retryable: false)
                }
                return make("CONNECTION_FAILED", "the request to \(host) failed (\(e))", retryable: true)
            }
        }
        // Connection refused, reset, DNS failure, TLS failure: nothing was answered.
        return make("CONNECTION_FAILED", sentence(for: error, host: host), retryable: true)
    }

    /// One sentence for a socket-level failure (NIO's own descriptions nest several layers).
    static func sentence(for error: any Error, host: String) -> String {
        var errno: CInt?
        if let io = error as? IOError { errno = io.errnoCode }
        if let connect = error as? NIOConnectionError {
            if connect.dnsAError != nil || connect.dnsAAAAError != nil, connect.connectionErrors.isEmpty {
                return "could not resolve the host name of \(host); check the URL"
            }
            errno = connect.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }.first
        }
        switch errno {
        case ECONNREFUSED?: return "could not connect to \(host): nothing is listening there; check the URL and that the service is running"
        case ECONNRESET?: return "\(host) reset the connection; try again, or check the URL's scheme and port"
        case ENETUNREACH?, EHOSTUNREACH?: return "\(host) is unreachable from this machine; check your network"
        case ETIMEDOUT?: return "could not connect to \(host) in time; check the URL and your network"
        default:
            if "\(error)".lowercased().contains("ssl") || "\(error)".lowercased().contains("tls") {
                return "the TLS connection to \(host) failed; check that the URL's scheme and port are right"
            }
            return "could not reach \(host); check the URL and your network"
        }
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}
