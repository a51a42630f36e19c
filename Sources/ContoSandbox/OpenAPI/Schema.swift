import SandboxCore

/// The shared schema type under the name Conto's declarations use.
public typealias Schema = OpenAPISchema
