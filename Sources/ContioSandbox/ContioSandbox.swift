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

    public static func registerMigrations(_ migrator: inout DatabaseMigrator) {
        ContioSchema.register(&migrator)
    }

    public init(store: SandboxStore) throws {
        self.store = store
        self.engine = DeliveryEngine(store: store)
    }

    public func addRoutes(to router: Router<SandboxRequestContext>) {
        let r = ContioRouter(router: router, store: store)
        AppRoutes.add(to: r)
        CredentialRoutes.add(to: r)
        AutomationRoutes.add(to: r)
        ConnectionRoutes.add(to: r)
        IdPRoutes.add(to: r)
        TemplateRoutes.add(to: r)
        ToolkitRoutes.add(to: r)
        ToolkitVersionRoutes.add(to: r)
        DeliveryRoutes.add(to: r)
        WorkflowTemplateRoutes.add(to: r)
        ContioSandboxRoutes.add(to: r, router: router)
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
