import SandboxCore

/// Conto's parts of its OpenAPI 3.1 document (`GET /api/openapi`): the title, the shared
/// schemas, the bearer scheme and the error answers every route documents. The shared renderer
/// builds the document from the route table itself, so it can only describe routes the sandbox
/// really serves.
enum ContoOpenAPI {
    static let renderer = OpenAPIRenderer(
        title: "Conto org admin API (adminsh sandbox)",
        description: "The Conto admin and agent payment surface as served by the adminsh sandbox. Generated from its route table.",
        schemas: Components.all,
        securitySchemes: ["bearerAuth": ["type": "http", "scheme": "bearer",
                                         "description": "Org API key (conto_...) on admin routes; agent SDK key (conto_agent_...) on /api/sdk"]],
        pathParameterSchema: ["type": "string", "pattern": "^[A-Za-z0-9_-]+$"])

    /// The document of `routes`.
    static func render(_ routes: [ContoRoute]) -> JSON {
        renderer.render(routes) { $0.operationId }
    }

    /// Adds the answers and credential members every Conto operation documents.
    static func decorate(_ operation: OpenAPIOperation, operationId: String, access: ContoAccess) -> OpenAPIOperation {
        var operation = operation
        let error = Schema.ref("Error")
        var responses: [Int: OpenAPIOperation.Response] = [:]
        if operationId == "agents.assignPolicy" || operationId == "wallets.create" {
            // Repeating an assignment or an idempotent wallet create answers 200 with the existing resource.
            responses[200] = .init("Already existed", operation.response)
        }
        responses[400] = .init("Invalid request (VALIDATION_FAILED names the field) or a state/payment-flow error", error)
        if !access.isOpen {
            operation.security = ["bearerAuth"]
            responses[401] = .init("AUTH_FAILED or EXPIRED_KEY", error)
            responses[403] = .init("INSUFFICIENT_SCOPE: the key lacks \(access.scopeName ?? "a scope")", error)
            responses[429] = .init("RATE_LIMITED (see Retry-After)", error)
            operation.extensions["x-required-scope"] = .optional(access.scopeName)
            if case .agent = access { operation.extensions["x-credential"] = "agent" } else { operation.extensions["x-credential"] = "org" }
        }
        responses[404] = .init("NOT_FOUND", error)
        responses[409] = .init("Conflict (ALREADY_RESOLVED, IDEMPOTENCY_CONFLICT)", error)
        responses[500] = .init("INTERNAL_ERROR", error)
        operation.otherResponses = responses
        return operation
    }
}
