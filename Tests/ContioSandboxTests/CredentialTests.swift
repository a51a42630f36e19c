import Foundation
import SandboxCore
import XCTest

/// Credential rotation semantics over real HTTP, with the app's test clock.
final class CredentialTests: XCTestCase {
    var fixture: SandboxFixture!
    var app: ContioClient!

    override func setUp() async throws {
        fixture = try await SandboxFixture.start()
        app = try await fixture.newApp()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    func rotate(_ client: ContioClient, _ segment: String = "api-key", grace: Int? = nil) async throws -> HTTPResult {
        var body: JSONValue = ["confirmation_token": "confirm", "reason": "test"]
        if let grace { body["grace_period_hours"] = .int(grace) }
        return try await client.call("POST", "/credentials/\(segment)/rotate", body)
    }

    func testFourthRotationIn24HoursIsRefusedThenAllowedAfterAdvancingTheClock() async throws {
        var client = app!
        for _ in 1...3 {
            let r = try await rotate(client)
            XCTAssertEqual(r.status, 200)
            client = client.with(apiKey: r["new_credential"]!.stringValue!)
        }
        let fourth = try await rotate(client)
        XCTAssertEqual(fourth.status, 429)
        XCTAssertEqual(fourth["code"], "rate_limit_exceeded")
        let retryAfter = Int(fourth.header("Retry-After") ?? "") ?? 0
        XCTAssertGreaterThan(retryAfter, 0)
        XCTAssertLessThanOrEqual(retryAfter, 86400)

        let history = try await client.call("GET", "/credentials/history?credential_type=api_key&action=rotated")
        let outcomes = history["events"]!.arrayValue!.compactMap { $0["metadata"]?["result"]?.stringValue }
        XCTAssertEqual(outcomes.filter { $0 == "failed" }.count, 1, "the refused attempt is audited")
        XCTAssertEqual(outcomes.filter { $0 == "succeeded" }.count, 3)

        try await client.advanceClock(seconds: 86400)
        let fifth = try await rotate(client)
        XCTAssertEqual(fifth.status, 200)
    }

    func testOldKeyAuthenticatesDuringGraceAndNotAfter() async throws {
        let r = try await rotate(app, grace: 2)
        XCTAssertEqual(r.status, 200)
        let newClient = app.with(apiKey: r["new_credential"]!.stringValue!)
        XCTAssertTrue(r["new_credential"]!.stringValue!.hasPrefix("ctio_"))

        let oldDuring = try await app.call("GET", "/app")
        XCTAssertEqual(oldDuring.status, 200)
        let s1 = try await newClient.call("GET", "/app")
        XCTAssertEqual(s1.status, 200)
        let status = try await newClient.call("GET", "/credentials")
        XCTAssertEqual(status["api_key"]?["status"], "transitioning")
        XCTAssertNotNil(status["api_key"]?["grace_period_ends_at"]?.stringValue)

        try await newClient.advanceClock(seconds: 2 * 3600 + 1)
        let oldAfter = try await app.call("GET", "/app")
        XCTAssertEqual(oldAfter.status, 401)
        XCTAssertEqual(oldAfter["code"], "unauthorized")
        let s2 = try await newClient.call("GET", "/app")
        XCTAssertEqual(s2.status, 200)
        let after = try await newClient.call("GET", "/credentials")
        XCTAssertEqual(after["api_key"]?["status"], "active")
        XCTAssertNil(after["api_key"]?["grace_period_ends_at"])
    }

    func testRotationDuringGraceEndsTheEarlierGrace() async throws {
        let first = try await rotate(app)
        let k1 = app.with(apiKey: first["new_credential"]!.stringValue!)
        let second = try await rotate(k1)
        let k2 = app.with(apiKey: second["new_credential"]!.stringValue!)
        let s3 = try await app.call("GET", "/app")
        XCTAssertEqual(s3.status, 401, "the original key's grace ended")
        let s4 = try await k1.call("GET", "/app")
        XCTAssertEqual(s4.status, 200, "the replaced key is in its grace period")
        let s5 = try await k2.call("GET", "/app")
        XCTAssertEqual(s5.status, 200)
    }

    func testRollbackTokenIsSingleUseAndExpiresAfterOneHour() async throws {
        let r = try await rotate(app)
        let token = r["rollback_token"]!
        XCTAssertTrue(token.stringValue!.hasPrefix("rb_"))
        let newClient = app.with(apiKey: r["new_credential"]!.stringValue!)

        let rollback = try await app.call("POST", "/credentials/api-key/rollback", ["rollback_token": token])
        XCTAssertEqual(rollback.status, 200)
        let s6 = try await newClient.call("GET", "/app")
        XCTAssertEqual(s6.status, 401, "rolled-back key no longer works")
        let s7 = try await app.call("GET", "/app")
        XCTAssertEqual(s7.status, 200, "previous key restored")

        let again = try await app.call("POST", "/credentials/api-key/rollback", ["rollback_token": token])
        XCTAssertEqual(again.status, 400)
        XCTAssertTrue(again["error"]!.stringValue!.contains("rollback_token"))

        let r2 = try await rotate(app)
        try await app.advanceClock(seconds: 3601)
        let late = try await app.call("POST", "/credentials/api-key/rollback", ["rollback_token": r2["rollback_token"]!])
        XCTAssertEqual(late.status, 400)
        XCTAssertTrue(late["error"]!.stringValue!.contains("expired"))

        // A client-secret token cannot roll back the API key.
        let cs = try await rotate(app, "client-secret")
        let crossed = try await app.call("POST", "/credentials/api-key/rollback", ["rollback_token": cs["rollback_token"]!])
        XCTAssertEqual(crossed.status, 400)

        let history = try await app.call("GET", "/credentials/history?action=rollback")
        let results = history["events"]!.arrayValue!.compactMap { $0["metadata"]?["result"]?.stringValue }
        XCTAssertEqual(results.sorted(), ["failed", "failed", "failed", "succeeded"])
    }

    func testTenConcurrentRotationsGiveExactlyThreeSuccesses() async throws {
        let client = app!
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 { group.addTask { try await self.rotate(client, "client-secret").status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == 200 }.count, 3)
        XCTAssertEqual(statuses.filter { $0 == 429 }.count, 7)
        let history = try await client.call("GET", "/credentials/history?credential_type=client_secret&limit=100")
        let events = history["events"]!.arrayValue!
        XCTAssertEqual(events.count, 10)
        XCTAssertEqual(events.filter { $0["metadata"]?["result"] == "succeeded" }.count, 3)
        let status = try await client.call("GET", "/credentials")
        XCTAssertEqual(status["client_secret"]?["status"], "transitioning")
    }

    func testWebhookSecretRotatesImmediatelyWithoutRollback() async throws {
        let r = try await rotate(app, "webhook-secret", grace: 48)
        XCTAssertEqual(r.status, 200)
        XCTAssertTrue(r["new_credential"]!.stringValue!.hasPrefix("whs_"))
        XCTAssertNil(r["rollback_token"])
        XCTAssertNil(r["grace_period_ends_at"])
        let status = try await app.call("GET", "/credentials")
        XCTAssertEqual(status["webhook_secret"]?["status"], "active")
        let rollback = try await app.call("POST", "/credentials/webhook-secret/rollback", ["rollback_token": "rb_x"])
        XCTAssertEqual(rollback.status, 404, "there is no webhook-secret rollback")
    }

    func testRotationInputIsValidated() async throws {
        let missing = try await app.call("POST", "/credentials/api-key/rotate", ["reason": "x"])
        XCTAssertEqual(missing.status, 400)
        XCTAssertEqual(missing["code"], "bad_request")
        XCTAssertTrue(missing["error"]!.stringValue!.hasPrefix("confirmation_token"))
        let tooLong = try await rotate(app, grace: 169)
        XCTAssertEqual(tooLong.status, 400)
        XCTAssertTrue(tooLong["error"]!.stringValue!.hasPrefix("grace_period_hours"))
        let malformed = try await app.call("POST", "/credentials/api-key/rotate", rawBody: Data("{nope".utf8))
        XCTAssertEqual(malformed.status, 400)
        // The spec's RotateAPIKeyError400 enumerates bad_request (and rate_limit_exceeded) only.
        XCTAssertEqual(malformed["code"], "bad_request")
        let status = try await app.call("GET", "/credentials")
        XCTAssertEqual(status["api_key"]?["status"], "active", "failed requests changed nothing")
        XCTAssertEqual(status["api_key"]?["recommended_action"], "ok")
    }
}
