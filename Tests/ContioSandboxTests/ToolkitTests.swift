import Foundation
import SandboxCore
import XCTest

/// Toolkit version lifecycle and manifest export / re-import.
final class ToolkitTests: XCTestCase {
    var fixture: SandboxFixture!
    var app: ContioClient!

    override func setUp() async throws {
        fixture = try await SandboxFixture.start()
        app = fixture.demo
    }

    override func tearDown() async throws {
        await fixture.stop()
    }

    func createToolkit(slug: String = "sales") async throws -> String {
        let r = try await app.call("POST", "/toolkits", ["name": "Sales", "slug": .string(slug), "version": "1.0.0",
                                                         "manifest": ConformanceTests.manifest])
        XCTAssertEqual(r.status, 201, String(decoding: r.body, as: UTF8.self))
        return r["toolkit"]!["id"]!.stringValue!
    }

    func versions(_ toolkit: String) async throws -> [JSONValue] {
        try await app.call("GET", "/toolkits/\(toolkit)/versions").json?.arrayValue ?? []
    }

    func testVersionLifecycle() async throws {
        let toolkit = try await createToolkit()
        let base = "/toolkits/\(toolkit)/versions"
        let initial = try await versions(toolkit)
        XCTAssertEqual(initial.map { $0["status"] }, ["PUBLISHED"])
        let v1 = initial[0]["id"]!.stringValue!

        let draft = try await app.call("POST", base, ["version_label": "1.1.0", "manifest": ConformanceTests.manifest])
        XCTAssertEqual(draft.status, 201)
        XCTAssertEqual(draft["version"]?["status"], "DRAFT")
        XCTAssertEqual(draft["version"]?["version_number"], 2)
        let v2 = draft["version"]!["id"]!.stringValue!
        let second = try await app.call("POST", base, ["version_label": "1.2.0", "manifest": ConformanceTests.manifest])
        XCTAssertEqual(second.status, 409, "only one draft at a time")

        let updatePublished = try await app.call("PATCH", "\(base)/\(v1)", ["changelog": "x"])
        XCTAssertEqual(updatePublished.status, 400)
        let discardPublished = try await app.call("DELETE", "\(base)/\(v1)")
        XCTAssertEqual(discardPublished.status, 400)
        let republishDraft = try await app.call("POST", "\(base)/\(v2)/republish")
        XCTAssertEqual(republishDraft.status, 400)

        let publish = try await app.call("POST", "\(base)/\(v2)/publish", ["propagation": "none"])
        XCTAssertEqual(publish.status, 204)
        let afterPublish = try await versions(toolkit)
        XCTAssertEqual(afterPublish.map { $0["status"] }, ["DEPRECATED", "PUBLISHED"])
        XCTAssertNotNil(afterPublish[0]["deprecated_at"]?.stringValue)
        let mirrored = try await app.call("GET", "/toolkits/\(toolkit)")
        XCTAssertEqual(mirrored["version"], "1.1.0", "the toolkit mirrors its published version")

        let republish = try await app.call("POST", "\(base)/\(v1)/republish")
        XCTAssertEqual(republish.status, 204)
        let afterRepublish = try await versions(toolkit)
        XCTAssertEqual(afterRepublish.map { $0["status"] }, ["PUBLISHED", "DEPRECATED"])

        let v3 = try await app.call("POST", base, ["version_label": "2.0.0", "manifest": ConformanceTests.manifest])
        let v3id = v3["version"]!["id"]!.stringValue!
        let discard = try await app.call("DELETE", "\(base)/\(v3id)")
        XCTAssertEqual(discard.status, 204)
        let gone = try await app.call("GET", "\(base)/\(v3id)")
        XCTAssertEqual(gone.status, 404)

        let deprecatedField = try await app.call("PATCH", "/toolkits/\(toolkit)", ["manifest": [:]])
        XCTAssertEqual(deprecatedField.status, 409)
    }

    func testExportedManifestReimports() async throws {
        let toolkit = try await createToolkit()
        let export = try await app.call("GET", "/toolkits/\(toolkit)/export")
        XCTAssertEqual(export.status, 200)
        let manifest = export["manifest"]!
        XCTAssertEqual(export["summary"], ["templates": 1, "next_steps": 1, "action_buttons": 1, "shortcuts": 1])
        XCTAssertEqual(manifest["next_steps"]?.arrayValue?[0]["action_buttons"]?.arrayValue?[0]["action_button"]?["$ref"], "copy")

        let reimported = try await app.call("POST", "/toolkits", ["name": "Copy", "slug": "sales-copy", "version": "1.0.0", "manifest": manifest])
        XCTAssertEqual(reimported.status, 201)
        XCTAssertEqual(reimported["summary"], export["summary"])
        XCTAssertEqual(reimported["validation"]?["valid"], true)
        let asVersion = try await app.call("POST", "/toolkits/\(toolkit)/versions", ["version_label": "1.0.1", "manifest": manifest])
        XCTAssertEqual(asVersion.status, 201)

        // Export of stored entities: database ids become $id / $ref.
        let entities = try await app.sandbox("GET", "/entities")
        let stepID = entities["next_steps"]!.arrayValue![0]["id"]!.stringValue!
        let template = try await app.call("POST", "/templates", ["name": "Kick-off"])
        let templateID = template["id"]!.stringValue!
        _ = try await app.call("POST", "/templates/\(templateID)/next-steps", ["next_step_id": .string(stepID), "autopilot": true])
        let picked = try await app.call("POST", "/toolkits/export", ["template_ids": [.string(templateID)], "name": "Picked"])
        XCTAssertEqual(picked.status, 200)
        XCTAssertEqual(picked["summary"], ["templates": 1, "next_steps": 1, "action_buttons": 1, "shortcuts": 0])
        let ref = picked["manifest"]!["templates"]!.arrayValue![0]["next_steps"]!.arrayValue![0]["next_step"]!["$ref"]!
        XCTAssertEqual(picked["manifest"]!["next_steps"]!.arrayValue![0]["spec"]!["$id"], ref)
        XCTAssertFalse(picked["manifest"]!.text.contains(stepID), "no database ids in a portable manifest")
        let imported = try await app.call("POST", "/toolkits", ["name": "Picked", "slug": "picked", "version": "1",
                                                                "manifest": picked["manifest"]!])
        XCTAssertEqual(imported.status, 201)
        let empty = try await app.call("POST", "/toolkits/export", ["template_ids": []])
        XCTAssertEqual(empty.status, 400)
    }

    func testManifestValidationAndDryRun() async throws {
        let broken: JSONValue = ["next_steps": [["spec": ["name": "x", "type": "ai"],
                                                 "action_buttons": [["action_button": ["$ref": "missing"]]]]],
                                 "shortcuts": [["spec": ["name": "s"]]]]
        let dry = try await app.call("POST", "/toolkits", ["name": "T", "slug": "t", "version": "1", "manifest": broken, "dry_run": true])
        XCTAssertEqual(dry.status, 200)
        XCTAssertNil(dry["toolkit"])
        XCTAssertEqual(dry["validation"]?["valid"], false)
        let paths = Set(dry["validation"]!["errors"]!.arrayValue!.compactMap { $0["path"]?.stringValue })
        XCTAssertEqual(paths, ["next_steps[0].action_buttons[0].action_button", "shortcuts[0].spec.prompt"])
        let real = try await app.call("POST", "/toolkits", ["name": "T", "slug": "t", "version": "1", "manifest": broken])
        XCTAssertEqual(real.status, 400)
        XCTAssertEqual(real["code"], "manifest_validation_failed")
        let list = try await app.call("GET", "/toolkits")
        XCTAssertEqual(list["total"], 0)
        _ = try await createToolkit(slug: "dup")
        let dup = try await app.call("POST", "/toolkits", ["name": "T", "slug": "dup", "version": "1", "manifest": [:]])
        XCTAssertEqual(dup["code"], "toolkit_slug_collision")
    }
}
