import Foundation
import GRDB

/// Per-tenant test clocks: real time plus a persisted offset.
///
/// Every time-dependent rule (grace periods, token expiry, rate windows, retry schedules) reads
/// `now(tenant:)` instead of `Date()`. Advancing a tenant's clock moves only that tenant; the
/// offset lives in SQLite so it survives restarts. Clocks only move forward.
public enum SandboxClock {
    /// The longest one move of a test clock: 10 years. A move past it (`{"days": 1e18}`) is
    /// refused, so no clock is carried out of the dates clients and SQLite can represent.
    public static let maximumMove: TimeInterval = 10 * 365 * 86_400

    /// The tenant's current time inside an open transaction.
    public static func now(tenant: String, db: Database) throws -> Date {
        Date().addingTimeInterval(try offset(tenant: tenant, db: db))
    }

    /// Seconds the tenant's clock is ahead of real time (0 when never advanced).
    public static func offset(tenant: String, db: Database) throws -> TimeInterval {
        try Double.fetchOne(db.cachedStatement(sql: "SELECT offset_seconds FROM sandbox_clock WHERE tenant = ?"), arguments: [tenant]) ?? 0
    }

    /// Moves the tenant's clock forward by `seconds` (must be ≥ 0) and returns the new now.
    @discardableResult
    public static func advance(tenant: String, by seconds: TimeInterval, db: Database) throws -> Date {
        precondition(seconds >= 0, "clocks only move forward")
        try db.execute(sql: """
            INSERT INTO sandbox_clock (tenant, offset_seconds) VALUES (?, ?)
            ON CONFLICT(tenant) DO UPDATE SET offset_seconds = offset_seconds + excluded.offset_seconds
            """, arguments: [tenant, seconds])
        return try now(tenant: tenant, db: db)
    }

    /// The tenant's current time, outside any transaction.
    public static func now(tenant: String, store: SandboxStore) async throws -> Date {
        try await store.read { db in try now(tenant: tenant, db: db) }
    }

    /// Advances the tenant's clock in its own transaction and returns the new now.
    @discardableResult
    public static func advance(tenant: String, by seconds: TimeInterval, store: SandboxStore) async throws -> Date {
        try await store.write { db in try advance(tenant: tenant, by: seconds, db: db) }
    }

    /// All tenants whose clock was ever advanced, with their offsets (used by background workers).
    public static func allOffsets(db: Database) throws -> [String: TimeInterval] {
        var out: [String: TimeInterval] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT tenant, offset_seconds FROM sandbox_clock") {
            out[row["tenant"]] = row["offset_seconds"]
        }
        return out
    }
}
