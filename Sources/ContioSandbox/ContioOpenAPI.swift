import SandboxCore

/// Contio's parts of its OpenAPI 3.1 document (`GET /v1/partner/admin/openapi.json`): the title,
/// the two credential headers and the error answers. The shared renderer builds it from the
/// route declarations, so it lists exactly the operations the sandbox serves.
enum ContioOpenAPI {
    static let path = ContioPlatform.apiPrefix + "/openapi.json"

    static let renderer = OpenAPIRenderer(
        title: "Contio partner admin API (adminsh sandbox)",
        description: "The Contio partner admin surface as served by the adminsh sandbox. Generated from its route declarations.",
        schemas: ["Error": .record(["code": .string, "error": .string, "message": .string, "request_id": .string])],
        securitySchemes: [
            "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The partner app's API key (ctio_...)"],
            "clientId": ["type": "apiKey", "in": "header", "name": "X-Client-ID", "description": "The partner app's client id"],
        ])

    /// The document of `routes`.
    static func render(_ routes: [ContioRoute]) -> JSONValue {
        renderer.render(routes) { $0.operationId }
    }

    /// An app-authenticated operation with the answers every Contio operation documents.
    static func describe(_ summary: String, tag: String, query: [OpenAPIOperation.QueryParameter], response: OpenAPISchema,
                         body: Bool) -> OpenAPIOperation {
        let error = OpenAPISchema.ref("Error")
        return OpenAPIOperation(
            summary: summary, tag: tag, query: query, requestBody: body ? .map : nil, response: response,
            otherResponses: [
                400: .init("Invalid request (the message names the field)", error),
                401: .init("unauthorized: missing or invalid X-API-Key / X-Client-ID", error),
                404: .init("not_found", error),
                409: .init("Conflict (idempotency_key_reused, a state conflict)", error),
                500: .init("internal_error", error),
            ],
            security: ["apiKey"], extensions: ["x-also-requires": "clientId"])
    }

    /// `GET /v1/partner/admin/openapi.json`: the document itself, public.
    static func route(describing api: [ContioRoute]) -> ContioRoute {
        var route = ContioRoute(name: "contio.openapi", role: .document, method: .get, path: path, access: .open,
                                description: OpenAPIOperation(summary: "This OpenAPI document", tag: "Meta", response: .map)) { _ in .json(.null) }
        let document = render(api + [route])
        route.handler = { _ in .json(document) }
        return route
    }
}
