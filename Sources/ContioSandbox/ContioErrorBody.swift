import SandboxCore

/// Renders errors in Contio's shape `{code, error, message, request_id}`.
enum ContioErrorBody {
    static func response(_ error: SandboxError, requestID: String) -> StoredResponse {
        var body: [String: JSONValue] = [
            "code": .string(error.code),
            "error": .string(error.message),
            "message": .string(error.message),
            "request_id": .string(requestID),
        ]
        for (k, v) in error.extra { body[k] = v }
        var headers = error.headers
        headers["X-Request-ID"] = requestID
        return .json(error.status, .object(body), headers: headers)
    }
}
