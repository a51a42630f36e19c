import Foundation
import NIOConcurrencyHelpers

/// The shared rate awareness of one platform at one base URL: every client of the process that
/// talks to it (a session's client, its `useCredentials` clients) sends through the same gate.
///
/// - A 429 closes the gate for the `Retry-After` it carried (or the backoff the retry will wait):
///   every call to that platform waits, not just the one that was refused, so a bulk run does not
///   keep hammering a server that has already said "slow down".
/// - It also halves how many calls may be in flight at once (at least one), once per burst of
///   refusals, and every `limit` successes let one more through again (additive increase,
///   multiplicative decrease), so the run settles at a pace the server accepts instead of
///   bouncing off the limit.
///
/// Waiting polls every 20 ms with `Task.sleep`, so a cancelled call (Ctrl-C) stops waiting at once.
public final class RateGate: Sendable {
    private struct State {
        var openAt = Date.distantPast
        var inFlight = 0
        /// Calls allowed in flight; nil = no limit (nothing was refused yet, or fully recovered).
        var limit: Int?
        var refusals = 0
        /// Successes since the limit last grew: it grows by one per `limit` successes, about one
        /// more call per round trip, the way congestion control probes for room.
        var successes = 0
        /// The last 429, to tell a new spell of rate limiting from the one already announced.
        var lastRefusal: Date?
    }

    /// What a gate has seen, for tests and diagnostics.
    public struct Snapshot: Sendable, Equatable {
        public var closedFor: Double
        public var limit: Int?
        public var inFlight: Int
        public var refusals: Int
    }

    private let state = NIOLockedValueBox(State())
    static let pollInterval: UInt64 = 20_000_000
    /// How long refusals count as one burst when the server gave no Retry-After (seconds).
    static let burstWindow = 0.25
    /// Past this many concurrent calls the limit is lifted altogether.
    static let recoveredLimit = 64
    /// A 429 after this long without one starts a new spell of rate limiting (seconds): a spell
    /// is announced once, not per refused call.
    static let spellGap = 60.0

    public init() {}

    private static let registry = NIOLockedValueBox([String: RateGate]())

    /// The process-wide gate of `platform` at `baseURL`.
    public static func shared(platform: String, baseURL: String) -> RateGate {
        registry.withLockedValue { gates in
            let key = platform + " " + baseURL
            if let gate = gates[key] { return gate }
            let gate = RateGate()
            gates[key] = gate
            return gate
        }
    }

    /// Waits until the gate is open and a call may be in flight, then counts this one in.
    public func enter() async throws {
        while true {
            let wait: TimeInterval = state.withLockedValue { s in
                let now = Date()
                if s.openAt > now { return s.openAt.timeIntervalSince(now) }
                if let limit = s.limit, s.inFlight >= limit { return 0 }
                s.inFlight += 1
                return -1
            }
            if wait < 0 { return }
            let nanoseconds = wait > 0 ? UInt64(wait * 1e9) : Self.pollInterval
            try await Task.sleep(nanoseconds: max(Self.pollInterval, min(nanoseconds, 1_000_000_000)))
        }
    }

    /// Counts the call out. `rateLimited`: the server answered 429; `closeFor`: seconds every
    /// call must now wait (the Retry-After the refused call will wait out itself).
    /// - Returns: true when this refusal starts a spell of rate limiting (say so once).
    @discardableResult
    public func leave(rateLimited: Bool, closeFor: Double?) -> Bool {
        state.withLockedValue { s in
            var startsSpell = false
            let concurrent = s.inFlight
            s.inFlight = max(0, s.inFlight - 1)
            if rateLimited {
                s.refusals += 1
                let now = Date()
                startsSpell = s.lastRefusal.map { now.timeIntervalSince($0) >= Self.spellGap } ?? true
                s.lastRefusal = now
                // The refusals of one burst arrive together: slow down once per burst, not per reply.
                if s.openAt <= now { s.limit = max(1, min(s.limit ?? concurrent, concurrent) / 2) }
                s.openAt = max(s.openAt, now.addingTimeInterval(max(closeFor ?? 0, Self.burstWindow)))
            } else if let limit = s.limit {
                s.successes += 1
                if s.successes >= limit {
                    s.successes = 0
                    s.limit = limit + 1 >= Self.recoveredLimit ? nil : limit + 1
                }
            }
            return startsSpell
        }
    }

    /// Counts a call out that ended without an answer (cancelled, connection failure).
    public func abandon() {
        state.withLockedValue { $0.inFlight = max(0, $0.inFlight - 1) }
    }

    public var snapshot: Snapshot {
        state.withLockedValue { s in
            Snapshot(closedFor: max(0, s.openAt.timeIntervalSinceNow), limit: s.limit, inFlight: s.inFlight, refusals: s.refusals)
        }
    }
}
