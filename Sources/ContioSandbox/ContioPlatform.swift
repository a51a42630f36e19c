import Foundation
import GRDB
import Logging
import SandboxCore

/// What a Contio route demands of its caller.
enum ContioAccess: Sendable {
    /// A partner app's `X-API-Key` and `X-Client-ID`.
    case app
    /// No credential (sandbox-only: creating an app, declaring DNS records).
    case open
}

/// Contio documents no request budgets (its one limit, credential rotations per day, is a rule
/// of the rotation itself): no route has a rate class.
enum ContioRateClass: Sendable {}

/// Contio's policy for the shared pipeline: app credentials in two headers, no scopes, no
/// request budgets, `{code, error, message, request_id}` error bodies.
struct ContioPlatform: SandboxPlatform {
    typealias Access = ContioAccess
    typealias Caller = ContioPrincipal
    typealias RateClass = ContioRateClass
    typealias Call = ContioCall
    typealias Reply = ContioReply

    /// Every admin API path starts here.
    static let apiPrefix = "/v1/partner/admin"
    var prefix: String { Self.apiPrefix }
    let logger = Logger(label: "adminsh.sandbox.contio")

    func isOpen(_ access: ContioAccess) -> Bool {
        if case .open = access { return true }
        return false
    }

    func authenticate(_ request: IncomingRequest, for access: ContioAccess, db: Database, stamp: Bool) throws -> (caller: ContioPrincipal, now: Date) {
        let principal = try ContioAuth.authenticate(db: db, apiKey: request.header("X-API-Key"), clientID: request.header("X-Client-ID"))
        let now = try SandboxClock.now(tenant: principal.app.id, db: db)
        if stamp, ContioAuth.isDue(principal.lastUsedAt, now) {
            try ContioAuth.touch(db: db, keyDigest: principal.keyDigest, now: now)
        }
        return (principal, now)
    }

    /// Contio keys carry no scopes: an authenticated app may call every route.
    func authorize(_ caller: ContioPrincipal, for access: ContioAccess) throws {}

    /// Never called: no Contio route has a rate class (the type has no values).
    func admit(_ caller: ContioPrincipal, rateClass: ContioRateClass, now: Date, headers: inout [String: String]) throws {}

    func idempotencyTenant(_ caller: ContioPrincipal) -> String { "contio:\(caller.app.id)" }

    func makeCall(_ request: IncomingRequest, caller: ContioPrincipal?, now: Date, db: Database) throws -> ContioCall {
        ContioCall(db: db, app: caller?.app ?? .nobody, now: now, request: request)
    }

    func respond(_ reply: ContioReply, call: ContioCall, successStatus: Int, requestID: String) -> StoredResponse {
        switch reply {
        case .response(let response): return response
        case .committedFailure(let error): return ContioErrorBody.response(error, requestID: requestID)
        }
    }

    func stampIsDue(_ caller: ContioPrincipal, now: Date) -> Bool { ContioAuth.isDue(caller.lastUsedAt, now) }

    func stamp(_ caller: ContioPrincipal, now: Date, db: Database) throws {
        try ContioAuth.touch(db: db, keyDigest: caller.keyDigest, now: now)
    }

    func errorResponse(_ error: Error, requestID: String, route: String) -> StoredResponse {
        if let error = error as? SandboxError {
            return ContioErrorBody.response(ContioErrorCodes.translate(error, forRoute: route), requestID: requestID)
        }
        // Unexpected (e.g. SQLite I/O): still the API's error shape; nothing was committed.
        logger.error("contio: \(route) failed: \(error)", metadata: ["request_id": "\(requestID)"])
        return ContioErrorBody.response(SandboxError(.internalServerError, code: "internal_error", "internal error"), requestID: requestID)
    }
}
