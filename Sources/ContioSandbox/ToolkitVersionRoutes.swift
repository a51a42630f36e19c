import Foundation
import SandboxCore

/// Toolkit versions (#47–53): DRAFT → PUBLISHED → DEPRECATED.
///
/// One draft at a time (a second is 409). Update and discard only a DRAFT; publish only a DRAFT
/// (the published one becomes DEPRECATED); republish only a DEPRECATED one (likewise). At most
/// one version is PUBLISHED, and the toolkit mirrors it. Wrong-state requests are 400.
enum ToolkitVersionRoutes {
    static let base = "/toolkits/{toolkitId}/versions"

    static let all: [ContioRoute] = [
        .api("listToolkitVersions", .get, base, tag: "Toolkits", "A toolkit's versions, oldest first", response: .array(.map)) { call in
            let toolkitID = try ContioDocuments.id(of: try ToolkitRoutes.load(call))
            return .json(.array(try versions(call, toolkitID: toolkitID).map(view)))
        },
        .api("createToolkitVersion", .post, base, tag: "Toolkits", "Create a draft version", status: 201, handler: create),
        .api("getToolkitVersion", .get, base + "/{versionId}", tag: "Toolkits", "One toolkit version") { call in
            .json(view(try load(call).version))
        },
        .api("updateToolkitVersion", .patch, base + "/{versionId}", tag: "Toolkits", "Update a draft version") { call in
            var (_, version) = try load(call)
            try requireStatus(version, "DRAFT", action: "updated")
            let b = try call.body(code: "validation_error")
            if let v = try b.string("version_label", min: 1, max: 50) { version["version_label"] = .string(v) }
            if let v = try b.string("changelog", max: 5000) { version["changelog"] = .string(v) }
            if let m = try ToolkitManifest.field(b, required: false) {
                let validation = ToolkitManifest.validate(m)
                guard validation.valid else { throw ToolkitManifest.failure(validation) }
                version["manifest"] = ToolkitManifest.normalized(m)
            }
            version["updated_at"] = .string(call.nowText)
            try save(call, version)
            return .json(view(version))
        },
        .api("discardToolkitVersion", .delete, base + "/{versionId}", tag: "Toolkits", "Discard a draft version", status: 204) { call in
            let (_, version) = try load(call)
            try requireStatus(version, "DRAFT", action: "discarded")
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, id: try ContioDocuments.id(of: version))
            return .noContent
        },
        .api("publishToolkitVersion", .post, base + "/{versionId}/publish", tag: "Toolkits",
             "Publish a draft (the published one is deprecated)", status: 204) { call in
            let (toolkit, version) = try load(call)
            try requireStatus(version, "DRAFT", action: "published")
            // The SDK sends {propagation: none|normal|force}; validate it, nothing to propagate to.
            if call.bodyData != nil { _ = try call.body().string("propagation", oneOf: ["none", "normal", "force"]) }
            try makePublished(call, toolkit: toolkit, version: version)
            return .noContent
        },
        .api("republishToolkitVersion", .post, base + "/{versionId}/republish", tag: "Toolkits",
             "Publish a deprecated version again", status: 204) { call in
            let (toolkit, version) = try load(call)
            try requireStatus(version, "DEPRECATED", action: "republished")
            try makePublished(call, toolkit: toolkit, version: version)
            return .noContent
        },
    ]

    static func versions(_ call: ContioCall, toolkitID: String) throws -> [JSONValue] {
        try ContioDocuments.all(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, matching: ["toolkit_id": toolkitID],
                                orderedBy: "version_number")
    }

    static func load(_ call: ContioCall) throws -> (toolkit: JSONValue, version: JSONValue) {
        let toolkit = try ToolkitRoutes.load(call)
        let id = try call.uuidParameter("versionId")
        let version = try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, id: id, what: "toolkit version")
        guard version["toolkit_id"] == toolkit["id"] else { throw SandboxError.notFound("toolkit version") }
        return (toolkit, version)
    }

    static func requireStatus(_ version: JSONValue, _ status: String, action: String) throws {
        let current = version["status"]?.stringValue ?? "?"
        guard current == status else {
            throw SandboxError.invalid("status", "version is \(current); only \(status) versions can be \(action)", code: "invalid_version_state")
        }
    }

    static func save(_ call: ContioCall, _ version: JSONValue) throws {
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, id: try ContioDocuments.id(of: version), body: version)
    }

    /// Drops null timestamps (`published_at` of a draft, ...).
    static func view(_ version: JSONValue) -> JSONValue {
        guard case .object(let o) = version else { return version }
        return .object(o.filter { !$0.value.isNull })
    }

    static func newVersion(_ call: ContioCall, toolkitID: String, number: Int, label: String, manifest: JSONValue, changelog: String) -> JSONValue {
        [
            "id": .string(SandboxIDs.uuid()), "toolkit_id": .string(toolkitID), "version_number": .int(number),
            "version_label": .string(label), "status": "DRAFT", "manifest": manifest, "changelog": .string(changelog),
            "created_by": .string(call.app.clientID), "published_at": nil, "deprecated_at": nil,
            "created_at": .string(call.nowText), "updated_at": .string(call.nowText),
        ]
    }

    @Sendable static func create(_ call: inout ContioCall) throws -> ContioReply {
        let toolkit = try ToolkitRoutes.load(call)
        let toolkitID = try ContioDocuments.id(of: toolkit)
        let b = try call.body(code: "validation_error", allowEmpty: false)
        let label = try b.requiredString("version_label", min: 1, max: 50)
        guard let manifest = try ToolkitManifest.field(b, required: true) else { throw SandboxError.invalid("manifest", "is required") }
        let changelog = try b.string("changelog", max: 5000) ?? ""
        let dryRun = try b.bool("dry_run") ?? false
        let validation = ToolkitManifest.validate(manifest)
        let conflicts = try ToolkitRoutes.conflicts(call, manifest: manifest)
        let summary = ToolkitManifest.summary(manifest)
        if dryRun { return .json(["validation": validation.json, "conflicts": conflicts, "summary": summary]) }
        let all = try versions(call, toolkitID: toolkitID)
        if all.contains(where: { $0["status"]?.stringValue == "DRAFT" }) {
            throw SandboxError(.conflict, code: "conflict", "version_label: a draft version already exists; publish or discard it first")
        }
        guard validation.valid else { throw ToolkitManifest.failure(validation) }
        let number = (all.compactMap { $0["version_number"]?.intValue }.max() ?? 0) + 1
        let version = newVersion(call, toolkitID: toolkitID, number: number, label: label,
                                 manifest: ToolkitManifest.normalized(manifest), changelog: changelog)
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.toolkitVersion, id: try ContioDocuments.id(of: version), body: version)
        return .json(["version": view(version), "validation": validation.json, "conflicts": conflicts, "summary": summary], status: .created)
    }

    /// Publishes `version`, deprecating the currently published one, and mirrors it on the toolkit.
    static func makePublished(_ call: ContioCall, toolkit: JSONValue, version: JSONValue) throws {
        for var other in try versions(call, toolkitID: try ContioDocuments.id(of: toolkit)) where other["status"]?.stringValue == "PUBLISHED" {
            other["status"] = "DEPRECATED"
            other["deprecated_at"] = .string(call.nowText)
            other["updated_at"] = .string(call.nowText)
            try save(call, other)
        }
        var v = version
        v["status"] = "PUBLISHED"
        v["published_at"] = .string(call.nowText)
        v["deprecated_at"] = nil
        v["updated_at"] = .string(call.nowText)
        try save(call, v)
        var t = toolkit
        t["version"] = v["version_label"]
        t["manifest"] = v["manifest"]
        t["updated_at"] = .string(call.nowText)
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.toolkit, id: try ContioDocuments.id(of: t), body: t)
    }
}
