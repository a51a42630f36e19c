extension ContioCatalog {
    static let appFields: [Parameter] = [
        Parameter("name", .string, "Display name (1-255 characters)"),
        Parameter("description", .string, "Description (up to 1000 characters)"),
        Parameter("slug", .string, "URL slug (3-63 characters)"),
        Parameter("webhook_url", .string, "Where webhooks are delivered (up to 2000 characters)"),
        Parameter("default_toolkit_id", .string, "Toolkit installed on workspaces provisioned through the app"),
    ]

    /// The partner app itself: details and status.
    static let app: [AdminOperation] = [
        op("getApp", "app", .get, "/app",
           summary: "Get the partner app's details, status and webhook settings.",
           help: "Returns the authenticated partner app: identity, status, webhook_url, webhook_enabled, webhook_filter and default_toolkit_id."),
        op("updateApp", "app", .patch, "/app", appFields,
           undo: .restore(from: "getApp"),
           summary: "Update partner app details; only the given fields change.",
           help: "PATCH /app. The SDK's updateApp sends the deprecated PUT; both change only the fields given. Returns the updated app."),
        op("replaceApp", "app", .put, "/app", appFields,
           undo: .restore(from: "getApp"),
           summary: "Update partner app details (deprecated PUT; prefer updateApp).",
           help: "Deprecated by the API in favour of PATCH /app (contio.updateApp). Same fields and result."),
        op("updateAppStatus", "app", .put, "/app/status",
           [Parameter("status", .enumeration(["active", "suspended", "inactive"]), required: true, "New app status")],
           undo: .restore(from: "getApp"), destructive: true,
           summary: "Set the partner app's status (active, suspended, inactive).",
           help: "Returns the updated app. The SDK docstring's 'maintenance' status does not exist."),
    ]

    /// Webhook delivery settings and the delivery log.
    static let webhooks: [AdminOperation] = [
        op("setWebhookFilter", "webhooks", .put, "/webhook-filter", [
            Parameter("type", .enumeration(["include", "exclude"]), required: true, "include: only the listed events; exclude: all but them"),
            Parameter("events", .array(.string), required: true, "Event types, at least one (e.g. meeting.created)"),
        ], variant: "/app/webhook-filter",
           undo: .restore(from: "getApp", path: "webhook_filter"),
           summary: "Filter which webhook events are delivered.",
           help: "include delivers only the listed events, exclude delivers all but them. Unknown event types are refused with valid_event_types in the error. Returns the app with webhook_filter set."),
        op("removeWebhookFilter", "webhooks", .delete, "/webhook-filter", variant: "/app/webhook-filter",
           undo: .by("setWebhookFilter", fields: ["type": .previous("webhook_filter.type"), "events": .previous("webhook_filter.events")], reading: PreviousRead(operation: "getApp", arguments: [])),
           summary: "Remove the webhook event filter; every event is delivered again.",
           help: "Returns the app (200) without webhook_filter."),
        op("updateWebhookStatus", "webhooks", .put, "/webhook-status", [
            Parameter("enabled", .boolean, required: true, "Whether webhooks are delivered"),
            Parameter("pending_disposition", .enumeration(["deliver", "abandon"]), "On re-enable: send the queued backlog or abandon it"),
        ], variant: "/app/webhook-status",
           undo: .by("updateWebhookStatus", fields: ["enabled": .previous("webhook_enabled")], reading: PreviousRead(operation: "getApp", arguments: [])), destructive: true,
           summary: "Enable or disable webhook delivery.",
           help: "While disabled, deliveries queue as pending. On re-enable, pending_disposition 'deliver' sends the backlog and 'abandon' marks it abandoned. Returns the app."),
        op("getWebhookDeliveries", "webhooks", .get, "/webhook-deliveries", [
            .query("status", .enumeration(["pending", "delivered", "failed", "abandoned"]), "Filter by delivery status"),
            .query("event_type", .string, "Filter by event type (e.g. meeting.created)"),
        ] + page(max: 100), list: .envelope(itemsKey: "deliveries"),
           summary: "List webhook deliveries, newest first.",
           help: "Returns {deliveries, total, limit, offset}. Use it to monitor delivery status and find failures."),
        op("getWebhookDelivery", "webhooks", .get, "/webhook-deliveries/{deliveryId}",
           summary: "Get one webhook delivery with its request and response.",
           help: "Full details of a delivery, including payloads, for debugging."),
        op("retryWebhookDelivery", "webhooks", .post, "/webhook-deliveries/{deliveryId}/retry",
           undo: .none(reason: "a delivery that was sent cannot be taken back"),
           summary: "Retry a failed webhook delivery now.",
           help: "Returns {message, retry_scheduled}; retry_scheduled is false when nothing was retried (already delivered, or webhooks disabled)."),
    ]
}
