import Foundation
import SandboxCore
import XCTest
import Glibc

/// Hostile requests over a real socket to a live sandbox: each gets its answer, and the server
/// still answers the next request.
final class ServerRobustnessTests: XCTestCase {
    var fixture: SandboxFixture!

    override func setUp() async throws {
        fixture = try await SandboxFixture.start(.live)
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    static let path = "/v1/partner/admin/automation"

    func testMalformedJSONIs400() throws {
        let reply = try exchange(post(Data(#"{"name":"#.utf8)))
        XCTAssertEqual(reply.status, 400, reply.head)
        XCTAssertEqual(reply.json?["code"], "invalid_request_body")
        try assertStillServing()
    }

    func testHundredThousandDeepNestingIs400() throws {
        let arrays = Data(repeating: UInt8(ascii: "["), count: 100_000) + Data(repeating: UInt8(ascii: "]"), count: 100_000)
        let arrayReply = try exchange(post(arrays))
        XCTAssertEqual(arrayReply.status, 400, arrayReply.head)
        XCTAssertEqual(arrayReply.json?["code"], "invalid_request_body")
        let objects = Data(String(repeating: #"{"a":"#, count: 100_000).utf8) + Data("1".utf8) + Data(repeating: UInt8(ascii: "}"), count: 100_000)
        let objectReply = try exchange(post(objects))
        XCTAssertEqual(objectReply.status, 400, objectReply.head)
        try assertStillServing()
    }

    func testInvalidUTF8Is400() throws {
        var body = Data(#"{"name":""#.utf8)
        body += Data([0xFF, 0xFE, 0xC3])
        body += Data(#"","trigger_type":"meeting_ended","actions":[{"type":"webhook"}]}"#.utf8)
        let reply = try exchange(post(body))
        XCTAssertEqual(reply.status, 400, reply.head)
        XCTAssertEqual(reply.json?["code"], "invalid_request_body")
        try assertStillServing()
    }

    /// 50 MB announced and sent: refused with 413 once past the 1 MiB limit, without reading the rest.
    func testFiftyMegabyteBodyIs413() throws {
        let size = 50 * 1024 * 1024
        let head = request("POST", Self.path, headers: ["Content-Type": "application/json", "Content-Length": "\(size)"])
        let reply = try exchange(head, streaming: size)
        XCTAssertEqual(reply.status, 413, reply.head)
        XCTAssertEqual(reply.json?["code"], "invalid_request_body")
        try assertStillServing()
    }

    /// Content-Length and Transfer-Encoding together (the CL.TE smuggling shape) and two
    /// different Content-Lengths are refused with 400, and the request hidden behind is never served.
    func testConflictingLengthsAreRefusedAndNothingIsSmuggled() throws {
        var smuggled = request("POST", Self.path, headers: ["Content-Type": "application/json", "Content-Length": "4",
                                                            "Transfer-Encoding": "chunked"])
        smuggled += Data("0\r\n\r\nGET /v1/partner/admin/app HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        let reply = try exchange(smuggled)
        XCTAssertEqual(reply.status, 400, reply.head)
        XCTAssertEqual(reply.raw.components(separatedBy: "HTTP/1.1 ").count - 1, 1, "one answer only: \(reply.raw)")

        var doubled = request("POST", Self.path, headers: ["Content-Type": "application/json", "Content-Length": "4"],
                              extraLines: ["Content-Length: 40"])
        doubled += Data("abcd".utf8)
        let second = try exchange(doubled)
        XCTAssertEqual(second.status, 400, second.head)
        try assertStillServing()
    }

    /// One 1 MB header, and 20,000 small ones: refused with 400 by the HTTP parser.
    func testHugeHeadersAre400() throws {
        let big = try exchange(request("GET", "/v1/partner/admin/app", headers: ["X-Big": String(repeating: "a", count: 1024 * 1024)]))
        XCTAssertEqual(big.status, 400, big.head)
        let many = try exchange(request("GET", "/v1/partner/admin/app", extraLines: (0..<20_000).map { "X-H\($0): v" }))
        XCTAssertEqual(many.status, 400, many.head)
        try assertStillServing()
    }

    // MARK: - Raw HTTP over a socket

    struct RawReply {
        var status: Int
        var head: String
        var body: Data
        var raw: String
        var json: JSONValue? { try? JSONValue.parse(body) }
    }

    /// After any hostile request: an authenticated API call still gets its 200.
    func assertStillServing(file: StaticString = #filePath, line: UInt = #line) throws {
        let reply = try exchange(request("GET", "/v1/partner/admin/app"))
        XCTAssertEqual(reply.status, 200, "the server no longer answers: \(reply.head)", file: file, line: line)
        XCTAssertEqual(reply.json?["client_id"]?.stringValue, fixture.demo.clientID, file: file, line: line)
    }

    func post(_ body: Data) -> Data {
        request("POST", Self.path, headers: ["Content-Type": "application/json", "Content-Length": "\(body.count)"]) + body
    }

    /// The request head with the demo app's credentials, `Connection: close`.
    func request(_ method: String, _ path: String, headers: [String: String] = [:], extraLines: [String] = []) -> Data {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
                     "X-API-Key: \(fixture.demo.apiKey)", "X-Client-ID: \(fixture.demo.clientID)"]
        lines += headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        lines += extraLines
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Sends `bytes` (then `streaming` bytes of filler from another thread, stopping when the
    /// server stops reading) and reads the answer: until the connection closes, or until the
    /// announced body of the first response has arrived.
    func exchange(_ bytes: Data, streaming: Int = 0) throws -> RawReply {
        let socket = try Self.connect(port: fixture.sandbox.port)
        defer { close(socket) }
        try Self.sendAll(socket, bytes)
        let writerDone = DispatchSemaphore(value: 0)
        if streaming > 0 {
            Thread {
                let chunk = Data(repeating: UInt8(ascii: "a"), count: 64 * 1024)
                var sent = 0
                while sent < streaming, (try? Self.sendAll(socket, chunk)) != nil { sent += chunk.count }
                writerDone.signal()
            }.start()
        } else {
            writerDone.signal()
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let reply = Self.parse(received), reply.complete { break }
            let n = recv(socket, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
        }
        shutdown(socket, Int32(SHUT_RDWR))   // ends the writer's blocked send
        writerDone.wait()                    // before the descriptor is closed (and reused)
        guard let reply = Self.parse(received) else {
            throw TestFailure("no HTTP answer; got \(received.count) bytes: \(String(decoding: received.prefix(200), as: UTF8.self))")
        }
        return reply.reply
    }

    static func parse(_ data: Data) -> (reply: RawReply, complete: Bool)? {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        let body = Data(data[end.upperBound...])
        let length = head.split(separator: "\r\n").compactMap { line -> Int? in
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == "content-length" else { return nil }
            return Int(pair[1].trimmingCharacters(in: .whitespaces))
        }.first
        let complete = length.map { body.count >= $0 } ?? false
        return (RawReply(status: status, head: statusLine, body: length.map { Data(body.prefix($0)) } ?? body,
                         raw: String(decoding: data, as: UTF8.self)), complete)
    }

    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw TestFailure("connect to 127.0.0.1:\(port): errno \(errno)") }
        return fd
    }

    static func sendAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                guard n > 0 else { throw TestFailure("send: errno \(errno)") }
                offset += n
            }
        }
    }
}
