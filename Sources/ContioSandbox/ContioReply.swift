import HTTPTypes
import SandboxCore

/// What a Contio handler produced.
enum ContioReply {
    /// Commit and send this response.
    case response(StoredResponse)
    /// Commit what the handler wrote (e.g. a failed attempt in the credential history), then
    /// answer with this error. Thrown errors, by contrast, roll the transaction back.
    case committedFailure(SandboxError)

    static func json(_ body: JSONValue, status: HTTPResponse.Status = .ok) -> ContioReply {
        .response(.json(status, body))
    }

    static let noContent = ContioReply.response(StoredResponse(status: 204))
}
