/// Renders the OpenAPI 3.1 document of the Conto surface from the route table itself, so the
/// document can only describe routes the sandbox really serves.
enum OpenAPIDocument {
    static func render(_ routes: [ContoRoute]) -> JSON {
        var paths: [String: [String: JSON]] = [:]
        for route in routes where route.isPublicAPI {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Conto org admin API (adminsh sandbox)", "version": "1.0.0",
                     "description": "The Conto admin and agent payment surface as served by the adminsh sandbox. Generated from its route table."],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues(JSON.object)),
            "components": ["schemas": .object(Components.all.mapValues(\.json)),
                           "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer",
                                                              "description": "Org API key (conto_...) on admin routes; agent SDK key (conto_agent_...) on /api/sdk"]]],
        ]
    }

    private static func operation(_ route: ContoRoute) -> JSON {
        var members: [String: JSON] = ["operationId": .string(route.operationId), "summary": .string(route.summary), "tags": [.string(route.tag)]]
        var parameters: [JSON] = route.pathParameters.map {
            ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[A-Za-z0-9_-]+$"]]
        }
        parameters += route.query.map {
            ["name": .string($0.name), "in": "query", "required": false, "schema": $0.schema.json, "description": .string($0.description)]
        }
        if !parameters.isEmpty { members["parameters"] = .array(parameters) }
        if let body = route.requestBody {
            var media: [String: JSON] = ["schema": body.json]
            if let example = route.requestExample { media["example"] = example }
            members["requestBody"] = ["required": true, "content": ["application/json": .object(media)]]
        }
        var responses: [String: JSON] = [String(route.successStatus): response("Success", route.response)]
        if route.operationId == "agents.assignPolicy" || route.operationId == "wallets.create" {
            // Repeating an assignment or an idempotent wallet create answers 200 with the existing resource.
            responses["200"] = response("Already existed", route.response)
        }
        let error = Schema.ref("Error")
        responses["400"] = response("Invalid request (VALIDATION_FAILED names the field) or a state/payment-flow error", error)
        if case .open = route.access {} else {
            members["security"] = [["bearerAuth": []]]
            responses["401"] = response("AUTH_FAILED or EXPIRED_KEY", error)
            responses["403"] = response("INSUFFICIENT_SCOPE: the key lacks \(route.access.scopeName ?? "a scope")", error)
            responses["429"] = response("RATE_LIMITED (see Retry-After)", error)
            members["x-required-scope"] = .optional(route.access.scopeName)
            if case .agent = route.access { members["x-credential"] = "agent" } else { members["x-credential"] = "org" }
        }
        responses["404"] = response("NOT_FOUND", error)
        responses["409"] = response("Conflict (ALREADY_RESOLVED, IDEMPOTENCY_CONFLICT)", error)
        responses["500"] = response("INTERNAL_ERROR", error)
        members["responses"] = .object(responses)
        return .object(members)
    }

    private static func response(_ description: String, _ schema: Schema) -> JSON {
        ["description": .string(description), "content": ["application/json": ["schema": schema.json]]]
    }
}
