/// Renders an OpenAPI 3.1 document from route declarations, so a document can only describe
/// routes the sandbox really serves. Each platform supplies its title, shared schemas and
/// security schemes; control routes (`/__sandbox`) and SDK extras are never described.
public struct OpenAPIRenderer: Sendable {
    public var title: String
    public var description: String
    public var version: String = "1.0.0"
    /// `#/components/schemas`.
    public var schemas: [String: OpenAPISchema]
    /// `#/components/securitySchemes`, as JSON.
    public var securitySchemes: [String: JSONValue]
    /// Schema of every path parameter.
    public var pathParameterSchema: JSONValue

    public init(title: String, description: String, schemas: [String: OpenAPISchema] = [:],
                securitySchemes: [String: JSONValue] = [:], pathParameterSchema: JSONValue = ["type": "string"]) {
        self.title = title
        self.description = description
        self.schemas = schemas
        self.securitySchemes = securitySchemes
        self.pathParameterSchema = pathParameterSchema
    }

    /// The document of `routes`' API routes; `operationId` names each operation. Variant paths
    /// are listed too, under the same operation id.
    public func render<Platform>(_ routes: [SandboxRoute<Platform>], operationId: (SandboxRoute<Platform>) -> String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes where route.role == .api || route.role == .document {
            let operation = self.operation(route, operationId: operationId(route))
            for path in [route.path] + route.variantPaths {
                paths[path, default: [:]][route.method.rawValue.lowercased()] = operation
            }
        }
        var components: [String: JSONValue] = [:]
        if !schemas.isEmpty { components["schemas"] = .object(schemas.mapValues(\.json)) }
        if !securitySchemes.isEmpty { components["securitySchemes"] = .object(securitySchemes) }
        return [
            "openapi": "3.1.0",
            "info": ["title": .string(title), "version": .string(version), "description": .string(description)],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": .object(components),
        ]
    }

    private func operation<Platform>(_ route: SandboxRoute<Platform>, operationId: String) -> JSONValue {
        let described = route.description
        var members: [String: JSONValue] = ["operationId": .string(operationId), "summary": .string(described.summary),
                                            "tags": [.string(described.tag)]]
        var parameters: [JSONValue] = route.pathParameters.map {
            ["name": .string($0), "in": "path", "required": true, "schema": pathParameterSchema]
        }
        parameters += described.query.map {
            ["name": .string($0.name), "in": "query", "required": false, "schema": $0.schema.json, "description": .string($0.description)]
        }
        if !parameters.isEmpty { members["parameters"] = .array(parameters) }
        if let body = described.requestBody {
            var media: [String: JSONValue] = ["schema": body.json]
            if let example = described.requestExample { media["example"] = example }
            members["requestBody"] = ["required": true, "content": ["application/json": .object(media)]]
        }
        var responses: [String: JSONValue] = [:]
        for (status, response) in described.otherResponses { responses[String(status)] = Self.response(response) }
        responses[String(route.successStatus)] = Self.response(.init("Success", described.response))
        members["responses"] = .object(responses)
        if !described.security.isEmpty {
            members["security"] = .array(described.security.map { [$0: []] })
        }
        for (key, value) in described.extensions { members[key] = value }
        return .object(members)
    }

    private static func response(_ response: OpenAPIOperation.Response) -> JSONValue {
        ["description": .string(response.description), "content": ["application/json": ["schema": response.schema.json]]]
    }
}
