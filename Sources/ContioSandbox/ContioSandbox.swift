import Foundation
import GRDB
import Hummingbird
import SandboxCore

/// The Contio partner admin API emulator (`/v1/partner/admin/...`) plus its sandbox-only
/// extras under `/__sandbox/contio/...` (test clock, trigger, new apps, DNS records).
public struct ContioSandbox: SandboxModule {
    public static let seedKey = "contio"

    let store: SandboxStore
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

    /// Creates the demo partner app on an empty database and returns
    /// `{client_id, api_key, client_secret, webhook_secret}` once.
    public func seedIfEmpty() async throws -> JSONValue? {
        try await store.write { db -> JSONValue? in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contio_apps") == 0 else { return nil }
            let creds = try ContioAppFactory.create(db: db, name: "Demo Partner App", webhookURL: nil)
            return ["client_id": .string(creds.clientID), "api_key": .string(creds.apiKey),
                    "client_secret": .string(creds.clientSecret), "webhook_secret": .string(creds.webhookSecret)]
        }
    }

    /// The webhook delivery loop.
    public func runBackground() async {
        await engine.run()
    }
}
