extension ContioCatalog {
    static let templateUpdateFields: [Parameter] = [
        Parameter("name", .string, "Name (1-255 characters)"),
        Parameter("description", .string, "Description (up to 1000 characters)"),
    ]

    /// Meeting templates and the next steps attached to them.
    static let templates: [AdminOperation] = [
        op("getTemplates", "templates", .get, "/templates", page(), list: items,
           summary: "List the app's meeting templates.",
           help: "Returns {items, total, limit, offset}."),
        op("createTemplate", "templates", .post, "/templates", [
            Parameter("name", .string, required: true, "Name (1-255 characters)"),
            Parameter("description", .string, "Description (up to 1000 characters)"),
            Parameter("backing_meeting_id", .string, "Meeting whose agenda, participants and talking points are copied in"),
        ],
           undo: .by("deleteTemplate", .result("id")),
           summary: "Create a meeting template, optionally cloned from a meeting.",
           help: "With backing_meeting_id, the meeting's content is copied into the template (403 without access to its workspace). Answers 201."),
        op("getTemplate", "templates", .get, "/templates/{templateId}",
           summary: "Get one template."),
        op("updateTemplate", "templates", .patch, "/templates/{templateId}", templateUpdateFields,
           undo: .restore(from: "getTemplate"),
           summary: "Update a template; only the given fields change.",
           help: "PATCH. The SDK's updateTemplate sends the deprecated PUT; both change only the given fields."),
        op("replaceTemplate", "templates", .put, "/templates/{templateId}", templateUpdateFields,
           undo: .restore(from: "getTemplate"),
           summary: "Update a template (deprecated PUT; prefer updateTemplate).",
           help: "Deprecated by the API in favour of PATCH (contio.updateTemplate). Same fields and result."),
        op("deleteTemplate", "templates", .delete, "/templates/{templateId}",
           undo: .none(reason: "deleted permanently with its next steps; createTemplate can make a copy, with a new id"),
           summary: "Delete a template.",
           help: "Answers 204."),
        op("getTemplateNextSteps", "templates", .get, "/templates/{templateId}/next-steps", page(), list: items,
           summary: "List the next steps attached to a template.",
           help: "Returns {items, total, limit, offset} of {id, name, autopilot, sort_order}. limit/offset are sent by the SDK; the spec declares none."),
        op("addTemplateNextStep", "templates", .post, "/templates/{templateId}/next-steps", [
            Parameter("next_step_id", .string, required: true, "Next step to attach (created through toolkit manifests)"),
            Parameter("autopilot", .boolean, "Run the step automatically when the meeting is finalised"),
            Parameter("sort_order", .integer, "Position among the template's next steps"),
        ],
           undo: .by("removeTemplateNextStep", .argument(1), .result("id")),
           summary: "Attach a next step to a template.",
           help: "Answers 204 with no body."),
        op("updateTemplateNextStep", "templates", .put, "/templates/{templateId}/next-steps/{nextStepId}", [
            Parameter("autopilot", .boolean, "Run the step automatically when the meeting is finalised"),
        ], undo: .restore(from: "getTemplateNextSteps", readArguments: [.argument(1)], element: .element(of: "items", where: "id", equals: .argument(2))),
           summary: "Change a template next step's autopilot flag.",
           help: "Answers 204 with no body."),
        op("removeTemplateNextStep", "templates", .delete, "/templates/{templateId}/next-steps/{nextStepId}",
           undo: .none(reason: "removed permanently; addTemplateNextStep can add it again, with a new id"),
           summary: "Detach a next step from a template.",
           help: "Answers 204."),
    ]

    /// Workflow templates (read-only; created through toolkits and the user API).
    static let workflowTemplates: [AdminOperation] = [
        op("listWorkflowTemplates", "workflowTemplates", .get, "/workflow-templates", page(), list: items,
           summary: "List the app's workflow templates across workspaces.",
           help: "Returns {items, total, limit, offset} of {id, name, description, is_active, workspace_id, created_at, updated_at}."),
        op("getWorkflowTemplate", "workflowTemplates", .get, "/workflow-templates/{id}",
           summary: "Get one workflow template with its DAG spec."),
    ]
}
