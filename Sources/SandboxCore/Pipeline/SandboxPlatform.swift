import Foundation
import GRDB

/// What one emulated API brings to the shared request pipeline: how it authenticates, which
/// scopes and rate budgets it enforces, how its handlers see a request and the shape of its
/// errors. `RequestPipeline` runs the steps in one fixed order for every platform.
public protocol SandboxPlatform: Sendable {
    /// What a route demands of its caller (a credential kind, a scope, or nothing).
    associatedtype Access: Sendable
    /// Who sent a request, once authenticated.
    associatedtype Caller
    /// A rate budget a route draws on.
    associatedtype RateClass: Sendable
    /// What a handler reads and writes through.
    associatedtype Call
    /// What a handler returns.
    associatedtype Reply

    /// Path prefix of the platform's API routes (`/v1/partner/admin`, `/api`).
    var prefix: String { get }

    /// Whether a route with `access` takes no credential at all.
    func isOpen(_ access: Access) -> Bool

    /// Step 3: who sent `request`, inside the request's transaction, with the tenant's now. With
    /// `stamp` (write transactions) a due "last used" mark is written in the same transaction.
    func authenticate(_ request: IncomingRequest, for access: Access, db: Database, stamp: Bool) throws -> (caller: Caller, now: Date)

    /// Step 4: refuses a caller whose credential lacks what `access` asks for.
    func authorize(_ caller: Caller, for access: Access) throws

    /// Step 5: counts the request against `rateClass`; adds the platform's rate headers to
    /// `headers` and throws its 429 when the budget is spent.
    func admit(_ caller: Caller, rateClass: RateClass, now: Date, headers: inout [String: String]) throws

    /// The tenant part of an idempotency scope (a key never meets another tenant's).
    func idempotencyTenant(_ caller: Caller) -> String

    /// The handler's view of the request, inside its transaction (nil caller on open routes).
    func makeCall(_ request: IncomingRequest, caller: Caller?, now: Date, db: Database) throws -> Call

    /// The response for a handler's reply.
    func respond(_ reply: Reply, call: Call, successStatus: Int, requestID: String) -> StoredResponse

    /// Whether a read-only request should stamp the caller's "last used" mark afterwards.
    func stampIsDue(_ caller: Caller, now: Date) -> Bool

    /// Writes the caller's "last used" mark (after a read-only request, in a small write).
    func stamp(_ caller: Caller, now: Date, db: Database) throws

    /// Step 7: any failure in the platform's error shape.
    func errorResponse(_ error: Error, requestID: String, route: String) -> StoredResponse

    /// Forgets in-memory state tied to stored data (rate windows) after a reset.
    func didReset()
}

extension SandboxPlatform {
    public func didReset() {}
}
