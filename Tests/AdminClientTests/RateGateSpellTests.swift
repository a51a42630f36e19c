import AdminClient
import XCTest

/// A spell of rate limiting is announced once: the first 429 starts it, the refusals that
/// follow within a minute belong to it.
final class RateGateSpellTests: XCTestCase {
    func testOnlyTheFirstRefusalOfASpellStartsIt() async throws {
        let gate = RateGate()
        var starts: [Bool] = []
        for _ in 0..<3 {
            try await gate.enter()
            starts.append(gate.leave(rateLimited: true, closeFor: 0.01))
            try await Task.sleep(nanoseconds: 300_000_000)   // past the burst pause
        }
        try await gate.enter()
        starts.append(gate.leave(rateLimited: false, closeFor: nil))
        XCTAssertEqual(starts, [true, false, false, false], "successes never start a spell")
    }

    func testGatesDoNotShareSpells() async throws {
        let first = RateGate(), second = RateGate()
        try await first.enter()
        try await second.enter()
        XCTAssertTrue(first.leave(rateLimited: true, closeFor: nil))
        XCTAssertTrue(second.leave(rateLimited: true, closeFor: nil), "another platform or URL is said on its own")
    }
}
