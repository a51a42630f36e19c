import GRDB
import Hummingbird

/// One emulated API (Contio, Conto) as the composition sees it.
///
/// The composition (`Sandbox` target, or `SandboxHost` directly in tests) opens one
/// `SandboxStore` with every module's migrations, constructs each module on it, lets each add its
/// routes to one shared router, seeds, and runs each module's background work next to the HTTP
/// server until graceful shutdown.
public protocol SandboxModule: Sendable {
    /// Key of this module's part in the seed record (`"contio"`, `"conto"`).
    static var seedKey: String { get }

    /// Adds this module's migrations; every migration name starts with `seedKey + "."`.
    static func registerMigrations(_ migrator: inout DatabaseMigrator)

    /// Builds the module on an open, migrated store.
    init(store: SandboxStore) throws

    /// Adds every route of the module (its API prefix plus its `/__sandbox/<seedKey>/…` extras).
    func addRoutes(to router: Router<SandboxRequestContext>)

    /// The store the module was built on.
    var store: SandboxStore { get }

    /// Whether the module holds no tenant yet (a fresh state file).
    func isEmpty(_ db: Database) throws -> Bool

    /// Creates the demo tenant inside `db`'s transaction and returns this module's part of the
    /// seed record (plain secrets, shown once). Given `reusing`, a part written earlier, the tenant
    /// gets those same credentials back: a reset keeps every configured client working.
    func seed(_ db: Database, reusing part: JSONValue?) throws -> JSONValue

    /// Forgets in-memory state that describes stored data (rate windows, caches): called after a
    /// reset erased the store.
    func didReset()

    /// Long-running work (e.g. webhook delivery). Must return promptly once the task is cancelled.
    func runBackground() async
}

extension SandboxModule {
    /// Default: no background work.
    public func runBackground() async {}

    /// Default: nothing kept in memory.
    public func didReset() {}

    /// Creates the demo tenant when the module's tables are empty and returns the credentials for
    /// the seed record (plain secrets, shown once); returns nil when already seeded.
    public func seedIfEmpty() async throws -> JSONValue? {
        try await store.write { db -> JSONValue? in
            guard try isEmpty(db) else { return .none }   // not `nil`: JSONValue takes nil as .null
            return try seed(db, reusing: nil)
        }
    }
}
