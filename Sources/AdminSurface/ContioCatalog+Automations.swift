extension ContioCatalog {
    static let triggerNote = "Trigger, e.g. action_item_match (SDK) or action_item_created, action_item_updated, action_item_completed, meeting_ended, meeting_summary_ready (spec)"

    static let automationUpdateFields: [Parameter] = [
        Parameter("name", .string, "Name (1-255 characters)"),
        Parameter("description", .string, "Description (up to 1000 characters)"),
        Parameter("trigger_type", .string, triggerNote),
        Parameter("actions", .array(.object), "At least one {type, config}"),
        Parameter("status", .enumeration(["active", "inactive"]), "Automation status"),
        Parameter("is_active", .boolean, "Same switch as status"),
    ]

    /// Automations: actions triggered by meeting and action-item events. The SDK uses `/automations`.
    static let automations: [AdminOperation] = [
        op("getAutomations", "automations", .get, "/automation", page(), list: items, variant: "/automations",
           summary: "List the app's automations.",
           help: "Returns {items, total, limit, offset}."),
        op("createAutomation", "automations", .post, "/automation", [
            Parameter("name", .string, required: true, "Name (1-255 characters)"),
            Parameter("description", .string, "Description (up to 1000 characters)"),
            Parameter("trigger_type", .string, required: true, triggerNote),
            Parameter("actions", .array(.object), required: true,
                      "At least one {type, config}, e.g. {type='phrase_match', config={phrases={'create contact'}}}"),
        ], list: nil, variant: "/automations",
           undo: .by("deleteAutomation", .result("id")),
           summary: "Create an automation.",
           help: "Matching action items create automation assignments and emit automation.assignment.created. The spec and the SDK name triggers differently; both are accepted. Returns the automation (201)."),
        op("getAutomation", "automations", .get, "/automation/{automationId}", variant: "/automations/{automationId}",
           summary: "Get one automation."),
        op("updateAutomation", "automations", .patch, "/automation/{automationId}", automationUpdateFields,
           variant: "/automations/{automationId}",
           undo: .restore(from: "getAutomation"),
           summary: "Update an automation; only the given fields change.",
           help: "PATCH. The SDK's updateAutomation sends the deprecated PUT to /automations/{id}; both change only the given fields. Keep status and is_active consistent."),
        op("replaceAutomation", "automations", .put, "/automation/{automationId}", automationUpdateFields,
           variant: "/automations/{automationId}",
           undo: .restore(from: "getAutomation"),
           summary: "Update an automation (deprecated PUT; prefer updateAutomation).",
           help: "Deprecated by the API in favour of PATCH (contio.updateAutomation). Same fields and result."),
        op("deleteAutomation", "automations", .delete, "/automation/{automationId}", variant: "/automations/{automationId}",
           undo: .none(reason: "deleted permanently; createAutomation can make a copy, with a new id"),
           summary: "Delete an automation.",
           help: "Permanent; answers 204."),
    ]

    /// Users who authorised the partner app.
    static let connections: [AdminOperation] = [
        op("getUserConnections", "connections", .get, "/connections", [
            .query("user_id", .string, "Filter by user id"),
            .query("status", .enumeration(["active", "revoked", "expired"]), "Filter by connection status"),
        ] + page(), list: items,
           summary: "List user connections (users who authorised the app).",
           help: "Returns {items, total, limit, offset} of connections with oauth_scopes, status and timestamps."),
        op("getUserConnection", "connections", .get, "/connections/{connectionId}",
           summary: "Get one user connection."),
        op("revokeUserConnection", "connections", .delete, "/connections/{connectionId}",
           undo: .none(reason: "the user's tokens are invalidated; only the user can authorise the app again"),
           summary: "Revoke a user connection and invalidate its tokens.",
           help: "The connection becomes revoked and all of the user's tokens stop working; the user must authorise the app again. Answers 204."),
    ]
}
