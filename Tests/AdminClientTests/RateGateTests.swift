import AdminClient
import AdminSurface
import Foundation
import XCTest

/// The shared rate awareness: a 429 slows every call to the platform, not just the refused one.
final class RateGateTests: XCTestCase {
    func testRefusalsHalveTheCallsInFlightOncePerBurstAndSuccessesSlowlyRestoreThem() async throws {
        let gate = RateGate()
        for _ in 0..<8 { try await gate.enter() }
        gate.leave(rateLimited: true, closeFor: nil)
        XCTAssertEqual(gate.snapshot.limit, 4, "eight in flight when refused: four allowed now")
        gate.leave(rateLimited: true, closeFor: nil)
        XCTAssertEqual(gate.snapshot.limit, 4, "a refusal of the same burst does not halve again")
        XCTAssertEqual(gate.snapshot.refusals, 2)
        XCTAssertGreaterThan(gate.snapshot.closedFor, 0, "the burst closes the gate briefly")
        for _ in 0..<6 { gate.leave(rateLimited: false, closeFor: nil) }
        XCTAssertEqual(gate.snapshot.inFlight, 0)
        XCTAssertEqual(gate.snapshot.limit, 5, "four successes (the limit) let one more call through")
        try await Task.sleep(nanoseconds: 300_000_000)  // past the burst's pause
        for _ in 0..<3 {
            try await gate.enter()
            gate.leave(rateLimited: false, closeFor: nil)
        }
        XCTAssertEqual(gate.snapshot.limit, 6, "then five more")
    }

    func testTheLimitHoldsCallsBackUntilOneLeaves() async throws {
        let gate = RateGate()
        for _ in 0..<2 { try await gate.enter() }
        gate.leave(rateLimited: true, closeFor: nil)   // two in flight → one allowed, one still in flight
        try await Task.sleep(nanoseconds: 300_000_000)  // past the burst window
        let entered = expectation(description: "a waiting call enters")
        let waiter = Task {
            try await gate.enter()
            entered.fulfill()
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual(gate.snapshot.inFlight, 1, "the limit (1) is reached: the new call waits")
        gate.leave(rateLimited: false, closeFor: nil)
        await fulfillment(of: [entered], timeout: 2)
        try await waiter.value
        XCTAssertEqual(gate.snapshot.inFlight, 1)
    }

    func testACancelledCallStopsWaitingAtTheGate() async throws {
        let gate = RateGate()
        try await gate.enter()
        gate.leave(rateLimited: true, closeFor: 30)
        let waiter = Task { try await gate.enter() }
        try await Task.sleep(nanoseconds: 100_000_000)
        waiter.cancel()
        do {
            try await waiter.value
            XCTFail("a cancelled wait throws")
        } catch is CancellationError {}
    }

    func testA429WithRetryAfterPausesEveryCallToThatPlatform() async throws {
        let sandbox = try await SandboxFixture.start()
        do {
            try await pausesEveryCall(sandbox)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    private func pausesEveryCall(_ sandbox: SandboxFixture) async throws {
        try await sandbox.injectFault(["path_prefix": "/api/agents", "method": "POST", "status": 429, "count": 1, "retry_after": 2])
        try await sandbox.withClient { client in
            let refused = Task {
                try await client.perform(TestOperations.contoCreateAgent, pathArguments: [], query: [],
                                         body: try body(["name": "paced", "agentType": "CUSTOM"]))
            }
            // Once the refusal is in, an unrelated read on the same platform waits for the gate too.
            let gate = RateGate.shared(platform: Platform.conto.rawValue, baseURL: sandbox.server.baseURL)
            while gate.snapshot.refusals == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
            let started = Date()
            let read = try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            XCTAssertEqual(read.status, 200)
            XCTAssertGreaterThan(Date().timeIntervalSince(started), 1.5, "the read waited out the other call's Retry-After")
            let created = try await refused.value
            XCTAssertEqual(created.status, 201, "the refused call went through after its wait")
        }
        // Contio, the other platform on the same server, was never held back.
        let contioGate = RateGate.shared(platform: Platform.contio.rawValue, baseURL: sandbox.server.baseURL)
        XCTAssertEqual(contioGate.snapshot.refusals, 0)
        XCTAssertEqual(contioGate.snapshot.closedFor, 0)
    }
}
