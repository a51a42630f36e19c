import Foundation
import GRDB
import Hummingbird
import Logging
import SandboxCore

/// The Conto org admin API emulator: `/api/...` plus sandbox helpers under `/__sandbox/conto`.
///
/// Its routes run through the shared `RequestPipeline` on `ContoPlatform`: every mutating request
/// runs in one SQLite write transaction (authentication, rate limiting, idempotency, the handler,
/// its audit entry), so a failing request leaves nothing behind; GET requests run in a read
/// transaction on one of the pool's reader connections.
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
    public var configuration: ContoConfiguration { pipeline.platform.configuration }
    private let pipeline: RequestPipeline<ContoPlatform>

    /// Builds the module with the contract defaults overridden by `ADMINSH_CONTO_*` variables.
    public init(store: SandboxStore) throws {
        self.init(store: store, configuration: .fromEnvironment())
    }

    /// Builds the module with explicit defaults.
    public init(store: SandboxStore, configuration: ContoConfiguration) {
        self.store = store
        self.pipeline = RequestPipeline(platform: ContoPlatform(configuration: configuration), store: store)
    }

    /// Every route, in registration order: the one table behind the router and `/api/openapi`.
    static let routes: [ContoRoute] = {
        let api = AgentRoutes.all + AgentWalletRoutes.all + AgentPolicyRoutes.all + SdkKeyRoutes.all + WalletRoutes.all
            + PolicyRoutes.all + CounterpartyRoutes.all + AlertRoutes.all + ReportingRoutes.all + PaymentRoutes.all
        return api + [openAPIRoute(api)] + SandboxRoutes.all
    }()

    /// Every route as declared: name (the catalog's qualified operation name for API routes), method, path.
    public static var routeDeclarations: [RouteDeclaration] { routes.map(\.declaration) }

    /// `GET /api/openapi`: public, like Conto's own document. [I] No key required.
    private static func openAPIRoute(_ api: [ContoRoute]) -> ContoRoute {
        var route = ContoRoute.get("/api/openapi", "openapi", "This OpenAPI document", tag: "Meta", access: .open, response: .map) { _ in .null }
        route.role = .document
        let document = ContoOpenAPI.render(api + [route])
        route.handler = { _ in document }
        return route
    }

    /// The OpenAPI document served at `/api/openapi`.
    public static var openAPIDocument: JSONValue { ContoOpenAPI.render(routes) }

    /// Tenant name of an org in the core's clock table (prefixed so it never meets a Contio tenant).
    static func tenant(_ org: String) -> String { "conto:\(org)" }

    /// Registers every route on `router`, each run by the shared pipeline.
    public func addRoutes(to router: Router<SandboxRequestContext>) {
        pipeline.install(Self.routes, on: router)
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
        pipeline.platform.didReset()
        DecodedDocumentCache.shared.removeAll()
    }
}
