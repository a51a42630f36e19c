import Foundation
import SandboxCore

/// User connections (#11–13). Connections come from users authorising the app; the sandbox
/// seeds two per app.
enum ConnectionRoutes {
    static func add(to r: ContioRouter) {
        r.add(.get, "/connections") { call in
            let page = try call.page()
            let userID = call.query("user_id")
            let status = call.query("status")
            if let status, !["active", "revoked", "expired"].contains(status) {
                throw SandboxError.invalid("status", "must be one of active, revoked, expired", code: "invalid_request")
            }
            let docs = try ContioDocuments.all(db: call.db, app: call.app.id, kind: "connection") { doc in
                (userID == nil || doc["user_id"]?.stringValue == userID) && (status == nil || doc["status"]?.stringValue == status)
            }
            return .json(ContioDocuments.page(docs, limit: page.limit, offset: page.offset))
        }
        r.add(.get, "/connections/:connectionId") { call in .json(try load(call)) }
        r.add(.delete, "/connections/:connectionId") { call in
            var doc = try load(call)
            if doc["status"]?.stringValue != "revoked" {
                doc["status"] = "revoked"
                doc["updated_at"] = .string(call.nowText)
                try ContioDocuments.update(db: call.db, app: call.app.id, kind: "connection", id: doc["id"]!.stringValue!, body: doc)
                try WebhookEmitter.emit(db: call.db, app: call.app, type: "user.connection.revoked",
                                        data: ["connection_id": doc["id"]!, "revoked_at": .string(call.nowText)], now: call.now)
            }
            return .noContent
        }
    }

    static func load(_ call: ContioCall) throws -> JSONValue {
        let id = try call.uuidParameter("connectionId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: "connection", id: id, what: "connection")
    }
}

/// Workflow templates (#60–61), read-only, plus the SDK-only `GET /workspaces`.
enum WorkflowTemplateRoutes {
    static func add(to r: ContioRouter) {
        r.add(.get, "/workflow-templates") { call in
            let page = try call.page()
            let docs = try ContioDocuments.all(db: call.db, app: call.app.id, kind: "workflow_template")
            return .json(ContioDocuments.page(docs, limit: page.limit, offset: page.offset) { doc in
                doc.projected(["id", "name", "description", "is_active", "workspace_id", "created_at", "updated_at"])
            })
        }
        r.add(.get, "/workflow-templates/:id") { call in
            let id = try call.uuidParameter("id")
            return .json(try ContioDocuments.require(db: call.db, app: call.app.id, kind: "workflow_template", id: id, what: "workflow template"))
        }
        r.add(.get, "/workspaces") { call in
            let page = try call.page()
            let docs = try ContioDocuments.all(db: call.db, app: call.app.id, kind: "workspace")
            return .json(ContioDocuments.page(docs, limit: page.limit, offset: page.offset))
        }
    }
}
