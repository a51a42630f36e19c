import AdminClient
import AdminSurface

extension AdminError {
    /// A refusal raised before any request (bad arguments): no HTTP status, not retryable.
    static func client(code: String, message: String, platform: Platform, operation: String) -> AdminError {
        AdminError(code: code, status: nil, message: message, retryable: false, platform: platform, operation: operation)
    }
}
