import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Outgoing HTTP for webhook deliveries: one POST, a hard timeout, never throws.
public enum OutboundHTTP {
    /// A client of its own: a refused connection fails the attempt at once (the delivery
    /// schedule does the retrying, not the HTTP client), and redirects are not followed.
    /// Process-lifetime singleton, like `HTTPClient.shared`, so it is never shut down.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// What one attempt produced: a status and body, or a transport error.
    public struct Result: Sendable {
        /// HTTP status, or nil when no response arrived.
        public var status: Int?
        public var headers: [String: String]
        /// Response body, truncated to 4 KiB (kept for debugging only).
        public var body: String
        /// Transport error text (connection refused, timeout, bad URL), else nil.
        public var error: String?
    }

    /// Why no delivery may leave this process (a clone of a real app serves here), or nil.
    /// Set before the server starts; an attempt then fails at once with this reason.
    nonisolated(unsafe) public static var held: String?

    /// POSTs `body` to `url` with `headers`; gives up after `timeout`.
    public static func post(url: String, headers: [String: String], body: Data, timeout: TimeAmount = .seconds(5)) async -> Result {
        if let held { return Result(status: nil, headers: [:], body: "", error: "not sent: \(held)") }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: 1 << 20)
            var text = String(buffer: buffer)
            if text.count > 4096 { text = String(text.prefix(4096)) }
            var out: [String: String] = [:]
            for h in response.headers { out[h.name] = h.value }
            return Result(status: Int(response.status.code), headers: out, body: text, error: nil)
        } catch {
            return Result(status: nil, headers: [:], body: "", error: String(describing: error))
        }
    }
}
