/// What an OpenAPI document says about one route: its summary, inputs and responses.
public struct OpenAPIOperation: Sendable {
    /// A documented query parameter.
    public struct QueryParameter: Sendable {
        public var name: String
        public var schema: OpenAPISchema
        public var description: String

        public init(name: String, schema: OpenAPISchema, description: String) {
            self.name = name
            self.schema = schema
            self.description = description
        }
    }

    /// A documented response other than the success one.
    public struct Response: Sendable {
        public var description: String
        public var schema: OpenAPISchema

        public init(_ description: String, _ schema: OpenAPISchema) {
            self.description = description
            self.schema = schema
        }
    }

    public var summary: String
    public var tag: String
    public var query: [QueryParameter]
    /// Request body schema, and an example body that contract tests send.
    public var requestBody: OpenAPISchema?
    public var requestExample: JSONValue?
    /// Schema of the success response.
    public var response: OpenAPISchema
    /// Further responses by status code (errors, an alternative success).
    public var otherResponses: [Int: Response]
    /// Names of the security schemes the route takes (empty: no credential).
    public var security: [String]
    /// `x-…` members of the operation object.
    public var extensions: [String: JSONValue]

    public init(summary: String, tag: String, query: [QueryParameter] = [], requestBody: OpenAPISchema? = nil,
                requestExample: JSONValue? = nil, response: OpenAPISchema, otherResponses: [Int: Response] = [:],
                security: [String] = [], extensions: [String: JSONValue] = [:]) {
        self.summary = summary
        self.tag = tag
        self.query = query
        self.requestBody = requestBody
        self.requestExample = requestExample
        self.response = response
        self.otherResponses = otherResponses
        self.security = security
        self.extensions = extensions
    }
}
