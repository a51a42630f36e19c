import Foundation
import GRDB
import Hummingbird
import SandboxCore

/// The Contio partner admin API emulator (`/v1/partner/admin/...`) plus its sandbox-only
/// extras under `/__sandbox/contio/...` (test clock, trigger, new apps, DNS records).
public struct ContioSandbox: SandboxModule {
    public static let seedKey = "contio"

    /// The shared store.
    public let store: SandboxStore
    let engine: DeliveryEngine
    private let pipeline: RequestPipeline<ContioPlatform>

    /// Every route: the admin API (by catalog operation), its OpenAPI document, SDK extras and the
    /// sandbox control routes. The one table behind the router and the document.
    static let routes: [ContioRoute] = {
        let api = AppRoutes.all + CredentialRoutes.all + AutomationRoutes.all + ConnectionRoutes.all + IdPRoutes.all
            + TemplateRoutes.all + ToolkitRoutes.all + ToolkitVersionRoutes.all + DeliveryRoutes.all + WorkflowTemplateRoutes.all
        return api + [ContioOpenAPI.route(describing: api)] + ContioSandboxRoutes.all
    }()

    /// Every route as declared: name (the catalog's qualified operation name for API routes), method, path.
    public static var routeDeclarations: [RouteDeclaration] { routes.map(\.declaration) }

    /// The OpenAPI document served at `/v1/partner/admin/openapi.json`.
    public static var openAPIDocument: JSONValue { ContioOpenAPI.render(routes) }

    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        ContioSchema.register(&migrator)
    }

    public init(store: SandboxStore) throws {
        self.store = store
        self.engine = DeliveryEngine(store: store)
        self.pipeline = RequestPipeline(platform: ContioPlatform(), store: store)
    }

    public func addRoutes(to router: Router<SandboxRequestContext>) {
        pipeline.install(Self.routes, on: router)
        router.add(middleware: ContioFallbackMiddleware())
    }

    public func isEmpty(_ db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contio_apps") == 0
    }

    /// The demo partner app; its part of the seed record is
    /// `{client_id, api_key, client_secret, webhook_secret}`, reused as given on a reset.
    public func seed(_ db: Database, reusing part: JSONValue?) throws -> JSONValue {
        let kept = part.flatMap { part -> ContioAppFactory.GivenCredentials? in
            guard let clientID = part["client_id"]?.stringValue, let apiKey = part["api_key"]?.stringValue,
                  let clientSecret = part["client_secret"]?.stringValue, let webhookSecret = part["webhook_secret"]?.stringValue
            else { return nil }
            return .init(clientID: clientID, apiKey: apiKey, clientSecret: clientSecret, webhookSecret: webhookSecret)
        }
        let creds = try ContioAppFactory.create(db: db, name: "Demo Partner App", webhookURL: nil, credentials: kept)
        return ["client_id": .string(creds.clientID), "api_key": .string(creds.apiKey),
                "client_secret": .string(creds.clientSecret), "webhook_secret": .string(creds.webhookSecret)]
    }

    /// The webhook delivery loop.
    public func runBackground() async {
        await engine.run()
    }
}
