import Foundation
import SandboxCore
import XCTest

/// Walks every admin operation of the vendor spec against a live sandbox: each must be routed,
/// answer its documented success status, and its body must validate against the spec's schema.
final class ConformanceTests: XCTestCase {
    struct Operation {
        var method: String
        var path: String
        var responses: [String: JSONValue]
    }

    static let manifest: JSONValue = [
        "toolkit_prompt": "Be concise.",
        "templates": [["spec": ["$id": "weekly", "name": "Weekly sync"],
                       "next_steps": [["next_step": ["$ref": "follow-up"], "autopilot": true, "sort_order": 1]]]],
        "next_steps": [["spec": ["$id": "follow-up", "name": "Follow up", "type": "ai", "ai_prompt": "Draft a follow-up."],
                        "action_buttons": [["action_button": ["$ref": "copy"], "sort_order": 1]]]],
        "action_buttons": [["spec": ["$id": "copy", "name": "Copy", "content_format": "markdown", "delivery_mechanism": "clipboard"]]],
        "shortcuts": [["spec": ["$id": "sum", "name": "Summarise", "prompt": "Summarise.", "surfaces": [["surface": "HOME", "position": 1]]]]],
    ]

    func testEveryAdminOperationIsRoutedAndMatchesItsSchema() async throws {
        guard let spec = try ContioSpec.load() else { throw XCTSkip("vendor spec not available (ADMINSH_SHARED)") }
        let checker = SwaggerSchemaChecker(definitions: spec["definitions"]!.objectValue!)
        var operations: [String: Operation] = [:]
        for (path, item) in spec["paths"]!.objectValue! where path.hasPrefix("/v1/partner/admin") {
            for (method, op) in item.objectValue! where method != "parameters" {
                operations[op["operationId"]!.stringValue!] = Operation(
                    method: method.uppercased(), path: String(path.dropFirst("/v1/partner/admin".count)),
                    responses: op["responses"]?.objectValue ?? [:])
            }
        }
        XCTAssertEqual(operations.count, 61)

        // Live: the operations include webhook deliveries to a real receiver.
        let fixture = try await SandboxFixture.start(.live)
        let receiver = WebhookReceiver()
        try await receiver.start()
        let app = try await fixture.newApp(webhookURL: receiver.url)
        var exercised = Set<String>()

        func run(_ id: String, _ body: JSONValue? = nil, _ params: [String: String] = [:], expect: Int) async throws -> HTTPResult {
            guard let op = operations[id] else { XCTFail("spec has no operation \(id)"); throw TestFailure(id) }
            var path = op.path
            for (k, v) in params { path = path.replacingOccurrences(of: "{\(k)}", with: v) }
            let r = try await app.call(op.method, path, body)
            XCTAssertEqual(r.status, expect, "\(id) \(op.method) \(path): \(String(decoding: r.body, as: UTF8.self))")
            if let schema = op.responses[String(r.status)]?["schema"] {
                if let json = r.json {
                    XCTAssertEqual(checker.errors(json, schema: schema), [], "\(id) response does not match the spec")
                } else {
                    XCTFail("\(id): expected a JSON body")
                }
            }
            exercised.insert(id)
            return r
        }

        // App
        _ = try await run("getApp", expect: 200)
        _ = try await run("replaceApp", ["name": "Renamed app"], expect: 200)
        _ = try await run("updateApp", ["description": "Updated"], expect: 200)
        _ = try await run("replaceAppStatus", ["status": "active"], expect: 200)
        // Automations
        let automation = try await run("createAutomation", ["name": "Jira sync", "trigger_type": "action_item_created",
                                                            "actions": [["type": "webhook", "config": ["url": "https://x.test"]]]], expect: 201)
        let automationID = automation["id"]!.stringValue!
        _ = try await run("listAutomations", expect: 200)
        _ = try await run("getAutomation", nil, ["automationId": automationID], expect: 200)
        _ = try await run("replaceAutomation", ["name": "Jira sync 2"], ["automationId": automationID], expect: 200)
        _ = try await run("updateAutomation", ["status": "inactive"], ["automationId": automationID], expect: 200)
        _ = try await run("deleteAutomation", nil, ["automationId": automationID], expect: 204)
        // Connections
        let connections = try await run("listConnections", expect: 200)
        let connectionID = connections["items"]!.arrayValue![0]["id"]!.stringValue!
        _ = try await run("getConnection", nil, ["connectionId": connectionID], expect: 200)
        _ = try await run("revokeConnection", nil, ["connectionId": connectionID], expect: 204)
        // Credentials
        _ = try await run("getCredentialStatus", expect: 200)
        let rotatedKey = try await run("rotateApiKey", ["confirmation_token": "yes"], expect: 200)
        _ = try await run("rollbackApiKey", ["rollback_token": rotatedKey["rollback_token"]!], expect: 200)
        let rotatedSecret = try await run("rotateClientSecret", ["confirmation_token": "yes", "grace_period_hours": 48], expect: 200)
        _ = try await run("rollbackClientSecret", ["rollback_token": rotatedSecret["rollback_token"]!], expect: 200)
        _ = try await run("rotateWebhookSecret", ["confirmation_token": "yes"], expect: 200)
        _ = try await run("listCredentialHistory", expect: 200)
        // IdP and domains
        _ = try await run("createIdpConfig", ["name": "Okta", "discovery_url": "https://acme.okta.com/.well-known/openid-configuration",
                                              "idp_client_id": "abc", "idp_client_secret": "s3cret", "mode": "partner_managed"], expect: 201)
        _ = try await run("getIdpConfig", expect: 200)
        _ = try await run("replaceIdpConfig", ["name": "Okta SSO"], expect: 200)
        _ = try await run("updateIdpConfig", ["is_active": false], expect: 200)
        _ = try await run("initiateIdpDomainVerification", nil, ["domain": "acme-corp.com"], expect: 201)
        _ = try await run("getIdpDomainVerification", nil, ["domain": "acme-corp.com"], expect: 200)
        _ = try await run("checkIdpDomainVerification", nil, ["domain": "acme-corp.com"], expect: 200)
        _ = try await run("deleteIdpConfig", expect: 204)
        // Templates and next steps
        let entities = try await app.sandbox("GET", "/entities")
        let nextStepID = entities["next_steps"]!.arrayValue![0]["id"]!.stringValue!
        let template = try await run("createTemplate", ["name": "Kick-off", "description": "First call"], expect: 201)
        let templateID = template["id"]!.stringValue!
        _ = try await run("listTemplates", expect: 200)
        _ = try await run("getTemplate", nil, ["templateId": templateID], expect: 200)
        _ = try await run("replaceTemplate", ["name": "Kick-off 2"], ["templateId": templateID], expect: 200)
        _ = try await run("updateTemplate", ["description": "Intro"], ["templateId": templateID], expect: 200)
        _ = try await run("addTemplateNextStep", ["next_step_id": .string(nextStepID), "autopilot": false, "sort_order": 1],
                          ["templateId": templateID], expect: 204)
        _ = try await run("listTemplateNextSteps", nil, ["templateId": templateID], expect: 200)
        _ = try await run("replaceTemplateNextStep", ["autopilot": true], ["templateId": templateID, "nextStepId": nextStepID], expect: 204)
        // Toolkits (export entities while the template still exists)
        _ = try await run("adminExportEntities", ["template_ids": [.string(templateID)]], expect: 200)
        _ = try await run("removeTemplateNextStep", nil, ["templateId": templateID, "nextStepId": nextStepID], expect: 204)
        _ = try await run("deleteTemplate", nil, ["templateId": templateID], expect: 204)
        let created = try await run("adminCreateToolkit", ["name": "Sales kit", "slug": "sales-kit", "version": "1.0.0",
                                                           "manifest": Self.manifest], expect: 201)
        let toolkitID = created["toolkit"]!["id"]!.stringValue!
        _ = try await run("adminListToolkits", expect: 200)
        _ = try await run("adminGetToolkit", nil, ["toolkitId": toolkitID], expect: 200)
        _ = try await run("adminUpdateToolkit", ["name": "Sales kit 2", "auto_propagate": true], ["toolkitId": toolkitID], expect: 200)
        _ = try await run("adminExportToolkit", nil, ["toolkitId": toolkitID], expect: 200)
        _ = try await run("adminListToolkitInstallations", nil, ["toolkitId": toolkitID], expect: 200)
        let draft = try await run("adminCreateToolkitVersion", ["version_label": "1.1.0", "manifest": Self.manifest],
                                  ["toolkitId": toolkitID], expect: 201)
        let draftID = draft["version"]!["id"]!.stringValue!
        let versions = try await run("adminListToolkitVersions", nil, ["toolkitId": toolkitID], expect: 200)
        let firstID = versions.json!.arrayValue![0]["id"]!.stringValue!
        _ = try await run("adminGetToolkitVersion", nil, ["toolkitId": toolkitID, "versionId": draftID], expect: 200)
        _ = try await run("adminUpdateToolkitVersion", ["changelog": "Better prompts"], ["toolkitId": toolkitID, "versionId": draftID], expect: 200)
        _ = try await run("adminPublishToolkitVersion", nil, ["toolkitId": toolkitID, "versionId": draftID], expect: 204)
        _ = try await run("adminRepublishToolkitVersion", nil, ["toolkitId": toolkitID, "versionId": firstID], expect: 204)
        let another = try await app.call("POST", "/toolkits/\(toolkitID)/versions", ["version_label": "2.0.0", "manifest": Self.manifest])
        _ = try await run("adminDiscardToolkitVersion", nil, ["toolkitId": toolkitID, "versionId": another["version"]!["id"]!.stringValue!], expect: 204)
        _ = try await run("adminDeleteToolkit", nil, ["toolkitId": toolkitID], expect: 204)
        // Webhooks
        _ = try await app.sandbox("POST", "/trigger", ["event_type": "meeting.created"])
        let deliveries = try await run("listWebhookDeliveries", expect: 200)
        let deliveryID = deliveries["deliveries"]!.arrayValue![0]["id"]!.stringValue!
        _ = try await run("getWebhookDelivery", nil, ["deliveryId": deliveryID], expect: 200)
        _ = try await run("retryWebhookDelivery", nil, ["deliveryId": deliveryID], expect: 200)
        _ = try await run("replaceWebhookFilter", ["type": "include", "events": ["meeting.created"]], expect: 200)
        _ = try await run("deleteWebhookFilter", expect: 200)
        _ = try await run("replaceWebhookStatus", ["enabled": true, "pending_disposition": "deliver"], expect: 200)
        // Workflow templates
        let workflows = try await run("listWorkflowTemplates", expect: 200)
        _ = try await run("getWorkflowTemplate", nil, ["id": workflows["items"]!.arrayValue![0]["id"]!.stringValue!], expect: 200)

        XCTAssertEqual(Set(operations.keys).subtracting(exercised).sorted(), [], "spec operations not exercised")

        // Error bodies follow errors.PartnerErrorResponse.
        let missing = try await app.call("GET", "/automation/\(UUID().uuidString.lowercased())")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(checker.errors(missing.json ?? .null, schema: ["$ref": "#/definitions/errors.PartnerErrorResponse"]), [])
        for key in ["code", "error", "message", "request_id"] { XCTAssertNotNil(missing[key]?.stringValue, key) }

        await receiver.stop()
        await fixture.stop()
    }

    /// The checker itself rejects what the spec forbids (so the walk above can fail).
    func testSchemaCheckerRejectsNonConformingBodies() throws {
        guard let spec = try ContioSpec.load() else { throw XCTSkip("vendor spec not available (ADMINSH_SHARED)") }
        let checker = SwaggerSchemaChecker(definitions: spec["definitions"]!.objectValue!)
        let app: JSONValue = ["$ref": "#/definitions/shared.PartnerAppResponse"]
        XCTAssertEqual(checker.errors(["id": "x", "webhook_enabled": true], schema: app), [])
        XCTAssertFalse(checker.errors(["webhook_enabled": "yes"], schema: app).isEmpty)
        XCTAssertFalse(checker.errors(["webhook_filter": ["events": "meeting.created"]], schema: app).isEmpty)
        XCTAssertFalse(checker.errors(.array([]), schema: app).isEmpty)
        let list: JSONValue = ["$ref": "#/definitions/webhook.WebhookDeliveriesResponse"]
        XCTAssertFalse(checker.errors(["deliveries": [["retry_count": 1.5]]], schema: list).isEmpty)
    }

    /// The SDK's variant paths reach the same operations.
    func testSDKVariantPaths() async throws {
        let fixture = try await SandboxFixture.start()
        let app = fixture.demo
        let created = try await app.call("POST", "/automations", ["name": "A", "trigger_type": "action_item_match",
                                                                  "actions": [["type": "phrase_match", "config": ["phrases": ["follow up"]]]]])
        XCTAssertEqual(created.status, 201)
        let id = created["id"]!.stringValue!
        let listed = try await app.call("GET", "/automations")
        XCTAssertEqual(listed["total"], 1)
        let updated = try await app.call("PUT", "/automations/\(id)", ["name": "B", "status": "inactive"])
        XCTAssertEqual(updated["status"], "inactive")
        let filter = try await app.call("PUT", "/app/webhook-filter", ["type": "exclude", "events": ["meeting.created"]])
        XCTAssertEqual(filter["webhook_filter"]?["type"], "exclude")
        let cleared = try await app.call("DELETE", "/app/webhook-filter")
        XCTAssertNil(cleared["webhook_filter"], "an app without a filter has no webhook_filter (the spec's is an object)")
        let status = try await app.call("PUT", "/app/webhook-status", ["enabled": false])
        XCTAssertEqual(status["webhook_enabled"], false)
        let toolkit = try await app.call("POST", "/toolkits", ["name": "K", "slug": "k", "version": "1", "manifest": [:]])
        let toolkitID = toolkit["toolkit"]!["id"]!.stringValue!
        let put = try await app.call("PUT", "/toolkits/\(toolkitID)", ["name": "K2"])
        XCTAssertEqual(put["name"], "K2")
        let workspaces = try await app.call("GET", "/workspaces")
        XCTAssertEqual(workspaces["total"], 2)
        await fixture.stop()
    }
}
