import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs a set of modules as one Hummingbird server on one store.
///
/// `start` returns once the server listens (so callers learn the bound port); `stop` triggers a
/// graceful shutdown of the service group and waits for it. Use it for in-process sandboxes in
/// tests and the REPL; the `Sandbox` target wraps it with seeding and default paths.
public final class SandboxHost: @unchecked Sendable {
    /// The shared store.
    public let store: SandboxStore
    /// The module instances, in the order given.
    public let modules: [any SandboxModule]
    /// Fault injection switch (`/__sandbox/faults`), outermost on every route.
    public let faults = FaultInjection()
    /// The TCP port the server is bound to (valid after `start`).
    public private(set) var port: Int = 0
    /// Answers `POST /__sandbox/reset` (set before `start`; the composition knows the seed
    /// record). Without one the route answers 501.
    public var resetHandler: (@Sendable () async throws -> JSONValue)?
    /// The admin token every `/__sandbox/...` request must carry (`ControlSurfaceGuard`). The
    /// composition sets the seed record's; a fresh random one otherwise, so the control routes
    /// are never open.
    public var controlToken: String = ControlSurfaceGuard.newToken()
    /// Files that belong to the state and travel with its snapshots (the seed record).
    public var snapshotCompanions: [String] = []

    private var groupTask: Task<Void, Error>?
    private var serviceGroup: ServiceGroup?

    /// Constructs every module on `store`.
    public init(store: SandboxStore, moduleTypes: [any SandboxModule.Type]) throws {
        self.store = store
        self.modules = try moduleTypes.map { try $0.init(store: store) }
    }

    /// The router with the control-surface guard, fault injection, every module's routes and
    /// `GET /health`.
    public func makeRouter() -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: ControlSurfaceGuard(token: controlToken))
        faults.install(on: router)
        router.get("/health") { _, _ in StoredResponse.json(.ok, ["status": "ok"]).response() }
        router.post(RouterPath(Self.resetPath)) { [resetHandler] _, context in
            let headers = ["X-Request-ID": context.requestID]
            do {
                guard let resetHandler else {
                    throw SandboxError(.notImplemented, code: "not_implemented", "this sandbox cannot reset itself")
                }
                return StoredResponse.json(.ok, try await resetHandler(), headers: headers).response()
            } catch let error as SandboxError {
                return FaultInjection.errorResponse(status: error.status.code, code: error.code, message: error.message,
                                                    retryAfter: nil, requestID: context.requestID).response()
            } catch {
                return FaultInjection.errorResponse(status: 500, code: "internal_error", message: "reset failed, nothing changed: \(error)",
                                                    retryAfter: nil, requestID: context.requestID).response()
            }
        }
        addSnapshotRoutes(to: router)
        for module in modules { module.addRoutes(to: router) }
        return router
    }

    /// `POST /__sandbox/reset`: erase every tenant and seed the demo ones again.
    public static let resetPath = "/__sandbox/reset"

    /// Seeds every module whose tables are empty, in one transaction; returns the new parts of the
    /// seed record by module key (empty when nothing was seeded).
    public func seedIfEmpty() async throws -> [String: JSONValue] {
        try await store.write { [modules] db in
            var parts: [String: JSONValue] = [:]
            for module in modules where try module.isEmpty(db) {
                parts[type(of: module).seedKey] = try module.seed(db, reusing: nil)
            }
            return parts
        }
    }

    /// Erases the whole store and seeds the demo tenants again with the credentials of `record`
    /// (module key → part), in one transaction: a failure leaves the state as it was. Fault rules
    /// and the modules' in-memory state go too. Returns the seed parts now in force.
    public func reset(reusing record: [String: JSONValue]) async throws -> [String: JSONValue] {
        let parts = try await store.write { [modules] db in
            try SandboxStore.eraseAll(db)
            var parts: [String: JSONValue] = [:]
            for module in modules {
                let key = type(of: module).seedKey
                parts[key] = try module.seed(db, reusing: record[key])
            }
            return parts
        }
        _ = faults.clear()
        for module in modules { module.didReset() }
        return parts
    }

    /// Starts listening on `host:port` (port 0 picks a free one) and returns the bound port.
    /// With `handleSignals`, SIGINT/SIGTERM trigger the graceful shutdown (standalone server).
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int = 0, handleSignals: Bool = false,
                      logger: Logger? = nil) async throws -> Int {
        var logger = logger ?? Logger(label: "adminsh.sandbox")
        if logger.logLevel < .notice { logger.logLevel = .notice }
        let bound = AsyncStream<Int>.makeStream()
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "adminsh-sandbox"),
            onServerRunning: { channel in
                bound.continuation.yield(channel.localAddress?.port ?? 0)
                bound.continuation.finish()
            },
            logger: logger
        )
        let background = modules.map { ModuleService(module: $0) as any Service }
        let group = ServiceGroup(
            configuration: .init(services: [app] + background, gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger))
        self.serviceGroup = group
        self.groupTask = Task {
            defer { bound.continuation.finish() }
            try await group.run()
        }
        var iterator = bound.stream.makeAsyncIterator()
        guard let actual = await iterator.next(), actual > 0 else {
            // The server never came up: surface the group's error.
            try await groupTask?.value
            throw SandboxError(.internalServerError, code: "internal_error", "sandbox server failed to start")
        }
        self.port = actual
        return actual
    }

    /// Graceful shutdown: stops accepting, finishes in-flight requests, ends background work.
    public func stop() async {
        await serviceGroup?.triggerGracefulShutdown()
        _ = try? await groupTask?.value
        groupTask = nil
        serviceGroup = nil
    }

    /// Waits until the server stops (after `stop()` or a fatal error).
    public func wait() async throws {
        try await groupTask?.value
    }
}

/// Adapts a module's background loop to ServiceLifecycle: cancelled on graceful shutdown.
private struct ModuleService: Service {
    let module: any SandboxModule
    func run() async throws {
        await cancelWhenGracefulShutdown {
            await module.runBackground()
        }
        // A service that returns early would end the whole group; stay until shutdown instead.
        try? await gracefulShutdown()
    }
}
