import Foundation
import GRDB
import SandboxCore

/// Builds portable manifests (`toolkit.ExportResponse`) from stored entities: database ids are
/// replaced by manifest-local `$id`s and relations become `$ref`s, so the output re-imports.
struct ToolkitExport {
    let call: ContioCall
    private(set) var sections: [String: [JSONValue]] = ["templates": [], "next_steps": [], "action_buttons": [], "shortcuts": []]
    private(set) var warnings: [JSONValue] = []
    /// database id → local $id, per section (each entity exported once).
    private var localIDs: [String: [String: String]] = [:]

    init(call: ContioCall) { self.call = call }

    static let kinds: [String: any ContioKind.Type] = ["templates": ContioKinds.template, "next_steps": ContioKinds.nextStep,
                                                       "action_buttons": ContioKinds.actionButton, "shortcuts": ContioKinds.shortcut]
    static let specFields: [String: [String]] = [
        "templates": ["name", "description", "title", "detail_level"],
        "next_steps": ["name", "type", "description", "ai_prompt", "color", "icon_name", "redirect_url", "sort_order"],
        "action_buttons": ["name", "content_format", "delivery_mechanism", "file_format", "icon_name", "integration_type",
                           "redirect_url", "sort_order", "webhook_url"],
        "shortcuts": ["name", "prompt", "color", "description", "icon_name", "surfaces"],
    ]

    /// Adds the entity with database id `id` (and what it links to); returns its local `$id`.
    @discardableResult
    mutating func include(_ section: String, id: String) throws -> String? {
        if let existing = localIDs[section]?[id] { return existing }
        guard let kind = Self.kinds[section] else { return nil }
        guard SandboxIDs.isUUID(id), let doc = try ContioDocuments.get(db: call.db, app: call.app.id, kind: kind, id: id.lowercased()) else {
            warnings.append(["entity_type": .string(kind.name), "entity_name": .string(id), "code": "not_found",
                             "message": .string("no \(kind.name) with id \(id); skipped")])
            return nil
        }
        let local = "\(kind.name)_\((localIDs[section]?.count ?? 0) + 1)"
        localIDs[section, default: [:]][id] = local
        var spec: [String: JSONValue] = ["$id": .string(local)]
        for f in Self.specFields[section] ?? [] { if let v = doc[f], !v.isNull, v != "" { spec[f] = v } }
        var entry: JSONValue = ["spec": .object(spec)]
        switch section {
        case "templates":
            let links = try TemplateRoutes.links(call, templateID: id)
            var rels: [JSONValue] = []
            for link in links {
                if let ref = try include("next_steps", id: try ContioDocuments.string(link, "next_step_id")) {
                    rels.append(["next_step": ["$ref": .string(ref)], "autopilot": link["autopilot"] ?? false, "sort_order": link["sort_order"] ?? 0])
                }
            }
            entry["next_steps"] = .array(rels)
        case "next_steps":
            var rels: [JSONValue] = []
            for (i, b) in (doc["action_button_ids"]?.arrayValue ?? []).enumerated() {
                if let ref = try include("action_buttons", id: b.stringValue ?? "") {
                    rels.append(["action_button": ["$ref": .string(ref)], "sort_order": .int(i + 1)])
                }
            }
            entry["action_buttons"] = .array(rels)
        default: break
        }
        sections[section]!.append(entry)
        return local
    }

    /// Adds a manifest entry as found in a stored toolkit: specs as they are, `{id}` resolved.
    mutating func includeEntry(_ section: String, _ entry: JSONValue) throws {
        if entry["spec"] != nil { sections[section]!.append(entry); return }
        if let id = entry["id"]?.stringValue { try include(section, id: id) }
    }

    /// `{manifest, metadata, summary, warnings}`.
    func response(metadata: JSONValue, prompt: JSONValue = "") -> JSONValue {
        var manifest: [String: JSONValue] = ["toolkit_prompt": prompt]
        for (k, v) in sections { manifest[k] = .array(v) }
        return ["manifest": .object(manifest), "metadata": metadata,
                "summary": ToolkitManifest.summary(manifest), "warnings": .array(warnings)]
    }

    /// #41: export selected entities.
    static func entities(_ call: ContioCall) throws -> JSONValue {
        let b = try call.body(code: "validation_error", allowEmpty: false)
        let name = try b.string("name", max: 255) ?? "Exported toolkit"
        let description = try b.string("description", max: 1000) ?? ""
        let lists: [(String, String)] = [("template_ids", "templates"), ("next_step_ids", "next_steps"),
                                         ("action_button_ids", "action_buttons"), ("shortcut_ids", "shortcuts")]
        var export = ToolkitExport(call: call)
        var any = false
        for (field, section) in lists {
            for id in try b.strings(field, nullable: true) ?? [] { any = true; try export.include(section, id: id) }
        }
        // The SDK also sends workflow_ids / canvas_template_ids; those entities are not modelled here.
        for field in ["workflow_ids", "canvas_template_ids"] { if !(try b.strings(field, nullable: true) ?? []).isEmpty { any = true } }
        guard any else { throw SandboxError.invalid("template_ids", "at least one id list must be non-empty") }
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return export.response(metadata: ["name": .string(name), "slug": .string(String(slug)), "description": .string(description), "version": "1.0.0"])
    }

    /// #45: export an existing toolkit (its published manifest).
    static func toolkit(_ call: ContioCall, toolkit: JSONValue) throws -> JSONValue {
        var export = ToolkitExport(call: call)
        let manifest = toolkit["manifest"]?.objectValue ?? [:]
        for section in ToolkitManifest.sections {
            for entry in manifest[section]?.arrayValue ?? [] { try export.includeEntry(section, entry) }
        }
        return export.response(metadata: toolkit.projected(["name", "slug", "description", "version"]),
                               prompt: manifest["toolkit_prompt"] ?? "")
    }
}
