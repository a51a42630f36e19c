import Foundation
import SandboxCore

/// Automations (#5–10) at the spec's `/automation` and the SDK's `/automations`.
enum AutomationRoutes {
    /// [I] The spec enum, plus the SDK's `action_item_match` and dotted spellings the SDK tests use.
    static let triggerTypes = ["action_item_created", "action_item_updated", "action_item_completed", "meeting_ended",
                               "meeting_summary_ready", "action_item_match", "action_item.created", "action_item.updated",
                               "action_item.completed", "meeting.ended", "meeting.summary_ready"]
    static let fields = ["id", "partner_app_id", "name", "description", "trigger_type", "actions", "status", "created_at", "updated_at"]

    static let all: [ContioRoute] = [
        // The spec's `/automation`, each with the SDK's `/automations` variant.
        .api("getAutomations", .get, "/automation", variant: "/automations", tag: "Automations", "List automations",
             query: .page) { call in
            let page = try call.page()
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: ContioKinds.automation, limit: page.limit, offset: page.offset))
        },
        .api("createAutomation", .post, "/automation", variant: "/automations", tag: "Automations", "Create an automation",
             status: 201, handler: create),
        .api("getAutomation", .get, "/automation/{automationId}", variant: "/automations/{automationId}", tag: "Automations",
             "One automation") { call in .json(try load(call)) },
        .api("updateAutomation", .patch, "/automation/{automationId}", variant: "/automations/{automationId}", tag: "Automations",
             "Update an automation", handler: update),
        .api("replaceAutomation", .put, "/automation/{automationId}", variant: "/automations/{automationId}", tag: "Automations",
             "Replace an automation's fields", handler: update),
        .api("deleteAutomation", .delete, "/automation/{automationId}", variant: "/automations/{automationId}", tag: "Automations",
             "Delete an automation", status: 204) { call in
            let id = try call.uuidParameter("automationId", code: "invalid_automation_id")
            guard try ContioDocuments.delete(db: call.db, app: call.app.id, kind: ContioKinds.automation, id: id) else {
                throw SandboxError.notFound("automation")
            }
            return .noContent
        },
    ]

    static func load(_ call: ContioCall) throws -> JSONValue {
        let id = try call.uuidParameter("automationId", code: "invalid_automation_id")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.automation, id: id, what: "automation")
    }

    /// `actions`: ≥1 objects with a non-empty `type`; `config` an object of strings (the spec) or
    /// of string lists (the SDK's `phrases`) [I], stored as given. Any other value is refused:
    /// stored, it would come back in a body the spec's schema does not allow.
    static func actions(_ b: FieldReader, required: Bool) throws -> JSONValue? {
        guard let list = try b.array("actions", required: required, minCount: 1) else { return nil }
        for (i, item) in list.enumerated() {
            guard let members = item.objectValue else { throw SandboxError.invalid("actions[\(i)]", "must be an object") }
            let action = b.nested(members, path: "actions[\(i)]")
            _ = try action.string("type", required: true, min: 1, max: 255)
            guard action.has("config") else { continue }
            guard let config = action.members["config"]?.objectValue else {
                throw SandboxError.invalid("actions[\(i)].config", "must be an object")
            }
            for (key, value) in config.sorted(by: { $0.key < $1.key }) {
                let isText = value.stringValue != nil
                let isTextList = value.arrayValue.map { $0.allSatisfy { $0.stringValue != nil } } ?? false
                guard isText || isTextList else {
                    throw SandboxError.invalid("actions[\(i)].config.\(key)", "must be a string or a list of strings, got \(value.typeName)")
                }
            }
        }
        return .array(list)
    }

    @Sendable static func create(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(allowEmpty: false)
        let name = try b.requiredString("name", min: 1, max: 255)
        let description = try b.string("description", max: 1000) ?? ""
        let trigger = try b.requiredString("trigger_type", oneOf: triggerTypes)
        guard let acts = try actions(b, required: true) else { throw SandboxError.invalid("actions", "is required") }
        let id = SandboxIDs.uuid()
        let doc: JSONValue = [
            "id": .string(id), "partner_app_id": .string(call.app.id), "name": .string(name),
            "description": .string(description), "trigger_type": .string(trigger), "actions": acts,
            "status": "active", "created_at": .string(call.nowText), "updated_at": .string(call.nowText),
        ]
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.automation, id: id, body: doc)
        return .json(doc, status: .created)
    }

    @Sendable static func update(_ call: inout ContioCall) throws -> ContioReply {
        var doc = try load(call)
        let b = try call.body()
        if let v = try b.string("name", min: 1, max: 255) { doc["name"] = .string(v) }
        if let v = try b.string("description", max: 1000) { doc["description"] = .string(v) }
        if let v = try b.string("trigger_type", oneOf: triggerTypes) { doc["trigger_type"] = .string(v) }
        if let v = try actions(b, required: false) { doc["actions"] = v }
        let status = try b.string("status", oneOf: ["active", "inactive"])
        let isActive = try b.bool("is_active")
        if let status, let isActive, (status == "active") != isActive {
            throw SandboxError.invalid("is_active", "contradicts status")
        }
        if let status { doc["status"] = .string(status) }
        if let isActive { doc["status"] = isActive ? "active" : "inactive" }
        doc["updated_at"] = .string(call.nowText)
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.automation, id: try ContioDocuments.id(of: doc), body: doc)
        return .json(doc)
    }
}
