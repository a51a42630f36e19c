import Foundation
import GRDB
import Hummingbird
import Logging
import SandboxCore

/// Registers Contio admin operations with auth, idempotency, one transaction and error rendering.
struct ContioRouter {
    static let prefix = "/v1/partner/admin"

    let router: Router<SandboxRequestContext>
    let store: SandboxStore
    /// Path prefix of the routes added (the admin API's, or the sandbox extras').
    var prefix: String = ContioRouter.prefix
    let logger = Logger(label: "adminsh.sandbox.contio")

    /// Adds `method path` (relative to the admin prefix) handled by `handler`.
    func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping (inout ContioCall) throws -> ContioReply) {
        let store = self.store, logger = self.logger, prefix = self.prefix
        router.on(RouterPath(prefix + path), method: method) { request, context in
            await Self.handle(request, context, method: method, store: store, logger: logger, handler: handler)
        }
    }

    /// Runs one request: authenticate, maybe replay, handle in one write transaction, render.
    static func handle(
        _ request: Request, _ context: SandboxRequestContext, method: HTTPRequest.Method,
        store: SandboxStore, logger: Logger, handler: @escaping (inout ContioCall) throws -> ContioReply
    ) async -> Response {
        let requestID = context.requestID
        let mutating = method != .get && method != .head
        let apiKey = SandboxHTTP.header(request, "X-API-Key")
        let clientID = SandboxHTTP.header(request, "X-Client-ID")
        let idempotencyKey = mutating ? SandboxHTTP.header(request, "Idempotency-Key") : nil
        var scope = ""
        do {
            let bodyData = try await SandboxHTTP.body(of: request, context: context)
            if let key = idempotencyKey {
                let fingerprint = IdempotencyLedger.fingerprint(method: method.rawValue, path: request.uri.path, body: bodyData)
                let outcome = try await store.write { db -> IdempotencyLedger.Outcome in
                    let app = try ContioAuth.authenticate(db: db, apiKey: apiKey, clientID: clientID)
                    scope = "contio:\(app.id):\(method.rawValue):\(request.uri.path)"
                    let now = try SandboxClock.now(tenant: app.id, db: db)
                    return try IdempotencyLedger.begin(db: db, scope: scope, key: key, fingerprint: fingerprint, now: now)
                }
                if case .replay(let stored) = outcome { return stored.response() }
            }
            do {
                let stored = try await store.write { db -> StoredResponse in
                    let app = try ContioAuth.authenticate(db: db, apiKey: apiKey, clientID: clientID)
                    let now = try SandboxClock.now(tenant: app.id, db: db)
                    try ContioAuth.touch(db: db, apiKey: apiKey ?? "", now: now)
                    var call = ContioCall(db: db, app: app, now: now, request: request, parameters: context.parameters,
                                          bodyData: bodyData, requestID: requestID)
                    var stored: StoredResponse
                    switch try handler(&call) {
                    case .response(let r): stored = r
                    case .committedFailure(let e): stored = ContioErrorBody.response(e, requestID: requestID)
                    }
                    stored.headers["X-Request-ID"] = requestID
                    if let key = idempotencyKey {
                        try IdempotencyLedger.complete(db: db, scope: scope, key: key, response: stored)
                    }
                    return stored
                }
                return stored.response()
            } catch {
                if let key = idempotencyKey {
                    try? await store.write { db in try IdempotencyLedger.abandon(db: db, scope: scope, key: key) }
                }
                throw error
            }
        } catch let error as SandboxError {
            return ContioErrorBody.response(error, requestID: requestID).response()
        } catch {
            // Unexpected (e.g. SQLite I/O): still the API's error shape; nothing was committed.
            logger.error("contio request failed: \(error)", metadata: ["request_id": "\(requestID)"])
            let e = SandboxError(.internalServerError, code: "internal_error", "internal error")
            return ContioErrorBody.response(e, requestID: requestID).response()
        }
    }
}
