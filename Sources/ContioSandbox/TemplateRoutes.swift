import Foundation
import SandboxCore

/// Meeting templates (#29–34) and their next steps (#35–38).
enum TemplateRoutes {
    static func add(to r: ContioRouter) {
        r.add(.get, "/templates") { call in
            let page = try call.page()
            let docs = try ContioDocuments.all(db: call.db, app: call.app.id, kind: "template")
            return .json(ContioDocuments.page(docs, limit: page.limit, offset: page.offset))
        }
        r.add(.post, "/templates", create)
        r.add(.get, "/templates/:templateId") { call in .json(try load(call)) }
        r.add(.put, "/templates/:templateId", update)
        r.add(.patch, "/templates/:templateId", update)
        r.add(.delete, "/templates/:templateId") { call in
            let doc = try load(call)
            let id = doc["id"]!.stringValue!
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: "template", id: id)
            for link in try links(call, templateID: id) {
                try ContioDocuments.delete(db: call.db, app: call.app.id, kind: "template_next_step", id: link["id"]!.stringValue!)
            }
            return .noContent
        }
        r.add(.get, "/templates/:templateId/next-steps") { call in
            let template = try load(call)
            let page = try call.page()
            let items = try links(call, templateID: template["id"]!.stringValue!).map { link -> JSONValue in
                let stepID = link["next_step_id"]!.stringValue!
                let step = try ContioDocuments.get(db: call.db, app: call.app.id, kind: "next_step", id: stepID)
                return ["id": .string(stepID), "name": step?["name"] ?? "", "autopilot": link["autopilot"] ?? false,
                        "sort_order": link["sort_order"] ?? 0]
            }
            return .json(ContioDocuments.page(items, limit: page.limit, offset: page.offset))
        }
        r.add(.post, "/templates/:templateId/next-steps") { call in
            let template = try load(call)
            let b = try call.body(allowEmpty: false)
            let stepID = try b.string("next_step_id", required: true)!
            guard SandboxIDs.isUUID(stepID) else { throw SandboxError.invalid("next_step_id", "must be a UUID") }
            let autopilot = try b.bool("autopilot") ?? false
            let sortOrder = try b.int("sort_order") ?? 0
            _ = try ContioDocuments.require(db: call.db, app: call.app.id, kind: "next_step", id: stepID.lowercased(), what: "next step")
            let linkID = template["id"]!.stringValue! + ":" + stepID.lowercased()
            let link: JSONValue = ["id": .string(linkID), "template_id": template["id"]!, "next_step_id": .string(stepID.lowercased()),
                                   "autopilot": .bool(autopilot), "sort_order": .int(sortOrder)]
            // Adding an existing link updates it (the spec defines no conflict).
            if try ContioDocuments.get(db: call.db, app: call.app.id, kind: "template_next_step", id: linkID) != nil {
                try ContioDocuments.update(db: call.db, app: call.app.id, kind: "template_next_step", id: linkID, body: link)
            } else {
                try ContioDocuments.insert(db: call.db, app: call.app.id, kind: "template_next_step", id: linkID, body: link)
            }
            return .noContent
        }
        r.add(.put, "/templates/:templateId/next-steps/:nextStepId") { call in
            var link = try loadLink(call)
            let b = try call.body()
            if let v = try b.bool("autopilot") { link["autopilot"] = .bool(v) }
            try ContioDocuments.update(db: call.db, app: call.app.id, kind: "template_next_step", id: link["id"]!.stringValue!, body: link)
            return .noContent
        }
        r.add(.delete, "/templates/:templateId/next-steps/:nextStepId") { call in
            let link = try loadLink(call)
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: "template_next_step", id: link["id"]!.stringValue!)
            return .noContent
        }
    }

    static func load(_ call: ContioCall) throws -> JSONValue {
        let id = try call.uuidParameter("templateId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: "template", id: id, what: "template")
    }

    static func links(_ call: ContioCall, templateID: String) throws -> [JSONValue] {
        try ContioDocuments.all(db: call.db, app: call.app.id, kind: "template_next_step") { $0["template_id"]?.stringValue == templateID }
            .sorted { ($0["sort_order"]?.intValue ?? 0) < ($1["sort_order"]?.intValue ?? 0) }
    }

    static func loadLink(_ call: ContioCall) throws -> JSONValue {
        let template = try load(call)
        let stepID = try call.uuidParameter("nextStepId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: "template_next_step",
                                           id: template["id"]!.stringValue! + ":" + stepID, what: "next step on this template")
    }

    static func create(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "validation_error", allowEmpty: false)
        let name = try b.string("name", required: true, min: 1, max: 255)!
        let description = try b.string("description", max: 1000) ?? ""
        let meeting = try b.string("backing_meeting_id")
        // [I] Meetings are not modelled: any well-formed meeting id is accepted.
        if let meeting, !SandboxIDs.isUUID(meeting) { throw SandboxError.invalid("backing_meeting_id", "must be a UUID") }
        let id = SandboxIDs.uuid()
        let doc: JSONValue = ["id": .string(id), "name": .string(name), "description": .string(description),
                              "backing_meeting_id": .string(meeting?.lowercased() ?? ""),
                              "created_at": .string(call.nowText), "updated_at": .string(call.nowText)]
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: "template", id: id, body: doc)
        return .json(doc, status: .created)
    }

    static func update(_ call: inout ContioCall) throws -> ContioReply {
        var doc = try load(call)
        let b = try call.body()
        if let v = try b.string("name", min: 1, max: 255) { doc["name"] = .string(v) }
        if let v = try b.string("description", max: 1000) { doc["description"] = .string(v) }
        doc["updated_at"] = .string(call.nowText)
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: "template", id: doc["id"]!.stringValue!, body: doc)
        return .json(doc)
    }
}
