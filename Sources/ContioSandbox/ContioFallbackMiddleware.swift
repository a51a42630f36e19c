import Hummingbird
import SandboxCore

/// Gives requests to unknown Contio paths (or unsupported methods) the API's own error body
/// instead of Hummingbird's bare 404/405. Only touches `/v1/partner/admin` and
/// `/__sandbox/contio`; other modules' responses pass through untouched.
struct ContioFallbackMiddleware: RouterMiddleware {
    typealias Context = SandboxRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let path = request.uri.path
            guard path.hasPrefix(ContioPlatform.apiPrefix) || path.hasPrefix(ContioSandboxRoutes.prefix) else { throw error }
            let code = error.status == .notFound ? "not_found" : error.status == .methodNotAllowed ? "method_not_allowed" : "invalid_request"
            let message = error.status == .notFound ? "no such endpoint: \(request.method.rawValue) \(path)" : "\(error.status.reasonPhrase): \(path)"
            return ContioErrorBody.response(SandboxError(error.status, code: code, message), requestID: context.requestID).response()
        }
    }
}
