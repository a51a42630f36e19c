import Foundation
import GRDB

/// One authenticated request inside its write transaction: what handlers read and write through.
struct ContoCall {
    /// Typed documents of the open transaction.
    let docs: DocumentStore
    /// The caller's organization (the tenant).
    let org: String
    /// The authenticated key (nil only on `.open` sandbox routes).
    let caller: ContoCaller?
    /// The tenant clock's now, read once so a request sees one instant.
    let now: Date
    /// Path parameters by name.
    let params: [String: String]
    /// Query parameters.
    let query: QueryReader
    /// The parsed body (nil when empty).
    let body: JSON?
    /// Effective settings of the org.
    let settings: ContoConfiguration
    /// Client address and agent string, for audit entries.
    let ipAddress: String?
    let userAgent: String?
    /// A status overriding the route's success status (e.g. 200 for an idempotent create).
    var status: Int?

    var db: Database { docs.db }

    /// Path parameter `name` (the router guarantees it exists).
    func param(_ name: String) -> String { params[name] ?? "" }

    /// The body as an object; an empty body reads as `{}`.
    func fields() throws -> FieldReader { try FieldReader(body: body ?? .object([:])) }

    /// Records an audit entry for the caller.
    func audit(_ action: String, _ resource: String, _ resourceId: String?, previous: JSON? = nil, new: JSON? = nil,
               metadata: [String: JSON] = [:]) throws {
        try AuditTrail.append(docs: docs, org: org, action: action, resource: resource, resourceId: resourceId,
                              actorType: caller?.actorType ?? "SYSTEM", actorId: caller?.keyId ?? "sandbox",
                              previous: previous, new: new, metadata: metadata, ipAddress: ipAddress, userAgent: userAgent, at: now)
    }
}
