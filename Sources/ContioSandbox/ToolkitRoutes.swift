import Foundation
import SandboxCore

/// Toolkits (#39–46). Creating a toolkit (or posting an exported manifest: that is the import)
/// also creates its version 1, PUBLISHED. [I] The toolkit's `version` and `manifest` always mirror
/// its currently published version.
enum ToolkitRoutes {
    static let all: [ContioRoute] = [
        .api("getToolkits", .get, "/toolkits", tag: "Toolkits", "List toolkits", query: .page) { call in
            let page = try call.page()
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, limit: page.limit, offset: page.offset))
        },
        .api("createToolkit", .post, "/toolkits", tag: "Toolkits", "Create (or import) a toolkit with its version 1", status: 201,
             handler: create),
        .api("exportEntities", .post, "/toolkits/export", tag: "Toolkits", "Export chosen entities as a manifest") { call in
            .json(try ToolkitExport.entities(call))
        },
        .api("getToolkit", .get, "/toolkits/{toolkitId}", tag: "Toolkits", "One toolkit") { call in .json(try load(call)) },
        .api("updateToolkit", .patch, "/toolkits/{toolkitId}", tag: "Toolkits", "Update a toolkit's fields", handler: update),
        .sdkExtra("replaceToolkit", .put, "/toolkits/{toolkitId}", "The SDK's verb for updateToolkit", handler: update),
        .api("deleteToolkit", .delete, "/toolkits/{toolkitId}", tag: "Toolkits", "Delete a toolkit and its versions", status: 204) { call in
            let id = try ContioDocuments.id(of: try load(call))
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, id: id)
            for v in try ToolkitVersionRoutes.versions(call, toolkitID: id) {
                try ContioDocuments.delete(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, id: try ContioDocuments.id(of: v))
            }
            if call.app.defaultToolkitID == id {
                call.app.defaultToolkitID = nil
                try call.app.save(db: call.db)
            }
            return .noContent
        },
        .api("exportToolkit", .get, "/toolkits/{toolkitId}/export", tag: "Toolkits", "A toolkit as a manifest") { call in
            .json(try ToolkitExport.toolkit(call, toolkit: try load(call)))
        },
        .api("getToolkitInstallations", .get, "/toolkits/{toolkitId}/installations", tag: "Toolkits",
             "Installations of a toolkit across connected workspaces", query: .page) { call in
            _ = try load(call)
            let page = try call.page()
            // [I] Installation into workspaces is not modelled: every connected workspace is "never installed".
            let workspaces = try ContioDocuments.count(db: call.db, app: call.app.id, kind: ContioKinds.workspace)
            return .json(["items": [], "summary": ["active": 0, "opted_out": 0, "never_installed": .int(workspaces)],
                          "total_connected_workspaces": .int(workspaces), "limit": .int(page.limit), "offset": .int(page.offset)])
        },
    ]

    static func load(_ call: ContioCall) throws -> JSONValue {
        let id = try call.uuidParameter("toolkitId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, id: id, what: "toolkit")
    }

    /// Informational name collisions between manifest specs and existing entities.
    static func conflicts(_ call: ContioCall, manifest: [String: JSONValue]) throws -> JSONValue {
        var out: [JSONValue] = []
        for (section, kind) in ToolkitExport.kinds {
            for entry in manifest[section]?.arrayValue ?? [] {
                guard let name = entry["spec"]?["name"]?.stringValue,
                      let match = try ContioDocuments.all(db: call.db, app: call.app.id, kind: kind, matching: ["name": name]).first
                else { continue }
                out.append(["entity_type": .string(kind.name), "entity_name": .string(name), "conflict_type": "name_collision",
                            "existing_entity_id": match["id"] ?? "", "resolution": "informational",
                            "message": .string("a \(kind.name) named \(name) already exists; the toolkit's copy is installed alongside it")])
            }
        }
        return .array(out)
    }

    @Sendable static func create(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "validation_error", allowEmpty: false)
        let name = try b.requiredString("name", min: 1, max: 255)
        let slug = try b.requiredString("slug", min: 1, max: 100)
        let version = try b.requiredString("version", min: 1, max: 50)
        let description = try b.string("description", max: 1000) ?? ""
        guard let manifest = try ToolkitManifest.field(b, required: true) else { throw SandboxError.invalid("manifest", "is required") }
        let dryRun = try b.bool("dry_run") ?? false
        let validation = ToolkitManifest.validate(manifest)
        let conflicts = try conflicts(call, manifest: manifest)
        let summary = ToolkitManifest.summary(manifest)
        if dryRun {
            return .json(["validation": validation.json, "conflicts": conflicts, "summary": summary])
        }
        guard validation.valid else { throw ToolkitManifest.failure(validation) }
        guard try ContioDocuments.count(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, matching: ["slug": slug]) == 0 else {
            throw SandboxError.invalid("slug", "a toolkit with slug \(slug) already exists", code: "toolkit_slug_collision")
        }
        let id = SandboxIDs.uuid()
        let stored = ToolkitManifest.normalized(manifest)
        let toolkit: JSONValue = [
            "id": .string(id), "name": .string(name), "slug": .string(slug), "description": .string(description),
            "version": .string(version), "is_active": true, "ownership_type": "PARTNER", "partner_app_id": .string(call.app.id),
            "manifest": stored, "auto_propagate": false, "auto_install_on_new_workspaces": false,
            "created_at": .string(call.nowText), "updated_at": .string(call.nowText),
        ]
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, id: id, body: toolkit)
        var first = ToolkitVersionRoutes.newVersion(call, toolkitID: id, number: 1, label: version, manifest: stored, changelog: "Initial version")
        first["status"] = "PUBLISHED"
        first["published_at"] = .string(call.nowText)
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, id: try ContioDocuments.id(of: first), body: first)
        return .json(["toolkit": toolkit, "validation": validation.json, "conflicts": conflicts, "summary": summary], status: .created)
    }

    /// PATCH (and the SDK's PUT): only present keys change; `manifest`/`version` are refused (409).
    @Sendable static func update(_ call: inout ContioCall) throws -> ContioReply {
        var doc = try load(call)
        let b = try call.body(code: "validation_error")
        for field in ["manifest", "version"] where b.has(field) {
            throw SandboxError(.conflict, code: "conflict", "\(field): deprecated on update; create and publish a toolkit version instead")
        }
        if let v = try b.string("name", min: 1, max: 255) { doc["name"] = .string(v) }
        if let v = try b.string("description", max: 1000) { doc["description"] = .string(v) }
        for flag in ["is_active", "auto_propagate", "auto_install_on_new_workspaces"] {
            if let v = try b.bool(flag) { doc[flag] = .bool(v) }
        }
        doc["updated_at"] = .string(call.nowText)
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, id: try ContioDocuments.id(of: doc), body: doc)
        return .json(doc)
    }
}
