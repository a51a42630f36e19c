import Crypto
import Foundation
import SandboxCore
import XCTest

/// Real webhook deliveries to a real local receiver, signed with HMAC-SHA256.
final class WebhookTests: XCTestCase {
    var fixture: SandboxFixture!

    override func setUp() async throws {
        fixture = try await SandboxFixture.start(.live)
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    /// The receiver-side check from the SDK: `sha256=<hex HMAC-SHA256(secret, raw body)>`.
    func signatureValid(_ received: WebhookReceiver.Received, secret: String) -> Bool {
        let mac = HMAC<SHA256>.authenticationCode(for: received.body, using: SymmetricKey(data: Data(secret.utf8)))
        let expected = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
        return received.signature == expected
    }

    func delivery(_ app: ContioClient, _ id: String) async throws -> JSONValue {
        try await app.call("GET", "/webhook-deliveries/\(id)").json ?? .null
    }

    func testDeliverySignedWithNewSecretRightAfterRotation() async throws {
        let receiver = WebhookReceiver()
        try await receiver.start()
        let app = try await fixture.newApp(webhookURL: receiver.url)
        let rotated = try await app.call("POST", "/credentials/webhook-secret/rotate", ["confirmation_token": "ok"])
        let newSecret = rotated["new_credential"]!.stringValue!

        let trigger = try await app.sandbox("POST", "/trigger", ["event_type": "action_item.created"])
        XCTAssertEqual(trigger.status, 201)
        let deliveryID = trigger["delivery_id"]!.stringValue!
        try await eventually("delivery received") { receiver.requests.count == 1 }
        let received = receiver.requests[0]
        XCTAssertTrue(signatureValid(received, secret: newSecret))
        XCTAssertFalse(signatureValid(received, secret: app.webhookSecret))
        XCTAssertEqual(received.eventType, "action_item.created")

        let envelope = try JSONValue.parse(received.body)
        XCTAssertEqual(envelope["event_type"], "action_item.created")
        XCTAssertEqual(envelope["partner_app_id"]?.stringValue, app.appID)
        for key in ["event_id", "timestamp"] { XCTAssertNotNil(envelope[key]?.stringValue, key) }
        for key in ["action_item_id", "created_at", "meeting_id", "title", "workspace_id"] { XCTAssertNotNil(envelope["data"]?[key], key) }

        try await eventually("delivery marked delivered") { try await delivery(app, deliveryID)["delivery_status"] == "delivered" }
        let record = try await delivery(app, deliveryID)
        XCTAssertEqual(record["http_status_code"], 200)
        XCTAssertEqual(record["retry_count"], 0)
        XCTAssertEqual(record["attempts"]?.arrayValue?.count, 1, "each attempt keeps its request and response")
        await receiver.stop()
    }

    func testDeadEndpointEndsAbandonedThenRetrySucceeds() async throws {
        let dead = WebhookReceiver()
        try await dead.start()
        let deadURL = dead.url
        await dead.stop()  // nothing listens there any more
        let app = try await fixture.newApp(webhookURL: deadURL)
        let trigger = try await app.sandbox("POST", "/trigger", ["event_type": "meeting.created"])
        let id = trigger["delivery_id"]!.stringValue!

        try await eventually("first attempt failed") { try await delivery(app, id)["delivery_status"] == "failed" }
        let v1 = try await delivery(app, id)["next_retry_at"]?.stringValue
        XCTAssertNotNil(v1)
        // Each retry becomes due only when the app's clock passes next_retry_at.
        for retry in 1...5 {
            try await app.advanceClock(seconds: 6 * 3600)
            try await eventually("retry \(retry) recorded") { try await delivery(app, id)["retry_count"]?.intValue == retry }
        }
        let final = try await delivery(app, id)
        XCTAssertEqual(final["delivery_status"], "abandoned")
        XCTAssertNil(final["next_retry_at"])
        XCTAssertEqual(final["attempts"]?.arrayValue?.count, 6)
        XCTAssertNotEqual(final["error_message"], "")

        let receiver = WebhookReceiver()
        try await receiver.start()
        let patched = try await app.call("PATCH", "/app", ["webhook_url": .string(receiver.url)])
        XCTAssertEqual(patched.status, 200)
        let retry = try await app.call("POST", "/webhook-deliveries/\(id)/retry")
        XCTAssertEqual(retry["retry_scheduled"], true)
        try await eventually("manual retry delivered") { try await delivery(app, id)["delivery_status"] == "delivered" }
        XCTAssertEqual(receiver.requests.count, 1)
        XCTAssertTrue(signatureValid(receiver.requests[0], secret: app.webhookSecret))
        await receiver.stop()
    }

    func testFilterAndDisabledWebhooks() async throws {
        let receiver = WebhookReceiver()
        try await receiver.start()
        let app = try await fixture.newApp(webhookURL: receiver.url)
        let bad = try await app.call("PUT", "/webhook-filter", ["type": "include", "events": ["meeting.exploded"]])
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(bad["valid_event_types"]?.arrayValue?.count, 35)
        let v2 = try await app.call("PUT", "/webhook-filter", ["type": "include", "events": ["meeting.created"]]).status
        XCTAssertEqual(v2, 200)
        let filtered = try await app.sandbox("POST", "/trigger", ["event_type": "meeting.updated"])
        XCTAssertEqual(filtered["delivery_id"], .null, "excluded by the include filter")

        let v3 = try await app.call("PUT", "/webhook-status", ["enabled": false]).status
        XCTAssertEqual(v3, 200)
        let held = try await app.sandbox("POST", "/trigger", ["event_type": "meeting.created"])
        let heldID = held["delivery_id"]!.stringValue!
        let abandonedLater = try await app.sandbox("POST", "/trigger", ["event_type": "meeting.created"])
        let v4 = try await delivery(app, heldID)["delivery_status"]
        XCTAssertEqual(v4, "pending")
        XCTAssertEqual(receiver.requests.count, 0)

        // Re-enable with `deliver`: the backlog goes out.
        let enabled = try await app.call("PUT", "/webhook-status", ["enabled": true, "pending_disposition": "deliver"])
        XCTAssertEqual(enabled["webhook_enabled"], true)
        try await eventually("backlog delivered") { receiver.requests.count == 2 }
        let v5 = try await delivery(app, abandonedLater["delivery_id"]!.stringValue!)["event_type"]
        XCTAssertEqual(v5, "meeting.created")

        // Disable again, queue one, re-enable with `abandon`.
        _ = try await app.call("PUT", "/webhook-status", ["enabled": false])
        let dropped = try await app.sandbox("POST", "/trigger", ["event_type": "meeting.created"])
        _ = try await app.call("PUT", "/webhook-status", ["enabled": true, "pending_disposition": "abandon"])
        let v6 = try await delivery(app, dropped["delivery_id"]!.stringValue!)["delivery_status"]
        XCTAssertEqual(v6, "abandoned")

        let list = try await app.call("GET", "/webhook-deliveries?status=abandoned")
        XCTAssertEqual(list["total"], 1)
        await receiver.stop()
    }

    func testAdminActionsEmitCatalogueEvents() async throws {
        let receiver = WebhookReceiver()
        try await receiver.start()
        let app = try await fixture.newApp(webhookURL: receiver.url)
        let connections = try await app.call("GET", "/connections")
        let id = connections["items"]!.arrayValue![0]["id"]!.stringValue!
        let v7 = try await app.call("DELETE", "/connections/\(id)").status
        XCTAssertEqual(v7, 204)
        try await eventually("revocation event delivered") { receiver.requests.count == 1 }
        let event = try JSONValue.parse(receiver.requests[0].body)
        XCTAssertEqual(event["event_type"], "user.connection.revoked")
        XCTAssertEqual(event["data"]?["connection_id"]?.stringValue, id)
        let revoked = try await app.call("GET", "/connections/\(id)")
        XCTAssertEqual(revoked["status"], "revoked")
        await receiver.stop()
    }
}
