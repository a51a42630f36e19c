import Foundation
import GRDB
import Hummingbird

/// The one request pipeline of every emulator. Its steps, in this order:
///
/// 1. request id: `SandboxRequestContext` draws it; every answer carries it in `X-Request-ID`;
/// 2. fault injection: `FaultInjection`'s middleware, which `SandboxHost` installs ahead of every
///    route, so a faulted request reaches no step below (or, `"when": "after"`, runs them all and
///    loses the answer);
/// 3. authentication (the platform's credential, in the request's transaction);
/// 4. scope (the platform's rule for the route's access);
/// 5. rate limit (the route's rate class, the platform's budgets);
/// 6. idempotency check, handler and idempotency record in ONE write transaction, so a crash
///    leaves either the effect and its record or neither (a 429 or 5xx answer is not recorded, so
///    a retry with the same key runs again); read-only requests (GET) run in a read
///    transaction beside the writer and stamp the key's "last used" mark afterwards, when due;
/// 7. any failure in the platform's error shape.
public struct RequestPipeline<Platform: SandboxPlatform>: Sendable {
    public let platform: Platform
    public let store: SandboxStore

    public init(platform: Platform, store: SandboxStore) {
        self.platform = platform
        self.store = store
    }

    /// Registers every route (and its variant paths) on `router`.
    public func install(_ routes: [SandboxRoute<Platform>], on router: Router<SandboxRequestContext>) {
        for route in routes {
            for path in [route.path] + route.variantPaths {
                let names = SandboxRoute<Platform>.parameters(of: path)
                router.on(RouterPath(path), method: route.method) { request, context in
                    await self.serve(route, parameterNames: names, request: request, context: context).response()
                }
            }
        }
    }

    /// Headers gathered while serving, kept outside the transaction so an error answer has them too.
    private final class ReplyHeaders: @unchecked Sendable {
        var values: [String: String] = [:]
    }

    /// Runs one request through steps 3–7.
    func serve(_ route: SandboxRoute<Platform>, parameterNames: [String], request: Request,
               context: SandboxRequestContext) async -> StoredResponse {
        let headers = ReplyHeaders()
        headers.values["X-Request-ID"] = context.requestID
        do {
            let incoming = try await IncomingRequest.read(request, context: context, parameterNames: parameterNames)
            return try await serve(route, incoming, headers: headers)
        } catch {
            var answer = platform.errorResponse(error, requestID: context.requestID, route: "\(route.method) \(route.path)")
            answer.headers = headers.values.merging(answer.headers) { $1 }
            return answer
        }
    }

    /// Steps 3–6 for a request already read.
    private func serve(_ route: SandboxRoute<Platform>, _ request: IncomingRequest, headers: ReplyHeaders) async throws -> StoredResponse {
        if request.isReadOnly {
            let (caller, now, answer) = try await store.read { db in
                let (caller, now) = try self.admit(route, request, db: db, stamp: false, headers: headers)
                return (caller, now, try self.run(route, request, caller: caller, now: now, db: db, headers: headers))
            }
            if let caller, platform.stampIsDue(caller, now: now) {
                try await store.write { db in try self.platform.stamp(caller, now: now, db: db) }
            }
            return answer
        }
        let idempotencyKey = request.header("Idempotency-Key")
        return try await store.write { db in
            let (caller, now) = try self.admit(route, request, db: db, stamp: true, headers: headers)
            guard let key = idempotencyKey, let caller else {
                return try self.run(route, request, caller: caller, now: now, db: db, headers: headers)
            }
            try IdempotencyLedger.validate(key)
            let scope = "\(self.platform.idempotencyTenant(caller)):\(request.method.rawValue):\(request.path)"
            let fingerprint = IdempotencyLedger.fingerprint(method: request.method.rawValue, path: request.path, body: request.body)
            if let replay = try IdempotencyLedger.replay(db: db, scope: scope, key: key, fingerprint: fingerprint, now: now,
                                                            sealer: self.store.sealer) {
                return replay
            }
            let answer = try self.run(route, request, caller: caller, now: now, db: db, headers: headers)
            try IdempotencyLedger.record(db: db, scope: scope, key: key, fingerprint: fingerprint, response: answer, now: now,
                                          sealer: self.store.sealer)
            return answer
        }
    }

    /// Steps 3–5: the caller (nil on open routes) and the tenant's now.
    private func admit(_ route: SandboxRoute<Platform>, _ request: IncomingRequest, db: Database, stamp: Bool,
                       headers: ReplyHeaders) throws -> (Platform.Caller?, Date) {
        guard !platform.isOpen(route.access) else { return (nil, Date()) }
        let (caller, now) = try platform.authenticate(request, for: route.access, db: db, stamp: stamp)
        try platform.authorize(caller, for: route.access)
        if let rateClass = route.rateClass {
            try platform.admit(caller, rateClass: rateClass, now: now, headers: &headers.values)
        }
        return (caller, now)
    }

    /// The handler and its answer, with the headers gathered so far.
    private func run(_ route: SandboxRoute<Platform>, _ request: IncomingRequest, caller: Platform.Caller?, now: Date,
                     db: Database, headers: ReplyHeaders) throws -> StoredResponse {
        var call = try platform.makeCall(request, caller: caller, now: now, db: db)
        let reply = try route.handler(&call)
        var answer = platform.respond(reply, call: call, successStatus: route.successStatus, requestID: request.requestID)
        answer.headers = headers.values.merging(answer.headers) { $1 }
        return answer
    }
}
