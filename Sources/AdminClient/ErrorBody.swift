import AdminSurface
import Foundation

/// Turns a non-2xx reply into an `AdminError`, reading the API's own error body.
///
/// Contio: `{code, error, message, request_id, ...}`. Conto (contract §6.2):
/// `{error, code, message, details?, requiredScope?}` with the request id in `X-Request-ID`.
/// Other members become `details` (strings as they are, anything else as JSON text). A body that
/// is not JSON (a proxy's HTML page) gives code `HTTP_<status>` and a short excerpt as message.
enum ErrorBody {
    static let knownMembers: Set<String> = ["code", "error", "message", "request_id", "requestId"]

    static func error(status: Int, headers: [(String, String)], body: [UInt8], platform: Platform, operation: String) -> AdminError {
        let headerRequestID = headers.first { $0.0.caseInsensitiveEquals("X-Request-ID") }?.1
        let retryAfter = headers.first { $0.0.caseInsensitiveEquals("Retry-After") }?.1
        var details: [String: String] = [:]
        if let retryAfter, RetryAfter.seconds(retryAfter) != nil { details["retry_after"] = retryAfter }

        var code = "HTTP_\(status)"
        var message = reason(status)
        var requestID = headerRequestID
        if let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] {
            if let c = object["code"] as? String, !c.isEmpty { code = c }
            // Both APIs send the text in `message` and `error`; Conto's clients read `error` first.
            if let m = (object["message"] as? String) ?? (object["error"] as? String), !m.isEmpty { message = m }
            if let r = (object["request_id"] as? String) ?? (object["requestId"] as? String), !r.isEmpty { requestID = r }
            for (key, value) in object where !knownMembers.contains(key) {
                details[key] = text(value)
            }
        } else if !body.isEmpty {
            let excerpt = String(decoding: body.prefix(200), as: UTF8.self)
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            message = "\(reason(status)): \(excerpt)"
        }
        return AdminError(code: code, status: status, message: message, requestID: requestID,
                          retryable: isRetryable(status: status), platform: platform, operation: operation, details: details)
    }

    /// 429 and every 5xx.
    static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    static func text(_ value: Any) -> String {
        if let s = value as? String { return s }
        if value is NSNull { return "null" }
        if JSONSerialization.isValidJSONObject(value),
           let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 422: return "Unprocessable Content"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP \(status)"
        }
    }
}
