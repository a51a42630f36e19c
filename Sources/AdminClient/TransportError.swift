import AdminSurface
import AsyncHTTPClient
import NIOCore

/// Maps failures below HTTP (no response at all) to client-side `AdminError`s.
enum TransportError {
    static func map(_ error: any Error, platform: Platform, operation: String, host: String, timeout: Double) -> AdminError {
        func make(_ code: String, _ message: String, retryable: Bool) -> AdminError {
            AdminError(code: code, status: nil, message: message, retryable: retryable, platform: platform, operation: operation)
        }
        if error is CancellationError {
            return make("CANCELLED", "the request was cancelled", retryable: false)
        }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return make("TIMEOUT", "no complete response from \(host) within \(formatSeconds(timeout))", retryable: true)
            case .cancelled:
                return make("CANCELLED", "the request was cancelled", retryable: false)
            case .invalidURL, .emptyHost, .emptyScheme:
                return make("INVALID_URL", "the request URL is not valid", retryable: false)
            case .alreadyShutdown:
                return make("CLIENT_SHUT_DOWN", "the HTTP client has been shut down", retryable: false)
            case .connectTimeout, .remoteConnectionClosed, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                return make("CONNECTION_FAILED", "could not reach \(host): \(e)", retryable: true)
            default:
                if String(describing: e).contains("unsupportedScheme") {
                    return make("INVALID_URL", "the request URL has an unsupported scheme", retryable: false)
                }
                return make("CONNECTION_FAILED", "request to \(host) failed: \(e)", retryable: true)
            }
        }
        // Connection refused, reset, DNS failure, TLS failure: nothing was answered.
        return make("CONNECTION_FAILED", "could not reach \(host): \(error)", retryable: true)
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
    }
}
