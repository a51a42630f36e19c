import Foundation
import GRDB
import Hummingbird
import Logging
import SandboxCore

/// The Conto org admin API emulator: `/api/...` plus sandbox helpers under `/__sandbox/conto`.
///
/// Every mutating request runs in one SQLite write transaction (authentication, rate limiting,
/// the handler, its audit entry), so a failing request leaves nothing behind; GET requests run
/// in a read transaction on one of the pool's reader connections.
public struct ContoSandbox: SandboxModule {
    /// Key in the seed record: `{"conto": {"org_api_key", "org_id"}}`.
    public static let seedKey = "conto"

    /// Adds the `conto.*` migrations.
    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        ContoMigrations.register(&migrator)
    }

    /// The shared store.
    public let store: SandboxStore
    /// Process defaults (an org may override them through `/__sandbox/conto/settings`).
    public let configuration: ContoConfiguration
    private let limiter = RateLimiter()
    private let logger = Logger(label: "adminsh.sandbox.conto")

    /// Builds the module with the contract defaults overridden by `ADMINSH_CONTO_*` variables.
    public init(store: SandboxStore) throws {
        self.init(store: store, configuration: .fromEnvironment())
    }

    /// Builds the module with explicit defaults.
    public init(store: SandboxStore, configuration: ContoConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// Every route, in registration order: the one table behind the router and `/api/openapi`.
    static let routes: [ContoRoute] = {
        let api = AgentRoutes.all + AgentWalletRoutes.all + AgentPolicyRoutes.all + SdkKeyRoutes.all + WalletRoutes.all
            + PolicyRoutes.all + CounterpartyRoutes.all + AlertRoutes.all + ReportingRoutes.all + PaymentRoutes.all
        return api + [openAPIRoute(api)] + SandboxRoutes.all
    }()

    /// `GET /api/openapi`: public, like Conto's own document. [I] No key required.
    private static func openAPIRoute(_ api: [ContoRoute]) -> ContoRoute {
        var route = ContoRoute.get("/api/openapi", "openapi", "This OpenAPI document", tag: "Meta", access: .open, response: .map) { _ in .null }
        let document = OpenAPIDocument.render(api + [route])
        route.handler = { _ in document }
        return route
    }

    /// The OpenAPI document served at `/api/openapi`.
    public static var openAPIDocument: JSONValue { OpenAPIDocument.render(routes) }

    /// Tenant name of an org in the core's clock table (prefixed so it never meets a Contio tenant).
    static func tenant(_ org: String) -> String { "conto:\(org)" }

    /// Registers every route on `router`.
    public func addRoutes(to router: Router<SandboxRequestContext>) {
        for route in Self.routes {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                await self.serve(route, request: request, context: context)
            }
        }
    }

    public func isEmpty(_ db: Database) throws -> Bool {
        try DocumentStore(db: db).count(Organization.self) == 0
    }

    /// The demo org with an Admin-preset org key; its part of the seed record is
    /// `{org_api_key, org_id}` (the key in clear, shown once), reused as given on a reset.
    public func seed(_ db: Database, reusing part: JSONValue?) throws -> JSONValue {
        var given: (orgId: String, secret: String)?
        if let orgId = part?["org_id"]?.stringValue, let secret = part?["org_api_key"]?.stringValue,
           secret.hasPrefix(ContoKeys.orgPrefix) {
            given = (orgId, secret)
        }
        let created = try Seeding.createOrganization(DocumentStore(db: db), name: "Demo Org", preset: .admin, now: Date(), reusing: given)
        return ["org_api_key": .string(created.secret), "org_id": .string(created.org.id)]
    }

    /// Rate windows belong to keys that no longer exist after a reset.
    public func didReset() {
        limiter.removeAll()
        DecodedDocumentCache.shared.removeAll()
    }

    // MARK: dispatch

    /// Headers gathered while serving, kept outside the transaction so an error response has them too.
    private final class ReplyHeaders: @unchecked Sendable {
        var values: [String: String] = [:]
    }

    /// What the dispatcher read from the HTTP request.
    private struct Incoming {
        var params: [String: String]
        var query: QueryReader
        var body: JSON?
        var authorization: String?
        var ipAddress: String?
        var userAgent: String?
    }

    /// Who sent a request (nil on `.open` routes) and the tenant's now, read once per request.
    private struct Identity {
        var caller: ContoCaller?
        var now: Date
    }

    /// Authenticates the request inside the transaction `db` belongs to; `stamp` writes a due
    /// `lastUsedAt` in it (write transactions only).
    private func identify(_ route: ContoRoute, _ request: Incoming, db: Database, stamp: Bool) throws -> Identity {
        guard !route.access.isOpen else { return Identity(caller: nil, now: Date()) }
        let caller = try Authenticator.authenticate(request.authorization, access: route.access, docs: DocumentStore(db: db), stamp: stamp) {
            try SandboxClock.now(tenant: Self.tenant($0), db: db)
        }
        return Identity(caller: caller, now: try SandboxClock.now(tenant: Self.tenant(caller.orgId), db: db))
    }

    /// Rate-limits and runs `route` for `who` inside the transaction `db` belongs to.
    private func run(_ route: ContoRoute, _ request: Incoming, as who: Identity, db: Database, headers: ReplyHeaders) throws -> StoredResponse {
        let docs = DocumentStore(db: db)
        let caller = who.caller
        let org = caller?.orgId ?? ""
        let settings = caller == nil ? configuration : (try docs.get(Organization.self, org, org: org)?.settings ?? configuration)
        if let caller, let rateClass = route.rateClass {
            let verdict = limiter.hit("\(rateClass.rawValue):\(caller.keyId)", limit: rateClass.limit(settings),
                                      window: TimeInterval(settings.windowSeconds), now: who.now)
            headers.values["X-RateLimit-Limit"] = String(verdict.limit)
            headers.values["X-RateLimit-Remaining"] = String(verdict.remaining)
            headers.values["X-RateLimit-Reset"] = ISO8601.format(verdict.reset)
            if !verdict.allowed {
                headers.values["Retry-After"] = String(verdict.retryAfterSeconds)
                throw ContoError.rateLimited
            }
        }
        var call = ContoCall(docs: docs, org: org, caller: caller, now: who.now, params: request.params, query: request.query,
                             body: request.body, settings: settings, ipAddress: request.ipAddress, userAgent: request.userAgent, status: nil)
        let json = try route.handler(&call)
        return StoredResponse.json(HTTPResponse.Status(code: call.status ?? route.successStatus), json, headers: headers.values)
    }

    private func serve(_ route: ContoRoute, request: Request, context: SandboxRequestContext) async -> Response {
        let headers = ReplyHeaders()
        headers.values["X-Request-ID"] = context.requestID
        do {
            let data = try await SandboxHTTP.body(of: request, context: context)
            let body = try JSONValue.parseBody(data)
            var params: [String: String] = [:]
            for name in route.pathParameters { params[name] = context.parameters.get(name) }
            var query: [String: String] = [:]
            for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
            let authorization = SandboxHTTP.header(request, "Authorization")
            let userAgent = SandboxHTTP.header(request, "User-Agent")
            let ipAddress = SandboxHTTP.header(request, "X-Forwarded-For") ?? "127.0.0.1"
            let incoming = Incoming(params: params, query: QueryReader(query), body: body, authorization: authorization,
                                    ipAddress: ipAddress, userAgent: userAgent)
            // GET handlers only read: they run on a reader connection beside the writer, and the
            // key's `lastUsedAt` is stamped afterwards, when due, in a small write of its own.
            if route.method == .get {
                let (who, stored) = try await store.read { db in
                    let who = try self.identify(route, incoming, db: db, stamp: false)
                    return (who, try self.run(route, incoming, as: who, db: db, headers: headers))
                }
                if let caller = who.caller, Authenticator.isDue(caller.lastUsedAt, who.now) {
                    try await store.write { db in try Authenticator.stamp(caller, at: who.now, docs: DocumentStore(db: db)) }
                }
                return stored.response()
            }
            // [I] Mutating calls honour `Idempotency-Key` (adminsh sends one with every mutating
            // call and retries only those): the same key and body from the same API key replay the
            // first response; a different body is 409 IDEMPOTENCY_CONFLICT. Lookup, call and record
            // share the request's one write transaction: SQLite runs writers one at a time, so a
            // concurrent repeat waits and then replays, and a failed call leaves no record behind.
            let idempotencyKey = route.access.isOpen ? nil : SandboxHTTP.header(request, "Idempotency-Key")
            if let key = idempotencyKey { try IdempotencyLedger.validate(key) }
            let stored = try await store.write { db -> StoredResponse in
                let who = try self.identify(route, incoming, db: db, stamp: true)
                guard let key = idempotencyKey, let caller = who.caller else {
                    return try self.run(route, incoming, as: who, db: db, headers: headers)
                }
                let scope = "conto:\(caller.keyId):\(route.method.rawValue):\(request.uri.path)"
                let fingerprint = IdempotencyLedger.fingerprint(method: route.method.rawValue, path: request.uri.path, body: data)
                if case .replay(let stored) = try IdempotencyLedger.begin(db: db, scope: scope, key: key, fingerprint: fingerprint, now: who.now) {
                    return stored
                }
                let stored = try self.run(route, incoming, as: who, db: db, headers: headers)
                try IdempotencyLedger.complete(db: db, scope: scope, key: key, response: stored)
                return stored
            }
            return stored.response()
        } catch let error as ContoError {
            return StoredResponse.json(HTTPResponse.Status(code: error.status), error.body, headers: headers.values).response()
        } catch let error as SandboxError {
            // Core failures (oversized body, malformed JSON) in Conto's error shape.
            let code: String
            switch error.status.code {
            case 400, 413: code = "VALIDATION_FAILED"
            case 409: code = "IDEMPOTENCY_CONFLICT"   // an Idempotency-Key reused with another body
            default: code = "INTERNAL_ERROR"
            }
            let mapped = ContoError(status: error.status.code, code: code, message: error.message)
            return StoredResponse.json(error.status, mapped.body, headers: headers.values.merging(error.headers) { $1 }).response()
        } catch {
            logger.error("conto: unexpected failure on \(route.method) \(route.path): \(error)")
            let mapped = ContoError.internalError("Internal error: \(error)")
            return StoredResponse.json(.internalServerError, mapped.body, headers: headers.values).response()
        }
    }
}
