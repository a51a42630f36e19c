import Foundation
import SandboxCore
import XCTest

/// Auth, tenant isolation, idempotency and input validation.
final class TenancyAndInputTests: XCTestCase {
    var fixture: SandboxFixture!

    override func setUp() async throws {
        fixture = try await SandboxFixture.start()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    static let automation: JSONValue = ["name": "Sync", "trigger_type": "meeting_ended", "actions": [["type": "webhook"]]]

    func testBothHeadersAreRequired() async throws {
        let app = fixture.demo
        var noClient = app
        noClient.clientID = ""
        let r1 = try await app.server.send(.get, "/v1/partner/admin/app", headers: ["X-API-Key": app.apiKey])
        XCTAssertEqual(r1.status, 401)
        XCTAssertEqual(r1["code"], "unauthorized")
        let wrongKey = try await app.with(apiKey: app.apiKey + "x").call("GET", "/app")
        XCTAssertEqual(wrongKey.status, 401)
        let ok = try await app.call("GET", "/app")
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(ok["client_id"]?.stringValue, app.clientID)
    }

    func testOneAppNeverSeesAnothersData() async throws {
        let a = try await fixture.newApp()
        let b = try await fixture.newApp()
        let created = try await a.call("POST", "/automation", Self.automation)
        XCTAssertEqual(created.status, 201)
        let id = created["id"]!.stringValue!

        let foreignGet = try await b.call("GET", "/automation/\(id)")
        XCTAssertEqual(foreignGet.status, 404)
        let foreignDelete = try await b.call("DELETE", "/automation/\(id)")
        XCTAssertEqual(foreignDelete.status, 404)
        let bList = try await b.call("GET", "/automation")
        XCTAssertEqual(bList["total"], 0)
        // B's key with A's client id is not a valid credential pair.
        var mixed = b
        mixed.clientID = a.clientID
        let mixedCall = try await mixed.call("GET", "/app")
        XCTAssertEqual(mixedCall.status, 401)
        // Clocks are per tenant too.
        try await a.advanceClock(seconds: 3600)
        let aClock = try await a.sandbox("GET", "/clock")
        let bClock = try await b.sandbox("GET", "/clock")
        XCTAssertEqual(aClock["offset_seconds"]?.numberValue ?? 0, 3600, accuracy: 2)
        XCTAssertEqual(bClock["offset_seconds"]?.numberValue ?? -1, 0, accuracy: 2)
        let stillThere = try await a.call("GET", "/automation/\(id)")
        XCTAssertEqual(stillThere.status, 200)
    }

    func testIdempotencyKeyReplaysTheFirstResponse() async throws {
        let app = fixture.demo
        let headers = ["Idempotency-Key": "create-sync-1"]
        let first = try await app.call("POST", "/automation", Self.automation, headers: headers)
        XCTAssertEqual(first.status, 201)
        XCTAssertNil(first.header("Idempotent-Replayed"))
        let second = try await app.call("POST", "/automation", Self.automation, headers: headers)
        XCTAssertEqual(second.status, 201)
        XCTAssertEqual(second.header("Idempotent-Replayed"), "true")
        XCTAssertEqual(second["id"], first["id"])
        let list = try await app.call("GET", "/automation")
        XCTAssertEqual(list["total"], 1, "the operation ran once")

        let different = try await app.call("POST", "/automation", ["name": "Other", "trigger_type": "meeting_ended",
                                                                   "actions": [["type": "webhook"]]], headers: headers)
        XCTAssertEqual(different.status, 409)
        // The record expires after 24 h on the app's clock.
        try await app.advanceClock(seconds: 86401)
        let expired = try await app.call("POST", "/automation", Self.automation, headers: headers)
        XCTAssertEqual(expired.status, 201)
        XCTAssertNil(expired.header("Idempotent-Replayed"))
        XCTAssertNotEqual(expired["id"], first["id"])
        // A failed request is not recorded: the same key may be retried once fixed.
        let bad = try await app.call("POST", "/templates", ["name": 5], headers: ["Idempotency-Key": "tpl"])
        XCTAssertEqual(bad.status, 400)
        let fixed = try await app.call("POST", "/templates", ["name": 5], headers: ["Idempotency-Key": "tpl"])
        XCTAssertEqual(fixed.status, 400)
        XCTAssertNil(fixed.header("Idempotent-Replayed"))
    }

    func testBadInputGetsTheSpecErrorBodyNamingTheField() async throws {
        let app = fixture.demo
        func check(_ r: HTTPResult, _ status: Int, field: String, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(r.status, status, String(decoding: r.body, as: UTF8.self), file: file, line: line)
            for key in ["code", "error", "message", "request_id"] {
                XCTAssertNotNil(r[key]?.stringValue, "missing \(key)", file: file, line: line)
            }
            XCTAssertTrue(r["error"]?.stringValue?.contains(field) ?? false, "\(r["error"]?.text ?? "") should name \(field)", file: file, line: line)
        }
        let malformed = try await app.call("POST", "/automation", rawBody: Data("{\"name\": ".utf8))
        XCTAssertEqual(malformed.status, 400)
        XCTAssertEqual(malformed["code"], "invalid_request_body")
        let c1 = try await app.call("POST", "/automation", ["name": 5, "trigger_type": "meeting_ended", "actions": [["type": "x"]]])
        check(c1, 400, field: "name")
        let c2 = try await app.call("POST", "/automation", ["name": "x", "trigger_type": "meeting_exploded", "actions": [["type": "x"]]])
        check(c2, 400, field: "trigger_type")
        let c3 = try await app.call("POST", "/automation", ["name": "x", "trigger_type": "meeting_ended"])
        check(c3, 400, field: "actions")
        let c4 = try await app.call("POST", "/automation", ["name": .string(String(repeating: "a", count: 256)),
                                                         "trigger_type": "meeting_ended", "actions": [["type": "x"]]])
        check(c4, 400, field: "name")
        let c5 = try await app.call("GET", "/automation/not-a-uuid")
        check(c5, 400, field: "automationId")
        let c6 = try await app.call("GET", "/templates/\(UUID().uuidString)")
        check(c6, 404, field: "template")
        let c7 = try await app.call("PUT", "/app/status", ["status": "maintenance"])
        check(c7, 400, field: "status")
        let c8 = try await app.call("PATCH", "/app", ["webhook_url": "ftp://nope"])
        check(c8, 400, field: "webhook_url")
        let c9 = try await app.call("GET", "/automation?limit=0")
        check(c9, 400, field: "limit")
        let c10 = try await app.call("POST", "/idp", ["name": "x", "discovery_url": "https://idp.test/oops", "idp_client_id": "a",
                                                  "idp_client_secret": "b", "mode": "partner_managed"])
        check(c10, 400, field: "discovery_url")
        let c11 = try await app.call("POST", "/idp", ["name": "x", "discovery_url": "https://idp.test/.well-known/openid-configuration",
                                                  "idp_client_id": "a", "idp_client_secret": "b", "mode": "strict"])
        check(c11, 400, field: "allowed_email_domains")
        let c12 = try await app.call("POST", "/idp/domains/gmail.com/verify")
        check(c12, 400, field: "domain")
        let c13 = try await app.call("GET", "/no-such-thing")
        check(c13, 404, field: "/v1/partner/admin/no-such-thing")
        // Nothing was written by any of them.
        let list = try await app.call("GET", "/automation")
        XCTAssertEqual(list["total"], 0)
        let idp = try await app.call("GET", "/idp")
        XCTAssertEqual(idp.status, 404)
    }

    func testDomainVerificationWithSimulatedDNS() async throws {
        let app = fixture.demo
        let challenge = try await app.call("POST", "/idp/domains/Acme-Corp.com/verify")
        XCTAssertEqual(challenge.status, 201)
        XCTAssertEqual(challenge["domain"], "acme-corp.com")
        XCTAssertEqual(challenge["dns_record_name"], "_contio-challenge.acme-corp.com")
        let pending = try await app.call("POST", "/idp/domains/acme-corp.com/check")
        XCTAssertEqual(pending["status"], "pending")
        let strictBefore = try await app.call("POST", "/idp", ["name": "x", "discovery_url": "https://idp.acme-corp.com/.well-known/openid-configuration",
                                                               "idp_client_id": "a", "idp_client_secret": "b", "mode": "strict",
                                                               "allowed_email_domains": ["acme-corp.com"]])
        XCTAssertEqual(strictBefore["code"], "domain_not_verified")
        _ = try await app.sandbox("POST", "/dns", ["name": challenge["dns_record_name"]!, "value": challenge["dns_record_value"]!])
        let verified = try await app.call("POST", "/idp/domains/acme-corp.com/check")
        XCTAssertEqual(verified["status"], "verified")
        XCTAssertNotNil(verified["verified_at"]?.stringValue)
        let strict = try await app.call("POST", "/idp", ["name": "x", "discovery_url": "https://idp.acme-corp.com/.well-known/openid-configuration",
                                                         "idp_client_id": "a", "idp_client_secret": "b", "mode": "strict",
                                                         "allowed_email_domains": ["acme-corp.com"]])
        XCTAssertEqual(strict.status, 201)
        XCTAssertNil(strict["idp_client_secret"])
        XCTAssertEqual(strict["token_endpoint"], "https://idp.acme-corp.com/token")
        let again = try await app.call("POST", "/idp", ["name": "y", "discovery_url": "https://idp.acme-corp.com/.well-known/openid-configuration",
                                                        "idp_client_id": "a", "idp_client_secret": "b", "mode": "partner_managed"])
        XCTAssertEqual(again.status, 409)
    }

    /// A domain another app's strict IdP configuration lists cannot be claimed again.
    func testAStrictDomainBelongsToOneApp() async throws {
        func verifyAndConfigure(_ app: ContioClient) async throws -> HTTPResult {
            let challenge = try await app.call("POST", "/idp/domains/claimed.example.com/verify")
            XCTAssertEqual(challenge.status, 201)
            _ = try await app.sandbox("POST", "/dns", ["name": challenge["dns_record_name"]!, "value": challenge["dns_record_value"]!])
            let verified = try await app.call("POST", "/idp/domains/claimed.example.com/check")
            XCTAssertEqual(verified["status"], "verified")
            return try await app.call("POST", "/idp", ["name": "x", "discovery_url": "https://idp.example.com/.well-known/openid-configuration",
                                                       "idp_client_id": "a", "idp_client_secret": "b", "mode": "strict",
                                                       "allowed_email_domains": ["claimed.example.com"]])
        }
        let first = try await verifyAndConfigure(fixture.demo)
        XCTAssertEqual(first.status, 201)
        let second = try await verifyAndConfigure(try await fixture.newApp())
        XCTAssertEqual(second.status, 400)
        XCTAssertEqual(second["code"], "domain_already_claimed")
        let unclaimed = try await fixture.newApp().call("POST", "/idp", [
            "name": "x", "discovery_url": "https://idp.example.com/.well-known/openid-configuration",
            "idp_client_id": "a", "idp_client_secret": "b", "mode": "partner_managed", "allowed_email_domains": ["claimed.example.com"]])
        XCTAssertEqual(unclaimed.status, 201, "only strict mode claims a domain")
    }
}
