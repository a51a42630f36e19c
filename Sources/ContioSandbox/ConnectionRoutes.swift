import Foundation
import SandboxCore

/// User connections (#11–13). Connections come from users authorising the app; the sandbox
/// seeds two per app.
enum ConnectionRoutes {
    static let statuses = ["active", "revoked", "expired"]

    static let all: [ContioRoute] = [
        .api("getUserConnections", .get, "/connections", tag: "Connections", "List user connections",
             query: .page + [.init(name: "user_id", schema: .string, description: "Only this user's connections"),
                             .init(name: "status", schema: .enumeration(statuses), description: "Only connections in this status")]) { call in
            let page = try call.page()
            let status = call.query("status")
            if let status, !statuses.contains(status) {
                throw SandboxError.invalid("status", "must be one of active, revoked, expired", code: "invalid_request")
            }
            let matching: [String: String?] = ["user_id": call.query("user_id"), "status": status]
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: ContioKinds.connection, matching: matching,
                                                  limit: page.limit, offset: page.offset))
        },
        .api("getUserConnection", .get, "/connections/{connectionId}", tag: "Connections", "One user connection") { call in
            .json(try load(call))
        },
        .api("revokeUserConnection", .delete, "/connections/{connectionId}", tag: "Connections", "Revoke a user connection",
             status: 204) { call in
            var doc = try load(call)
            if doc["status"]?.stringValue != "revoked" {
                let id = try ContioDocuments.id(of: doc)
                doc["status"] = "revoked"
                doc["updated_at"] = .string(call.nowText)
                try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.connection, id: id, body: doc)
                try WebhookEmitter.emit(db: call.db, app: call.app, type: "user.connection.revoked",
                                        data: ["connection_id": .string(id), "revoked_at": .string(call.nowText)], now: call.now)
            }
            return .noContent
        },
    ]

    static func load(_ call: ContioCall) throws -> JSONValue {
        let id = try call.uuidParameter("connectionId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.connection, id: id, what: "connection")
    }
}

/// Workflow templates (#60–61), read-only, plus the SDK-only `GET /workspaces` (`contio.getWorkspaces`).
enum WorkflowTemplateRoutes {
    static let all: [ContioRoute] = [
        .api("listWorkflowTemplates", .get, "/workflow-templates", tag: "Workflow templates", "List workflow templates",
             query: .page) { call in
            let page = try call.page()
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: ContioKinds.workflowTemplate,
                                                  limit: page.limit, offset: page.offset) { doc in
                doc.projected(["id", "name", "description", "is_active", "workspace_id", "created_at", "updated_at"])
            })
        },
        .api("getWorkflowTemplate", .get, "/workflow-templates/{id}", tag: "Workflow templates", "One workflow template") { call in
            let id = try call.uuidParameter("id")
            return .json(try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.workflowTemplate, id: id, what: "workflow template"))
        },
        // The SDK's listing; not in the API reference.
        .api("getWorkspaces", .get, "/workspaces", tag: "Workspaces", "List all workspaces connected to the partner", query: .page) { call in
            let page = try call.page()
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: ContioKinds.workspace, limit: page.limit, offset: page.offset))
        },
    ]
}
