@testable import ContioSandbox
import Foundation
import SandboxCore
import XCTest

/// Answers the spec's schemas forbid, found by generated requests (`scripts/conformance`): a
/// null `webhook_filter`, 400 codes outside a route's list, offsets echoed as floats.
final class SpecFidelityTests: XCTestCase {
    var fixture: SandboxFixture!

    override func setUp() async throws {
        fixture = try await SandboxFixture.start()
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    /// The spec's `webhook_filter` is an object: an app without a filter leaves it out.
    func testAnAppWithoutAFilterHasNoWebhookFilterMember() async throws {
        let app = fixture.demo
        var answers = [try await app.call("GET", "/app"),
                       try await app.call("PATCH", "/app", ["name": "Renamed"]),
                       try await app.call("PUT", "/app", ["name": "Renamed again"]),
                       try await app.call("PUT", "/app/status", ["status": "active"]),
                       try await app.call("PUT", "/webhook-status", ["enabled": true])]
        let filtered = try await app.call("PUT", "/webhook-filter", ["type": "include", "events": ["meeting.created"]])
        XCTAssertEqual(filtered["webhook_filter"], ["type": "include", "events": ["meeting.created"]])
        answers.append(try await app.call("DELETE", "/webhook-filter"))
        for answer in answers {
            XCTAssertEqual(answer.status, 200, "\(answer.json ?? .null)")
            XCTAssertNotNil(answer["client_id"], "an app object")
            XCTAssertNil(answer.json?.objectValue?["webhook_filter"], "\(answer.json ?? .null)")
        }
    }

    /// A malformed `Idempotency-Key` (refused by the pipeline) and a refused field (by the
    /// handler) answer with codes the route's spec lists.
    func testRefusalsUseTheRoutesOwnCodes() async throws {
        let app = fixture.demo
        let badKey = ["Idempotency-Key": String(repeating: "k", count: 300)]
        let cases: [(String, String, JSONValue?, [String: String], String)] = [
            ("POST", "/automation", ["name": "A", "trigger_type": "meeting_ended", "actions": [["type": "webhook"]]], badKey, "validation_error"),
            ("POST", "/automation", ["name": 5], [:], "validation_error"),
            ("PUT", "/app/status", ["status": "active"], badKey, "invalid_status"),
            ("PUT", "/app/status", ["status": "sideways"], [:], "invalid_status"),
            ("POST", "/credentials/client-secret/rotate", ["confirmation_token": "c1"], badKey, "bad_request"),
            ("POST", "/credentials/webhook-secret/rotate", ["confirmation_token": ""], [:], "bad_request"),
            ("POST", "/credentials/api-key/rotate", ["confirmation_token": "c1", "grace_period_hours": 500], [:], "bad_request"),
            ("PUT", "/webhook-filter", ["type": "include", "events": ["meeting.created"]], badKey, "validation_error"),
            ("PUT", "/webhook-filter", ["type": "sideways", "events": ["meeting.created"]], [:], "validation_error"),
            ("POST", "/idp", ["provider_type": "oidc"], badKey, "invalid_request_body"),
            ("PATCH", "/automation/\(UUID().uuidString.lowercased())", ["name": "B"], badKey, "validation_error"),
            ("PATCH", "/automation/not-a-uuid", ["name": "B"], [:], "invalid_automation_id"),
        ]
        for (method, path, body, headers, code) in cases {
            let answer = try await app.call(method, path, body, headers: headers)
            XCTAssertEqual(answer.status, 400, "\(method) \(path): \(answer.json ?? .null)")
            XCTAssertEqual(answer["code"]?.stringValue, code, "\(method) \(path): \(answer.json ?? .null)")
        }
        // Routes whose spec lists no codes keep the sandbox's own.
        let plain = try await app.call("POST", "/templates", ["name": "T"], headers: badKey)
        XCTAssertEqual(plain["code"], "invalid_request")
    }

    /// Every admin route whose spec enumerates its 400 codes has exactly that list in
    /// `ContioErrorCodes`, and its fallback codes are in the list.
    func testTheCodeTableIsTheSpecs() throws {
        guard let spec = try ContioSpec.load() else { throw XCTSkip("vendor spec not available (ADMINSH_SHARED)") }
        let definitions = spec["definitions"]?.objectValue ?? [:]
        var expected: [String: Set<String>] = [:]
        for (path, item) in spec["paths"]?.objectValue ?? [:] where path.hasPrefix("/v1/partner/admin/") {
            for (method, operation) in item.objectValue ?? [:] {
                guard let schema = operation["responses"]?["400"]?["schema"] else { continue }
                let codes = Self.codeEnum(schema, definitions)
                guard !codes.isEmpty else { continue }
                let routes = ContioSandbox.routes.filter { $0.role == .api && "\($0.method)" == method.uppercased() && Self.same($0.path, path) }
                XCTAssertEqual(routes.count, 1, "\(method) \(path)")
                if let route = routes.first { expected[route.name] = codes }
            }
        }
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(Set(ContioErrorCodes.badRequest.keys), Set(expected.keys))
        for (name, codes) in expected {
            guard let table = ContioErrorCodes.badRequest[name] else { continue }
            XCTAssertEqual(table.allowed, codes, name)
            XCTAssertTrue(codes.contains(table.field), name)
            if let pathID = table.pathID { XCTAssertTrue(codes.contains(pathID), name) }
        }
    }

    /// An action's `config` holds strings (the spec) or string lists (the SDK's phrases); a number
    /// is refused rather than stored and served back against the schema.
    func testAnActionConfigHoldsStringsOrStringLists() async throws {
        let app = fixture.demo
        func automation(_ config: JSONValue) -> JSONValue {
            ["name": "A", "trigger_type": "action_item_match", "actions": [["type": "phrase_match", "config": config]]]
        }
        let phrases = try await app.call("POST", "/automation", automation(["phrases": ["follow up"], "url": "https://x.test"]))
        XCTAssertEqual(phrases.status, 201, "\(phrases.json ?? .null)")
        for bad: JSONValue in [["n": 8.6e249], ["nested": ["a": "b"]], ["list": [1, 2]], ["flag": true], ["none": .null]] {
            let refused = try await app.call("POST", "/automation", automation(bad))
            XCTAssertEqual(refused.status, 400, "\(bad)")
            XCTAssertEqual(refused["code"], "validation_error")
            XCTAssertTrue(refused["message"]?.stringValue?.hasPrefix("actions[0].config.") ?? false, "\(refused.json ?? .null)")
        }
        let listed = try await app.call("GET", "/automation")
        XCTAssertEqual(listed["total"], 1)
    }

    /// An offset too large to echo as a JSON integer is refused, naming the range.
    func testAHugeOffsetIsRefusedNotEchoedAsAFloat() async throws {
        let app = fixture.demo
        let huge = try await app.call("GET", "/workflow-templates?offset=175527009931593061")
        XCTAssertEqual(huge.status, 400)
        XCTAssertEqual(huge["message"], "offset: must be an integer between 0 and 1000000000")
        let largest = try await app.call("GET", "/workflow-templates?offset=1000000000")
        XCTAssertEqual(largest.status, 200)
        XCTAssertEqual(String(decoding: largest.body, as: UTF8.self).contains(#""offset":1000000000"#), true)
    }

    /// `contio.getWorkspaces` is an API route: paged like the other lists.
    func testGetWorkspacesPages() async throws {
        let app = fixture.demo
        let page = try await app.call("GET", "/workspaces?limit=1&offset=1")
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page["total"], 2)
        XCTAssertEqual(page["limit"], 1)
        XCTAssertEqual(page["items"]?.arrayValue?.count, 1)
        let refused = try await app.call("GET", "/workspaces?limit=0")
        XCTAssertEqual(refused.status, 400)
        XCTAssertTrue(ContioSandbox.routes.contains { $0.name == "contio.getWorkspaces" && $0.role == .api })
    }

    static func same(_ template: String, _ specPath: String) -> Bool {
        let a = template.split(separator: "/"), b = specPath.split(separator: "/")
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in x == y || (x.hasPrefix("{") && y.hasPrefix("{")) }
    }

    /// The `code` enum of a 400 schema (through `$ref` and `allOf`).
    static func codeEnum(_ schema: JSONValue, _ definitions: [String: JSONValue]) -> Set<String> {
        var schema = schema
        while let ref = schema["$ref"]?.stringValue, let target = definitions[String(ref.split(separator: "/").last ?? "")] {
            schema = target
        }
        var codes: Set<String> = []
        for part in schema["allOf"]?.arrayValue ?? [] { codes.formUnion(codeEnum(part, definitions)) }
        if var code = schema["properties"]?["code"] {
            while let ref = code["$ref"]?.stringValue, let target = definitions[String(ref.split(separator: "/").last ?? "")] { code = target }
            codes.formUnion((code["enum"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        return codes
    }
}
