import Foundation
import Logging
import SandboxCore

/// Sends due webhook deliveries over real HTTP.
///
/// Polls SQLite every 100 ms for deliveries whose `next_retry_at` has passed on their app's clock
/// (so advancing a test clock makes retries due), claims them, POSTs the stored event bytes
/// signed with the app's *current* webhook secret, and records the outcome. Claims expire, so a
/// crash mid-send only delays an attempt (at-least-once, as the API promises).
final class DeliveryEngine: @unchecked Sendable {
    let store: SandboxStore
    let logger = Logger(label: "adminsh.sandbox.contio.webhooks")

    init(store: SandboxStore) { self.store = store }

    func run() async {
        while !Task.isCancelled {
            do {
                let jobs = try await store.write { db in try DeliveryQueue.claimDue(db: db) }
                await withTaskGroup(of: Void.self) { group in
                    for job in jobs { group.addTask { await self.send(job) } }
                }
            } catch is CancellationError {
                return   // shutting down: not worth a warning on the way out
            } catch {
                if Task.isCancelled { return }
                logger.warning("delivery loop: \(error)")
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// One attempt. The secret is re-read at send time so a rotation applies immediately.
    func send(_ job: DeliveryQueue.Job) async {
        let secret = (try? await store.read { db in
            try String.fetchOne(db, sql: "SELECT sandbox_open(webhook_secret) FROM contio_apps WHERE id = ?", arguments: [job.appID])
        }) ?? job.secret
        let headers = [
            "Content-Type": "application/json",
            "User-Agent": "Contio-Webhooks/1.10.0 (adminsh sandbox)",
            "X-Contio-Signature": "sha256=" + SecretHasher.hmacSHA256Hex(key: secret, body: job.payload),
            "X-Contio-Event": job.eventType,
            "X-Contio-Delivery": job.deliveryID,
        ]
        let result = await OutboundHTTP.post(url: job.url, headers: headers, body: job.payload)
        var logged = headers
        logged["X-Contio-Signature"] = "sha256=…"  // never persist a value derived from the secret in full
        let attempt = DeliveryQueue.Attempt(url: job.url, requestHeaders: logged, requestBody: job.payload, result: result)
        do {
            try await store.write { db in try DeliveryQueue.finish(db: db, deliveryID: job.deliveryID, attempt: attempt) }
        } catch {
            logger.warning("could not record delivery \(job.deliveryID): \(error)")
        }
    }
}
