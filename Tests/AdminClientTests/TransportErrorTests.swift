import AdminClient
import AdminSurface
import Foundation
import XCTest

/// Failures below HTTP read as one plain sentence with what to check, and a timeout carries
/// status 0 as the Conto SDK documents.
final class TransportErrorTests: XCTestCase {
    private let listAgents = AdminOperation(platform: .conto, luaName: "agents.list", group: "agents", method: .get,
                                            path: "/api/agents", summary: "list agents")

    private func failure(baseURL: String, timeout: Double) async -> AdminError? {
        let configuration = ClientConfiguration(conto: Endpoint(baseURL: baseURL, credentials: .conto(orgKey: "conto_org_test")),
                                                timeout: timeout, retry: RetryPolicy(maxAttempts: 1, baseDelay: 0.01, maxDelay: 0.01))
        let client = AdminClient(configuration: configuration)
        defer { Task { try? await client.shutdown() } }
        do {
            _ = try await client.perform(listAgents, pathArguments: [], query: [], body: nil)
            return nil
        } catch {
            return error as? AdminError
        }
    }

    func testARefusedConnectionSaysNothingIsListeningInOneSentence() async throws {
        let error = await failure(baseURL: "http://127.0.0.1:1", timeout: 2)
        XCTAssertEqual(error?.code, "CONNECTION_FAILED")
        XCTAssertNil(error?.status)
        XCTAssertEqual(error?.message, "could not connect to 127.0.0.1:1: nothing is listening there; check the URL and that the service is running")
        XCTAssertFalse(error?.message.contains("errno") ?? true)
    }

    func testATimeoutHasStatusZero() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let error = await failure(baseURL: "http://127.0.0.1:\(listener.port)", timeout: 0.5)
        XCTAssertEqual(error?.code, "TIMEOUT")
        XCTAssertEqual(error?.status, 0)
        XCTAssertEqual(error?.retryable, true)
        XCTAssertEqual(error?.description.contains("TIMEOUT (0)"), false, "no pseudo HTTP status in the text: \(error?.description ?? "")")
    }
}

/// A loopback socket that accepts connections (the kernel's backlog) and never answers.
private final class SilentListener {
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
