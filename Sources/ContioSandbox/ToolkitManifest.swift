import Foundation
import SandboxCore

/// Portable toolkit manifests: validation, summary counts and export.
///
/// A manifest lists `templates`, `next_steps`, `action_buttons` and `shortcuts`; each entry is
/// either `{id}` (an existing entity) or `{spec}` (created at install time). Inside a spec, `$id`
/// names it locally; relations use refs `{$ref: <local $id>}` or `{$id: <database id>}`.
/// Manifests are stored verbatim (opaque JSON); only the spec's required fields, enums, lengths
/// and reference integrity are validated.
enum ToolkitManifest {
    struct Issue { var path: String; var code: String; var message: String }
    struct Validation {
        var errors: [Issue] = []
        var warnings: [Issue] = []
        var valid: Bool { errors.isEmpty }
        var json: JSONValue {
            let render = { (i: Issue) -> JSONValue in ["path": .string(i.path), "code": .string(i.code), "message": .string(i.message)] }
            return ["valid": .bool(valid), "errors": .array(errors.map(render)), "warnings": .array(warnings.map(render))]
        }
    }

    static let sections = ["templates", "next_steps", "action_buttons", "shortcuts"]

    /// Field rules per section: (field, required, maxLength, allowed values).
    static let rules: [String: [(String, Bool, Int?, [String]?)]] = [
        "templates": [("name", true, 255, nil), ("$id", false, 100, nil), ("description", false, 1000, nil), ("title", false, 255, nil),
                      ("detail_level", false, nil, ["BULLET_POINTS", "STANDARD", "VERBATIM"])],
        "next_steps": [("name", true, 255, nil), ("type", true, nil, ["ai", "redirect"]), ("$id", false, 100, nil),
                       ("description", false, 1000, nil), ("color", false, 50, nil), ("icon_name", false, 100, nil),
                       ("redirect_url", false, 2000, nil)],
        "action_buttons": [("name", true, 255, nil), ("content_format", true, nil, ["rich_text", "markdown", "plain_text", "html"]),
                           ("delivery_mechanism", true, nil, ["clipboard", "email", "os_email_client", "file_download", "integration", "webhook", "redirect"]),
                           ("$id", false, 100, nil), ("file_format", false, 50, nil), ("icon_name", false, 100, nil),
                           ("integration_type", false, 100, nil), ("redirect_url", false, 2000, nil), ("webhook_url", false, 2000, nil)],
        "shortcuts": [("name", true, 255, nil), ("prompt", true, nil, nil), ("$id", false, 100, nil), ("color", false, 50, nil),
                      ("description", false, 1000, nil), ("icon_name", false, 100, nil)],
    ]

    /// Validates structure and references. `manifest` must already be an object.
    static func validate(_ manifest: [String: JSONValue]) -> Validation {
        var v = Validation()
        var localIDs: [String: String] = [:]  // $id -> section
        // Pass 1: entries, specs and local ids.
        for section in sections {
            guard let value = manifest[section], !value.isNull else { continue }
            guard let entries = value.arrayValue else {
                v.errors.append(Issue(path: section, code: "INVALID_TYPE", message: "must be an array")); continue
            }
            for (i, entry) in entries.enumerated() {
                let path = "\(section)[\(i)]"
                guard let e = entry.objectValue else { v.errors.append(Issue(path: path, code: "INVALID_TYPE", message: "must be an object")); continue }
                let hasID = e["id"]?.stringValue != nil, spec = e["spec"]?.objectValue
                if hasID == (spec != nil) {
                    v.errors.append(Issue(path: path, code: "INVALID_ENTRY", message: "exactly one of id or spec is required")); continue
                }
                guard let spec else { continue }
                for (field, required, maxLength, allowed) in rules[section]! {
                    let fp = "\(path).spec.\(field)"
                    guard let fv = spec[field], !fv.isNull else {
                        if required { v.errors.append(Issue(path: fp, code: "MISSING_REQUIRED", message: "\(field) is required")) }
                        continue
                    }
                    guard let s = fv.stringValue else { v.errors.append(Issue(path: fp, code: "INVALID_TYPE", message: "must be a string")); continue }
                    if required && s.isEmpty { v.errors.append(Issue(path: fp, code: "MISSING_REQUIRED", message: "\(field) must not be empty")) }
                    if let maxLength, s.count > maxLength { v.errors.append(Issue(path: fp, code: "TOO_LONG", message: "at most \(maxLength) characters")) }
                    if let allowed, !allowed.contains(s) {
                        v.errors.append(Issue(path: fp, code: "INVALID_VALUE", message: "must be one of \(allowed.joined(separator: ", "))"))
                    }
                }
                if section == "shortcuts", let surfaces = spec["surfaces"]?.arrayValue {
                    if surfaces.count > 5 { v.errors.append(Issue(path: "\(path).spec.surfaces", code: "TOO_MANY", message: "at most 5 surfaces")) }
                    for (j, s) in surfaces.enumerated() {
                        let pos = s["position"]?.intValue ?? 0
                        if s["surface"]?.stringValue == nil || !(1...10).contains(pos) {
                            v.errors.append(Issue(path: "\(path).spec.surfaces[\(j)]", code: "INVALID_VALUE", message: "needs surface and position 1-10"))
                        }
                    }
                }
                if let local = spec["$id"]?.stringValue {
                    if localIDs[local] != nil {
                        v.errors.append(Issue(path: "\(path).spec.$id", code: "DUPLICATE_ID", message: "$id \(local) is used twice"))
                    }
                    localIDs[local] = section
                }
            }
        }
        // Pass 2: relations must point at a local $id of the right section (or carry a database $id).
        func checkRef(_ ref: JSONValue?, path: String, section: String, required: Bool) {
            guard let ref, !ref.isNull else {
                if required { v.errors.append(Issue(path: path, code: "MISSING_REQUIRED", message: "reference is required")) }
                return
            }
            if let local = ref["$ref"]?.stringValue {
                if localIDs[local] != section {
                    v.errors.append(Issue(path: path, code: "UNRESOLVED_REF", message: "$ref \(local) names no \(section) spec in this manifest"))
                }
            } else if ref["$id"]?.stringValue == nil {
                v.errors.append(Issue(path: path, code: "INVALID_REF", message: "a reference needs $ref or $id"))
            }
        }
        for (i, t) in (manifest["templates"]?.arrayValue ?? []).enumerated() {
            for (j, rel) in (t["next_steps"]?.arrayValue ?? []).enumerated() {
                checkRef(rel["next_step"], path: "templates[\(i)].next_steps[\(j)].next_step", section: "next_steps", required: true)
            }
        }
        for (i, n) in (manifest["next_steps"]?.arrayValue ?? []).enumerated() {
            for (j, rel) in (n["action_buttons"]?.arrayValue ?? []).enumerated() {
                checkRef(rel["action_button"], path: "next_steps[\(i)].action_buttons[\(j)].action_button", section: "action_buttons", required: true)
            }
            checkRef(n["default_action_button"], path: "next_steps[\(i)].default_action_button", section: "action_buttons", required: false)
        }
        return v
    }

    /// Counts per section (`toolkit.ManifestSummaryResponse`).
    static func summary(_ manifest: [String: JSONValue]) -> JSONValue {
        var out: [String: JSONValue] = [:]
        for s in sections { out[s] = .int(manifest[s]?.arrayValue?.count ?? 0) }
        return .object(out)
    }

    /// The manifest with every section present (empty arrays serialise as `[]`).
    static func normalized(_ manifest: [String: JSONValue]) -> JSONValue {
        var m = manifest
        for s in sections where m[s] == nil || m[s]!.isNull { m[s] = [] }
        if m["toolkit_prompt"] == nil { m["toolkit_prompt"] = "" }
        return .object(m)
    }

    /// Parses and validates a `manifest` body field; a non-object is a plain 400.
    static func field(_ b: FieldReader, required: Bool) throws -> [String: JSONValue]? {
        try b.object("manifest", required: required)
    }

    /// A 400 listing the validation errors.
    static func failure(_ v: Validation) -> SandboxError {
        let first = v.errors.first.map { "\($0.path): \($0.message)" } ?? ""
        return SandboxError(.badRequest, code: "manifest_validation_failed",
                            "manifest: \(v.errors.count) validation error(s); first: \(first)", extra: ["validation": v.json])
    }
}
