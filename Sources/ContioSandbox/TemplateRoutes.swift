import Foundation
import SandboxCore

/// Meeting templates (#29–34) and their next steps (#35–38).
enum TemplateRoutes {
    static let all: [ContioRoute] = [
        .api("getTemplates", .get, "/templates", tag: "Templates", "List meeting templates", query: .page) { call in
            let page = try call.page()
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: ContioKinds.template, limit: page.limit, offset: page.offset))
        },
        .api("createTemplate", .post, "/templates", tag: "Templates", "Create a meeting template", status: 201, handler: create),
        .api("getTemplate", .get, "/templates/{templateId}", tag: "Templates", "One meeting template") { call in .json(try load(call)) },
        .api("updateTemplate", .patch, "/templates/{templateId}", tag: "Templates", "Update a meeting template", handler: update),
        .api("replaceTemplate", .put, "/templates/{templateId}", tag: "Templates", "Replace a meeting template's fields", handler: update),
        .api("deleteTemplate", .delete, "/templates/{templateId}", tag: "Templates", "Delete a template and its next-step links",
             status: 204) { call in
            let id = try ContioDocuments.id(of: try load(call))
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: ContioKinds.template, id: id)
            for link in try links(call, templateID: id) {
                try ContioDocuments.delete(db: call.db, app: call.app.id, kind: linkKind, id: try ContioDocuments.id(of: link))
            }
            return .noContent
        },
        .api("getTemplateNextSteps", .get, "/templates/{templateId}/next-steps", tag: "Templates",
             "A template's next steps, by sort order", query: .page) { call in
            let templateID = try ContioDocuments.id(of: try load(call))
            let page = try call.page()
            return .json(try ContioDocuments.page(db: call.db, app: call.app.id, kind: linkKind, matching: ["template_id": templateID],
                                                  orderedBy: "sort_order", limit: page.limit, offset: page.offset) { link in
                let stepID = try ContioDocuments.string(link, "next_step_id")
                let step = try ContioDocuments.get(db: call.db, app: call.app.id, kind: ContioKinds.nextStep, id: stepID)
                return ["id": .string(stepID), "name": step?["name"] ?? "", "autopilot": link["autopilot"] ?? false,
                        "sort_order": link["sort_order"] ?? 0]
            })
        },
        .api("addTemplateNextStep", .post, "/templates/{templateId}/next-steps", tag: "Templates",
             "Link a next step to a template", status: 204) { call in
            let templateID = try ContioDocuments.id(of: try load(call))
            let b = try call.body(allowEmpty: false)
            let stepID = try b.requiredString("next_step_id")
            guard SandboxIDs.isUUID(stepID) else { throw SandboxError.invalid("next_step_id", "must be a UUID") }
            let autopilot = try b.bool("autopilot") ?? false
            let sortOrder = try b.int("sort_order") ?? 0
            _ = try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.nextStep, id: stepID.lowercased(), what: "next step")
            let linkID = templateID + ":" + stepID.lowercased()
            let link: JSONValue = ["id": .string(linkID), "template_id": .string(templateID), "next_step_id": .string(stepID.lowercased()),
                                   "autopilot": .bool(autopilot), "sort_order": .int(sortOrder)]
            // Adding an existing link updates it (the spec defines no conflict).
            if try ContioDocuments.get(db: call.db, app: call.app.id, kind: linkKind, id: linkID) != nil {
                try ContioDocuments.update(db: call.db, app: call.app.id, kind: linkKind, id: linkID, body: link)
            } else {
                try ContioDocuments.insert(db: call.db, app: call.app.id, kind: linkKind, id: linkID, body: link)
            }
            return .noContent
        },
        .api("updateTemplateNextStep", .put, "/templates/{templateId}/next-steps/{nextStepId}", tag: "Templates",
             "Change a next step's autopilot on a template", status: 204) { call in
            var link = try loadLink(call)
            let b = try call.body()
            if let v = try b.bool("autopilot") { link["autopilot"] = .bool(v) }
            try ContioDocuments.update(db: call.db, app: call.app.id, kind: linkKind, id: try ContioDocuments.id(of: link), body: link)
            return .noContent
        },
        .api("removeTemplateNextStep", .delete, "/templates/{templateId}/next-steps/{nextStepId}", tag: "Templates",
             "Unlink a next step from a template", status: 204) { call in
            let link = try loadLink(call)
            try ContioDocuments.delete(db: call.db, app: call.app.id, kind: linkKind, id: try ContioDocuments.id(of: link))
            return .noContent
        },
    ]

    /// Documents linking a template to a next step, id `<template>:<next step>`.
    static let linkKind = ContioKinds.templateNextStep

    static func load(_ call: ContioCall) throws -> JSONValue {
        let id = try call.uuidParameter("templateId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: ContioKinds.template, id: id, what: "template")
    }

    /// A template's next-step links by sort order (bounded by the template).
    static func links(_ call: ContioCall, templateID: String) throws -> [JSONValue] {
        try ContioDocuments.all(db: call.db, app: call.app.id, kind: linkKind, matching: ["template_id": templateID],
                                orderedBy: "sort_order")
    }

    static func loadLink(_ call: ContioCall) throws -> JSONValue {
        let templateID = try ContioDocuments.id(of: try load(call))
        let stepID = try call.uuidParameter("nextStepId")
        return try ContioDocuments.require(db: call.db, app: call.app.id, kind: linkKind, id: templateID + ":" + stepID,
                                           what: "next step on this template")
    }

    @Sendable static func create(_ call: inout ContioCall) throws -> ContioReply {
        let b = try call.body(code: "validation_error", allowEmpty: false)
        let name = try b.requiredString("name", min: 1, max: 255)
        let description = try b.string("description", max: 1000) ?? ""
        let meeting = try b.string("backing_meeting_id")
        // [I] Meetings are not modelled: any well-formed meeting id is accepted.
        if let meeting, !SandboxIDs.isUUID(meeting) { throw SandboxError.invalid("backing_meeting_id", "must be a UUID") }
        let id = SandboxIDs.uuid()
        let doc: JSONValue = ["id": .string(id), "name": .string(name), "description": .string(description),
                              "backing_meeting_id": .string(meeting?.lowercased() ?? ""),
                              "created_at": .string(call.nowText), "updated_at": .string(call.nowText)]
        try ContioDocuments.insert(db: call.db, app: call.app.id, kind: ContioKinds.template, id: id, body: doc)
        return .json(doc, status: .created)
    }

    @Sendable static func update(_ call: inout ContioCall) throws -> ContioReply {
        var doc = try load(call)
        let b = try call.body()
        if let v = try b.string("name", min: 1, max: 255) { doc["name"] = .string(v) }
        if let v = try b.string("description", max: 1000) { doc["description"] = .string(v) }
        doc["updated_at"] = .string(call.nowText)
        try ContioDocuments.update(db: call.db, app: call.app.id, kind: ContioKinds.template, id: try ContioDocuments.id(of: doc), body: doc)
        return .json(doc)
    }
}
