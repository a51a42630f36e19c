import Foundation
import HTTPTypes
import GRDB
import SandboxCore

/// Everything one Contio request sees, inside its transaction (a write transaction for
/// mutating requests, a read transaction for GETs).
struct ContioCall {
    let db: Database
    /// The authenticated partner app: the tenant. Every query is scoped by `app.id`. On the few
    /// open sandbox routes (no credential) it is `ContioApp.nobody`, whose empty id owns nothing.
    var app: ContioApp
    /// The tenant's clock.
    let now: Date
    /// The request as the pipeline read it.
    let request: IncomingRequest

    var requestID: String { request.requestID }
    var bodyData: Data? { request.body }

    /// The body as a JSON object: a failure is a 400 `field: reason` under the route's `code`;
    /// JSON null is a value (of the wrong type unless a field is `nullable`).
    func body(code: String = "validation_error", allowEmpty: Bool = true) throws -> FieldReader {
        try FieldReader(data: bodyData, allowEmpty: allowEmpty, nullIsAbsent: false) { SandboxError.invalid($0, $1, code: code) }
    }

    /// A query parameter.
    func query(_ name: String) -> String? { request.query[name] }

    /// A request header.
    func header(_ name: String) -> String? { request.header(name) }

    /// A path parameter (the router guarantees the declared ones exist).
    func parameter(_ name: String) -> String { request.parameters[name] ?? "" }

    /// A path parameter that must be a UUID (400 naming the parameter otherwise).
    func uuidParameter(_ name: String, code: String = "invalid_request") throws -> String {
        let value = parameter(name)
        guard SandboxIDs.isUUID(value) else { throw SandboxError.invalid(name, "must be a UUID", code: code) }
        return value.lowercased()
    }

    /// The largest `offset` a list accepts [I]: far beyond any list, and small enough to be
    /// echoed back as a JSON integer (bodies write whole numbers below 9e15 as integers).
    static let maxOffset = 1_000_000_000

    /// `limit`/`offset` query parameters: integers, limit 1...`maxLimit`, offset ≥ 0.
    func page(defaultLimit: Int = 50, maxLimit: Int = 100) throws -> (limit: Int, offset: Int) {
        var limit = defaultLimit, offset = 0
        if let raw = query("limit") {
            guard let v = Int(raw), v >= 1, v <= maxLimit else {
                throw SandboxError.invalid("limit", "must be an integer between 1 and \(maxLimit)", code: "invalid_request")
            }
            limit = v
        }
        if let raw = query("offset") {
            guard let v = Int(raw), v >= 0, v <= Self.maxOffset else {
                throw SandboxError.invalid("offset", "must be an integer between 0 and \(Self.maxOffset)", code: "invalid_request")
            }
            offset = v
        }
        return (limit, offset)
    }

    /// Timestamp text on the tenant clock.
    var nowText: String { SandboxTime.format(now) }
}
