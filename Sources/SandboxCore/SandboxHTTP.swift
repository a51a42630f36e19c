import Foundation
import HTTPTypes
import Hummingbird

/// A response kept as plain data, so it can be stored (idempotency replays) and rebuilt later.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data?

    public init(status: Int, headers: [String: String] = [:], body: Data? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response (`Content-Type: application/json`); `nil` body means no body (e.g. 204).
    public static func json(_ status: HTTPResponse.Status, _ body: JSONValue?, headers: [String: String] = [:]) -> StoredResponse {
        var h = headers
        if body != nil { h["Content-Type"] = "application/json" }
        return StoredResponse(status: status.code, headers: h, body: body?.encoded())
    }

    /// The Hummingbird response.
    public func response() -> Response {
        var fields = HTTPFields()
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        let buffer = ByteBuffer(bytes: body ?? Data())
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: ResponseBody(byteBuffer: buffer))
    }
}

/// Small request helpers shared by the modules.
public enum SandboxHTTP {
    /// The value of header `name` (case-insensitive), or nil.
    public static func header(_ request: Request, _ name: String) -> String? {
        guard let n = HTTPField.Name(name) else { return nil }
        return request.headers[n]
    }

    /// Collects the body (≤ the context's upload limit). An empty body yields nil.
    /// Throws a 413 `SandboxError` for oversized bodies, never a 500.
    public static func body(of request: Request, context: SandboxRequestContext) async throws -> Data? {
        var request = request
        do {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            let data = Data(buffer: buffer)
            return data.isEmpty ? nil : data
        } catch {
            throw SandboxError(.contentTooLarge, code: "invalid_request_body", "request body exceeds \(context.maxUploadSize) bytes")
        }
    }
}

extension Data {
    /// The readable bytes of a NIO buffer.
    public init(buffer: ByteBuffer) {
        self = Data(buffer.readableBytesView)
    }
}
