/// A successful (2xx) reply to one operation.
public struct AdminResponse: Sendable {
    public let status: Int
    /// Response headers in the order received (names as sent by the server).
    public let headers: [(String, String)]
    /// The raw body (JSON for both APIs; empty for e.g. 204).
    public let body: [UInt8]
    /// The server's request id (`X-Request-ID`), if it sent one.
    public let requestID: String?

    public init(status: Int, headers: [(String, String)], body: [UInt8], requestID: String?) {
        self.status = status
        self.headers = headers
        self.body = body
        self.requestID = requestID
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveEquals(name) }?.1
    }

    /// True when the server answered from its idempotency store (`Idempotent-Replayed: true`).
    public var replayed: Bool { header("Idempotent-Replayed")?.lowercased() == "true" }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }
}
