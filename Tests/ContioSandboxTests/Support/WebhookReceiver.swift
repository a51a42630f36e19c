import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import Logging

/// A real HTTP endpoint on 127.0.0.1:0 that records webhook requests.
final class WebhookReceiver: @unchecked Sendable {
    struct Received: Sendable {
        var body: Data
        var signature: String?
        var eventType: String?
    }

    private let lock = NSLock()
    private var received: [Received] = []
    private var group: ServiceGroup?
    private var task: Task<Void, Error>?
    private(set) var port = 0
    /// Status code to answer with.
    var answer: Int = 200

    var url: String { "http://127.0.0.1:\(port)/hook" }

    var requests: [Received] { lock.withLock { received } }

    func start() async throws {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let signature = request.headers[HTTPField.Name("X-Contio-Signature")!]
            let event = request.headers[HTTPField.Name("X-Contio-Event")!]
            self.lock.withLock { self.received.append(Received(body: Data(buffer.readableBytesView), signature: signature, eventType: event)) }
            return Response(status: HTTPResponse.Status(code: self.answer))
        }
        let bound = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "test.receiver")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { bound.continuation.yield($0.localAddress?.port ?? 0); bound.continuation.finish() },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        self.group = group
        task = Task { try await group.run() }
        var it = bound.stream.makeAsyncIterator()
        port = await it.next() ?? 0
    }

    func stop() async {
        await group?.triggerGracefulShutdown()
        _ = try? await task?.value
    }
}
