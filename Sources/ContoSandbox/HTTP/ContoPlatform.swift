import Foundation
import GRDB
import HTTPTypes
import Logging
import SandboxCore

/// An authenticated Conto caller with its organization's effective settings (read once).
struct ContoPrincipal {
    var key: ContoCaller
    var settings: ContoConfiguration
}

/// Conto's policy for the shared pipeline: `Authorization: Bearer` org or agent keys, scopes on
/// the key, three sliding-window budgets with `X-RateLimit-*` headers, and `{error, code,
/// message}` error bodies.
struct ContoPlatform: SandboxPlatform {
    typealias Access = ContoAccess
    typealias Caller = ContoPrincipal
    typealias RateClass = ContoRateClass
    typealias Call = ContoCall
    typealias Reply = JSON

    /// Every API route starts here.
    static let apiPrefix = "/api"
    var prefix: String { Self.apiPrefix }

    /// Process defaults (an org may override them through `/__sandbox/conto/settings`).
    let configuration: ContoConfiguration
    let limiter = RateLimiter()
    let logger = Logger(label: "adminsh.sandbox.conto")

    func isOpen(_ access: ContoAccess) -> Bool { access.isOpen }

    func authenticate(_ request: IncomingRequest, for access: ContoAccess, db: Database, stamp: Bool) throws -> (caller: ContoPrincipal, now: Date) {
        let docs = DocumentStore(db: db)
        let key = try Authenticator.authenticate(request.header("Authorization"), access: access, docs: docs, stamp: stamp) {
            try SandboxClock.now(tenant: ContoSandbox.tenant($0), db: db)
        }
        let now = try SandboxClock.now(tenant: ContoSandbox.tenant(key.orgId), db: db)
        let settings = try docs.get(Organization.self, key.orgId, org: key.orgId)?.settings ?? configuration
        return (ContoPrincipal(key: key, settings: settings), now)
    }

    func authorize(_ caller: ContoPrincipal, for access: ContoAccess) throws {
        try Authenticator.authorize(caller.key, for: access)
    }

    func admit(_ caller: ContoPrincipal, rateClass: ContoRateClass, now: Date, headers: inout [String: String]) throws {
        let settings = caller.settings
        let verdict = limiter.hit("\(rateClass.rawValue):\(caller.key.keyId)", limit: rateClass.limit(settings),
                                  window: TimeInterval(settings.windowSeconds), now: now)
        headers["X-RateLimit-Limit"] = String(verdict.limit)
        headers["X-RateLimit-Remaining"] = String(verdict.remaining)
        headers["X-RateLimit-Reset"] = ISO8601.format(verdict.reset)
        if !verdict.allowed {
            headers["Retry-After"] = String(verdict.retryAfterSeconds)
            throw ContoError.rateLimited
        }
    }

    func idempotencyTenant(_ caller: ContoPrincipal) -> String { "conto:\(caller.key.keyId)" }

    func makeCall(_ request: IncomingRequest, caller: ContoPrincipal?, now: Date, db: Database) throws -> ContoCall {
        ContoCall(docs: DocumentStore(db: db), org: caller?.key.orgId ?? "", caller: caller?.key, now: now,
                  params: request.parameters, query: QueryReader(request.query), body: try JSONValue.parseBody(request.body),
                  settings: caller?.settings ?? configuration, ipAddress: request.header("X-Forwarded-For") ?? "127.0.0.1",
                  userAgent: request.header("User-Agent"), status: nil)
    }

    func respond(_ reply: JSON, call: ContoCall, successStatus: Int, requestID: String) -> StoredResponse {
        StoredResponse.json(HTTPResponse.Status(code: call.status ?? successStatus), reply)
    }

    func stampIsDue(_ caller: ContoPrincipal, now: Date) -> Bool { Authenticator.isDue(caller.key.lastUsedAt, now) }

    func stamp(_ caller: ContoPrincipal, now: Date, db: Database) throws {
        try Authenticator.stamp(caller.key, at: now, docs: DocumentStore(db: db))
    }

    func errorResponse(_ error: Error, requestID: String, route: String) -> StoredResponse {
        switch error {
        case let error as ContoError:
            return StoredResponse.json(HTTPResponse.Status(code: error.status), error.body)
        case let error as SandboxError:
            // Core failures (oversized body, a bad or reused Idempotency-Key) in Conto's error shape.
            let code: String
            switch error.status.code {
            case 400, 413: code = "VALIDATION_FAILED"
            case 409: code = "IDEMPOTENCY_CONFLICT"   // an Idempotency-Key reused with another body
            default: code = "INTERNAL_ERROR"
            }
            let mapped = ContoError(status: error.status.code, code: code, message: error.message)
            return StoredResponse.json(error.status, mapped.body, headers: error.headers)
        default:
            logger.error("conto: unexpected failure on \(route): \(error)", metadata: ["request_id": "\(requestID)"])
            return StoredResponse.json(.internalServerError, ContoError.internalError("Internal error: \(error)").body)
        }
    }

    func didReset() { limiter.removeAll() }
}
