import AdminClient
import AdminSurface
import Foundation
import XCTest

/// What a person waiting is told: a refused local server is reported within seconds with one
/// retry line, quick retries stay quiet, pacing under a rate limit is said once, and a long
/// single call gets a spinner on a terminal that is cleared when it ends.
final class WaitFeedbackTests: XCTestCase {
    /// Everything a feedback wrote, in order.
    final class Transcript: @unchecked Sendable {
        private let lock = NSLock()
        private var pieces: [String] = []
        func append(_ text: String) { lock.lock(); pieces.append(text); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return pieces.joined() }
        var lines: [String] { text.split(separator: "\n").map(String.init) }
    }

    private func client(_ baseURL: String, mode: WaitFeedback.Mode, _ transcript: Transcript,
                        retry: RetryPolicy = RetryPolicy(), timeout: Double = 10, orgKey: String = "conto_org_test") -> AdminClient {
        let configuration = ClientConfiguration(conto: Endpoint(baseURL: baseURL, credentials: .conto(orgKey: orgKey)),
                                                timeout: timeout, retry: retry)
        return AdminClient(configuration: configuration, feedback: WaitFeedback(mode: mode) { transcript.append($0) })
    }

    private func listAgents(_ client: AdminClient) async -> AdminError? {
        defer { Task { try? await client.shutdown() } }
        do {
            _ = try await client.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
            return nil
        } catch {
            return error as? AdminError
        }
    }

    func testARefusedLoopbackServerIsReportedWithinThreeSecondsAfterOneRetryLine() async throws {
        let port = try closedLoopbackPort()
        let transcript = Transcript()
        let started = Date()
        let error = await listAgents(client("http://127.0.0.1:\(port)", mode: .lines, transcript))
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(error?.code, "CONNECTION_FAILED")
        XCTAssertEqual(error?.details["attempts"], "2", "one retry, not the full backoff")
        XCTAssertLessThan(elapsed, 3, "reported within 3 s")
        XCTAssertGreaterThanOrEqual(elapsed, 0.9, "the one retry waits a second for a server that is starting")
        XCTAssertEqual(transcript.lines, ["conto.agents.list: connection refused, retry 2/2 in 1s"])
    }

    func testOnATerminalTheRetryLineIsRewrittenInPlaceAndClearedAtTheEnd() async throws {
        let port = try closedLoopbackPort()
        let transcript = Transcript()
        _ = await listAgents(client("http://127.0.0.1:\(port)", mode: .terminal, transcript))
        XCTAssertEqual(transcript.text, "\r" + "conto.agents.list: connection refused, retry 2/2 in 1s" + "\u{1B}[K" + "\r\u{1B}[K",
                       "no newline: one status line, cleared before the error prints")
    }

    func testASilentFeedbackWritesNothing() async throws {
        let port = try closedLoopbackPort()
        let transcript = Transcript()
        _ = await listAgents(client("http://127.0.0.1:\(port)", mode: .silent, transcript))
        XCTAssertEqual(transcript.text, "")
    }

    func testQuickRetriesThatSucceedStayQuiet() async throws {
        let sandbox = try await SandboxFixture.start()
        try await sandbox.injectFault(["path_prefix": "/api/agents", "status": 503, "count": 2])
        let transcript = Transcript()
        let quick = client(sandbox.server.baseURL, mode: .lines, transcript,
                           retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.05, maxDelay: 1), orgKey: sandbox.contoKey)
        let error = await listAgents(quick)
        await sandbox.stop()
        XCTAssertNil(error, "the third attempt succeeds")
        XCTAssertEqual(transcript.text, "", "retries well under a second are not worth a line")
    }

    func testPacingUnderARateLimitIsSaidOnce() async throws {
        let sandbox = try await SandboxFixture.start()
        let settings = AdminOperation(platform: .conto, luaName: "test.updateSettings", group: "sandbox", method: .patch,
                                      path: "/__sandbox/conto/settings", summary: "sandbox settings")
        _ = try await sandbox.control.perform(settings, pathArguments: [], query: [],
                                              body: try body(["adminRequestsPerWindow": 2, "windowSeconds": 1]))
        let transcript = Transcript()
        let paced = client(sandbox.server.baseURL, mode: .lines, transcript, orgKey: sandbox.contoKey)
        defer { Task { try? await paced.shutdown() } }
        for _ in 0..<6 {
            _ = try await paced.perform(TestOperations.contoListAgents, pathArguments: [], query: [], body: nil)
        }
        await sandbox.stop()
        let notes = transcript.lines
        XCTAssertEqual(notes.count, 1, "said once for the whole run: \(notes)")
        XCTAssertTrue(notes.first?.hasPrefix("conto: rate limited, pacing to 2 calls") ?? false, notes.first ?? "")
    }

    func testASingleLongCallShowsASpinnerWithItsNameThenClearsIt() async throws {
        let listener = try SilentLoopbackListener()
        defer { listener.close() }
        let transcript = Transcript()
        let slow = client("http://127.0.0.1:\(listener.port)", mode: .terminal, transcript, retry: .none, timeout: 2.6)
        let error = await listAgents(slow)
        XCTAssertEqual(error?.code, "TIMEOUT")
        let text = transcript.text
        XCTAssertTrue(text.contains(" conto.agents.list · 2s\u{1B}[K"), "the spinner names the call: \(text.debugDescription)")
        XCTAssertTrue(text.hasSuffix("\r\u{1B}[K"), "cleared when the call ends: \(text.debugDescription)")
    }

    func testNoSpinnerOffATerminal() async throws {
        let listener = try SilentLoopbackListener()
        defer { listener.close() }
        let transcript = Transcript()
        _ = await listAgents(client("http://127.0.0.1:\(listener.port)", mode: .lines, transcript, retry: .none, timeout: 2.3))
        XCTAssertEqual(transcript.text, "")
    }

    func testTheRetryLineReadsAsTheIssueShowsIt() {
        XCTAssertEqual(WaitFeedback.retryText(operation: "conto.agents.list", reason: "connection refused", attempt: 2, of: 4, delay: 2),
                       "conto.agents.list: connection refused, retry 2/4 in 2s")
    }
}

/// A loopback port nothing listens on: bound to find a free one, then closed.
func closedLoopbackPort() throws -> Int {
    let listener = try SilentLoopbackListener()
    listener.close()
    return listener.port
}

/// A loopback socket that accepts connections (the kernel's backlog) and never answers.
final class SilentLoopbackListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { Glibc.close(fd); throw POSIXError(.EADDRNOTAVAIL) }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(fd) }
}
