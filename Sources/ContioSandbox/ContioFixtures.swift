import Foundation
import GRDB
import SandboxCore

/// Demo data every new app gets: things the admin API reads but cannot create (user
/// connections, workspaces, workflow templates) plus next steps, action buttons and shortcuts
/// that templates and export can reference.
enum ContioFixtures {
    static func insert(db: Database, appID: String, now: Double) throws {
        let ts = JSONValue.string(SandboxTime.format(Date(timeIntervalSince1970: now)))
        let workspaces: [(String, String)] = [(SandboxIDs.uuid(), "Demo Workspace"), (SandboxIDs.uuid(), "Sales Team")]
        for (id, name) in workspaces {
            try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.workspace, id: id, body: [
                "workspace_id": .string(id), "workspace_name": .string(name), "provisioned_at": ts, "user_count": 3,
            ])
        }
        for (i, user) in [("Ada Lovelace", "ada@sandbox.test"), ("Alan Turing", "alan@sandbox.test")].enumerated() {
            let id = SandboxIDs.uuid()
            try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.connection, id: id, body: [
                "id": .string(id), "user_id": .string(SandboxIDs.uuid()), "user_name": .string(user.0),
                "user_email": .string(user.1), "oauth_scopes": ["meetings:read", "action_items:write"],
                "oauth_expires_at": .string(SandboxTime.format(Date(timeIntervalSince1970: now + 30 * 86400))),
                "feature_activated_at": ts, "last_used_at": ts, "status": i == 0 ? "active" : "active",
                "created_at": ts, "updated_at": ts,
            ])
        }
        let workflowID = SandboxIDs.uuid()
        try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.workflowTemplate, id: workflowID, body: [
            "id": .string(workflowID), "name": "Post-meeting follow-up", "description": "Summarise, then email attendees",
            "is_active": true, "workspace_id": .string(workspaces[0].0), "created_at": ts, "updated_at": ts,
            "spec": ["nodes": [["id": "summarise", "type": "ai"], ["id": "email", "type": "action"]],
                     "edges": [["from": "summarise", "to": "email"]]],
        ])
        let buttonID = SandboxIDs.uuid()
        try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.actionButton, id: buttonID, body: [
            "id": .string(buttonID), "name": "Copy to clipboard", "content_format": "markdown",
            "delivery_mechanism": "clipboard", "icon_name": "copy", "sort_order": 1,
        ])
        for (name, type) in [("Draft follow-up email", "ai"), ("Open CRM", "redirect")] {
            let id = SandboxIDs.uuid()
            var body: JSONValue = ["id": .string(id), "name": .string(name), "type": .string(type),
                                   "description": "Demo next step", "sort_order": 1, "action_button_ids": [.string(buttonID)]]
            if type == "ai" { body["ai_prompt"] = "Write a concise follow-up email." } else { body["redirect_url"] = "https://crm.sandbox.test" }
            try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.nextStep, id: id, body: body)
        }
        let shortcutID = SandboxIDs.uuid()
        try ContioDocuments.insert(db: db, app: appID, kind: ContioKinds.shortcut, id: shortcutID, body: [
            "id": .string(shortcutID), "name": "Summarise", "prompt": "Summarise this meeting.",
            "surfaces": [["surface": "MEETING_REVIEW", "position": 1]],
        ])
    }
}
