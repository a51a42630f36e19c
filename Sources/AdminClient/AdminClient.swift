import AdminSurface
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends admin operations of both platforms over one shared connection pool.
///
/// Per call: the platform's authentication headers, `Accept: application/json`,
/// `Content-Type: application/json` when there is a body, and on every mutating operation an
/// `Idempotency-Key` (a fresh UUID, the same for all attempts of that call). 429, 5xx,
/// connection failures and timeouts are retried per `RetryPolicy`; every other failure, and the
/// last one, is thrown as an `AdminError`. Redirects are not followed (credentials never travel
/// to another host). Retries that take a while, pacing under a rate limit and long calls are
/// told through `feedback` (stderr by default). Call `shutdown()` once you are done with the client.
public final class AdminClient: Sendable {
    public let configuration: ClientConfiguration
    let http: HTTPClient
    let logger: Logger
    /// Each configured platform's process-wide rate gate, looked up once (see RateGate).
    let gates: [Platform: RateGate]
    /// Where retries, pacing and long calls are told (see WaitFeedback).
    public let feedback: WaitFeedback

    /// Largest response body accepted (32 MiB).
    static let maxBodyBytes = 32 << 20

    public init(configuration: ClientConfiguration, logger: Logger = Logger(label: "adminsh.client"),
                feedback: WaitFeedback = .standardError) {
        self.configuration = configuration
        self.logger = logger
        self.feedback = feedback
        var gates: [Platform: RateGate] = [:]
        for platform in Platform.allCases {
            if let endpoint = configuration.endpoint(for: platform) {
                gates[platform] = RateGate.shared(platform: platform.rawValue, baseURL: endpoint.baseURL)
            }
        }
        self.gates = gates
        var http = HTTPClient.Configuration()
        http.redirectConfiguration = .disallow
        http.timeout = .init(connect: .milliseconds(Int64(min(5, configuration.boundedTimeout) * 1000)))
        http.decompression = .enabled(limit: .ratio(50))
        // One retry loop: a failed connection comes back here at once and RetryPolicy decides
        // (the pool's own reconnecting kept a refused call busy until the connect timeout, 4 times).
        http.connectionPool.retryConnectionEstablishment = false
        self.http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Sends one operation; returns the response for 2xx; throws `AdminError` otherwise (after retries).
    ///
    /// - Parameters:
    ///   - pathArguments: values of `operation.pathParameters`, in order (percent-encoded here).
    ///   - query: query string pairs, in order (percent-encoded here).
    ///   - body: a JSON document, or nil for no body.
    ///   - agentKey: the agent SDK key for `.agentKey` operations (`conto.sdk.*`).
    public func perform(_ operation: AdminOperation, pathArguments: [String], query: [(String, String)], body: [UInt8]?,
                        agentKey: String? = nil) async throws -> AdminResponse {
        if operation.mutating, let reason = configuration.readOnly {
            throw AdminError(code: "READ_ONLY_PROFILE", status: nil, message: "\(reason): \(operation.qualifiedName) was not sent",
                             retryable: false, platform: operation.platform, operation: operation.qualifiedName)
        }
        var endpoint = configuration.endpoint(for: operation.platform)
        if let deferred = endpoint?.deferredCredentials {
            do {
                endpoint?.credentials = try await deferred.value()
            } catch let error as ProfileError {
                throw AdminError(code: "CREDENTIALS_UNAVAILABLE", status: nil, message: error.message, retryable: false,
                                 platform: operation.platform, operation: operation.qualifiedName)
            }
        }
        let target = try RequestTarget.make(endpoint: endpoint, operation: operation,
                                            pathArguments: pathArguments, query: query, agentKey: agentKey)
        let idempotencyKey = operation.mutating ? UUID().uuidString.lowercased() : nil
        // A mutating request may be sent again only because the server can recognise the repeat.
        let mayRetry = !operation.mutating || idempotencyKey != nil
        let policy = configuration.retry
        let name = operation.qualifiedName
        // An unconfigured platform never gets this far: RequestTarget.make has thrown.
        let gate = gates[operation.platform] ?? RateGate()
        var attempt = 0          // attempts counted against policy.maxAttempts
        var sent = 0             // requests sent, for the error's details
        var rateLimitWaited = 0.0
        let ticket = feedback.began(name)
        defer { feedback.ended(ticket) }
        while true {
            attempt += 1
            sent += 1
            let failure: AdminError
            var retryAfter: Double?
            var refused = false            // nothing listens at the address
            var refusedOnLoopback = false  // ... on this machine: fail fast (LoopbackRefusal)
            var rateLimit: String?   // X-RateLimit-Limit of a 429, for the pacing note
            do {
                try await gate.enter()   // throws CancellationError when cancelled while waiting
                let reply: (status: Int, headers: [(String, String)], body: [UInt8])
                do {
                    reply = try await send(target, method: operation.method, body: body, idempotencyKey: idempotencyKey)
                } catch {
                    gate.abandon()
                    throw error
                }
                if !(200..<300).contains(reply.status) {
                    retryAfter = RetryAfter.seconds(reply.headers.first { $0.0.caseInsensitiveEquals("Retry-After") }?.1)
                }
                // On a 429 every call to this platform waits what this one will wait (see RateGate).
                let startsSpell = gate.leave(rateLimited: reply.status == 429,
                                             closeFor: reply.status == 429 ? retryAfter.flatMap { $0 <= policy.maxRetryAfter ? $0 : nil } : nil)
                if startsSpell { rateLimit = reply.headers.first { $0.0.caseInsensitiveEquals("X-RateLimit-Limit") }?.1 ?? "" }
                let requestID = reply.headers.first { $0.0.caseInsensitiveEquals("X-Request-ID") }?.1
                logger.debug("admin call", metadata: ["operation": "\(name)", "status": "\(reply.status)", "attempt": "\(attempt)",
                                                      "request_id": "\(requestID ?? "-")"])
                if (200..<300).contains(reply.status) {
                    return AdminResponse(status: reply.status, headers: reply.headers, body: reply.body, requestID: requestID)
                }
                failure = ErrorBody.error(status: reply.status, headers: reply.headers, body: reply.body,
                                          platform: operation.platform, operation: name)
            } catch {
                failure = TransportError.map(error, platform: operation.platform, operation: name,
                                             host: hostDescription(target.url), timeout: configuration.timeout)
                logger.debug("admin call failed", metadata: ["operation": "\(name)", "code": "\(failure.code)", "attempt": "\(attempt)"])
                if failure.code == "CANCELLED" || Task.isCancelled { throw failure }
                refused = LoopbackRefusal.isRefused(error)
                refusedOnLoopback = refused && LoopbackRefusal.isLoopback(URLComponents(string: target.url)?.host ?? "")
            }
            // 409 + Retry-After on a keyed request: the first attempt is still in flight on the server.
            let inFlight = failure.status == 409 && idempotencyKey != nil && retryAfter != nil
            let attempts = sent > 1 ? ["attempts": "\(sent)"] : [:]
            // A 429 whose Retry-After is waited out is bounded by the total wait, not by attempts.
            let paced = failure.status == 429 && mayRetry
                && retryAfter.map { $0 <= policy.maxRetryAfter && rateLimitWaited + $0 <= policy.rateLimitBudget } == true
            let attemptsAllowed = policy.attempts(refusedOnLoopback: refusedOnLoopback)
            guard mayRetry, failure.retryable || inFlight, paced || attempt < attemptsAllowed else {
                throw failure.adding(details: attempts)
            }
            if paced, let retryAfter {
                attempt -= 1
                rateLimitWaited += retryAfter
            }
            let delay: Double
            if let retryAfter {
                // Waiting longer than the policy allows would stall the caller: report instead.
                guard retryAfter <= policy.maxRetryAfter else { throw failure.adding(details: attempts) }
                delay = retryAfter
            } else if refusedOnLoopback {
                delay = policy.loopbackRetryDelay
            } else if failure.status == nil && failure.code == "CONNECTION_FAILED" {
                delay = policy.connectionBackoff(beforeRetry: attempt)
            } else {
                delay = policy.backoff(beforeRetry: attempt)
            }
            if paced {
                if let rateLimit { feedback.note(Self.pacingNote(operation.platform, limit: rateLimit, wait: delay)) }
            } else if feedback.elapsed(ticket) + delay >= WaitFeedback.retryShownAfter {   // quick retries stay quiet
                feedback.retrying(ticket, reason: Self.retryReason(failure, refused: refused),
                                  attempt: attempt + 1, of: attemptsAllowed, delay: delay)
            }
            logger.debug("retrying", metadata: ["operation": "\(name)", "delay_s": "\(delay)", "after": "\(failure.code)"])
            do {
                try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            } catch {
                throw AdminError(code: "CANCELLED", status: nil, message: "the request was cancelled while waiting to retry",
                                 retryable: false, platform: operation.platform, operation: name)
            }
        }
    }

    /// `conto: rate limited, pacing to 100 calls/min`, from the refusal's `X-RateLimit-Limit`
    /// (the platforms' budgets are per minute).
    static func pacingNote(_ platform: Platform, limit: String, wait: Double) -> String {
        if let n = Int(limit.trimmingCharacters(in: .whitespaces)), n > 0 {
            return "\(platform.rawValue): rate limited, pacing to \(n) calls/min"
        }
        return "\(platform.rawValue): rate limited, pacing as the server asks (next call in \(WaitFeedback.seconds(wait)))"
    }

    /// What went wrong, in a few words: `connection refused`, `503 SERVICE_UNAVAILABLE`, `timed out`.
    static func retryReason(_ failure: AdminError, refused: Bool) -> String {
        if let status = failure.status, status > 0 { return "\(status) \(failure.code)" }
        if failure.code == "TIMEOUT" { return "timed out" }
        return refused ? "connection refused" : "connection failed"
    }

    /// Closes the connection pool; in-flight calls fail. Call once, before releasing the client.
    public func shutdown() async throws {
        try await http.shutdown()
    }

    /// One HTTP exchange, body collected.
    private func send(_ target: RequestTarget, method: AdminSurface.HTTPMethod, body: [UInt8]?, idempotencyKey: String?) async throws
        -> (status: Int, headers: [(String, String)], body: [UInt8])
    {
        var request = HTTPClientRequest(url: target.url)
        request.method = NIOHTTP1.HTTPMethod(rawValue: method.rawValue)
        for (name, value) in target.authHeaders { request.headers.add(name: name, value: value) }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "adminsh")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(configuration.boundedTimeout * 1_000_000_000))
        let response = try await http.execute(request, deadline: deadline, logger: nil)
        let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, Array(buffer.readableBytesView))
    }

    /// `scheme://host:port` of a URL, for messages (never a path, query or credential).
    private func hostDescription(_ url: String) -> String {
        guard let c = URLComponents(string: url), let host = c.host else { return "the server" }
        return c.port.map { "\(host):\($0)" } ?? host
    }
}
