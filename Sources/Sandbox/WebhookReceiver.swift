import Foundation
import Hummingbird
import Logging
import SandboxCore
import ServiceLifecycle

/// A local webhook endpoint (`adminsh listen`, `webhooks.listen`): accepts POSTs on any path,
/// verifies `X-Contio-Signature: sha256=<hex>` against the current and the previous webhook
/// secret (the dual-secret window after a rotation), and reports each event.
public final class WebhookReceiver: @unchecked Sendable {
    /// One received delivery.
    public struct Event: Sendable {
        public let eventType: String
        public let eventID: String?
        /// `"current"`, `"previous"` (which secret verified it) or nil when neither did.
        public let verifiedWith: String?
        public let path: String
        public let body: String
        public let receivedAt: Date
    }

    public let port: Int
    public let events: AsyncStream<Event>
    private let group: ServiceGroup
    private let task: Task<Void, Error>

    private init(port: Int, events: AsyncStream<Event>, group: ServiceGroup, task: Task<Void, Error>) {
        self.port = port
        self.events = events
        self.group = group
        self.task = task
    }

    /// Starts listening on 127.0.0.1:`port` (0 = any free port). Secrets are tried in order:
    /// `secrets[0]` is "current", `secrets[1]` "previous".
    public static func start(port: Int = 0, secrets: [String]) async throws -> WebhookReceiver {
        let (events, sink) = AsyncStream.makeStream(of: Event.self)
        let router = Router()
        router.post("**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            let data = Data(buffer: body)
            let signature = request.headers.first { $0.name.canonicalName == "x-contio-signature" }?.value ?? ""
            var verifiedWith: String?
            for (index, secret) in secrets.enumerated() where !secret.isEmpty {
                let expected = "sha256=" + SecretHasher.hmacSHA256Hex(key: secret, body: data)
                if SecretHasher.constantTimeEquals(expected, signature) {
                    verifiedWith = index == 0 ? "current" : "previous"
                    break
                }
            }
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            sink.yield(Event(eventType: json?["event_type"] as? String ?? "?", eventID: json?["event_id"] as? String,
                             verifiedWith: verifiedWith, path: request.uri.path,
                             body: String(decoding: data, as: UTF8.self), receivedAt: Date()))
            // A failed signature check answers 401 so the sender records a failed delivery.
            return Response(status: verifiedWith == nil ? .unauthorized : .ok)
        }
        let (bound, boundSink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "adminsh.listen")
        logger.logLevel = .error
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "adminsh-listen"),
                              onServerRunning: { channel in
                                  boundSink.yield(channel.localAddress?.port ?? 0)
                                  boundSink.finish()
                              },
                              logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { boundSink.finish(); sink.finish() }
            try await group.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let actual = await iterator.next(), actual > 0 else {
            try await task.value
            throw SandboxError(.internalServerError, code: "listen_failed", "cannot listen on 127.0.0.1:\(port)")
        }
        return WebhookReceiver(port: actual, events: events, group: group, task: task)
    }

    /// Stops the server.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}
