extension ContioCatalog {
    static func rotationFields(grace: String) -> [Parameter] {
        [
            Parameter("confirmation_token", .string, required: true, "Any non-empty string; guards against accidental rotation"),
            Parameter("reason", .string, "Recorded in the credential history"),
            Parameter("grace_period_hours", .integer, default: grace == "ignored" ? nil : "24", grace),
        ]
    }

    /// What `rollbackCredential` takes: the path spelling, or the `api_key` spelling that status
    /// and history use; a webhook secret is refused with the guide's rule.
    static let rollbackTypes = PathValues(
        ["api-key", "client-secret"],
        aliases: ["api_key": "api-key", "client_secret": "client-secret"],
        refused: Dictionary(uniqueKeysWithValues: ["webhook-secret", "webhook_secret"].map {
            ($0, "webhook secrets cannot be rolled back: rotateWebhookSecret has no grace period and returns no rollback token")
        }))

    /// API key, client secret and webhook secret: status, rotation, rollback, audit history.
    static let credentials: [AdminOperation] = [
        op("getCredentialStatus", "credentials", .get, "/credentials",
           summary: "Health of the API key, client secret and webhook secret.",
           help: "A map keyed api_key, client_secret, webhook_secret: status, created_at, last_rotated_at, last_used_at, age_days, recommended_action, and grace_period_ends_at while a grace period runs."),
        op("rotateAPIKey", "credentials", .post, "/credentials/api-key/rotate",
           rotationFields(grace: "Hours both keys work (0-168)"),
           undo: .by("rollbackCredential", .literal("api-key"), fields: ["rollback_token": .result("rollback_token")]), destructive: true, secrets: ["new_credential", "rollback_token"],
           summary: "Rotate the API key; old and new both work during the grace period.",
           help: "Requires confirmation_token. Returns new_credential (shown once), grace_period_ends_at, rollback_token and rollback_expires_at (1 h). Until the grace period ends (default 24 h, max 168 h) the old and the new key both authenticate. At most 3 rotations per credential type in 24 h (429 after that)."),
        op("rotateClientSecret", "credentials", .post, "/credentials/client-secret/rotate",
           rotationFields(grace: "Hours both secrets work (0-168)"),
           undo: .by("rollbackCredential", .literal("client-secret"), fields: ["rollback_token": .result("rollback_token")]), destructive: true, secrets: ["new_credential", "rollback_token"],
           summary: "Rotate the OAuth client secret; old and new both work during the grace period.",
           help: "Requires confirmation_token. Returns new_credential (shown once), grace_period_ends_at, rollback_token and rollback_expires_at (1 h). Default grace 24 h, max 168 h; at most 3 rotations in 24 h."),
        op("rotateWebhookSecret", "credentials", .post, "/credentials/webhook-secret/rotate",
           rotationFields(grace: "ignored"),
           undo: .none(reason: "webhook secrets cannot be rolled back; the old secret stops signing at once"), destructive: true, secrets: ["new_credential"],
           summary: "Rotate the webhook secret immediately (no grace period, no rollback).",
           help: "Requires confirmation_token. Webhooks are signed with the new secret at once, so receivers should verify with the new secret first and fall back to the old one. grace_period_hours is accepted but ignored; no rollback token is returned."),
        op("rollbackCredential", "credentials", .post, "/credentials/{credentialType}/rollback", [
            Parameter("rollback_token", .string, required: true, "The rollback_token a rotation returned"),
            Parameter("reason", .string, "Recorded in the credential history"),
        ], pathValues: ["credentialType": rollbackTypes], undo: .none(reason: "a rollback revokes the new credential for good; rotate again instead"), destructive: true,
           summary: "Undo a rotation of 'api-key' or 'client-secret' (emergency use).",
           help: "contio.rollbackCredential('api-key' | 'client-secret', {rollback_token=...}). Restores the previous credential and revokes the new one. Rollback tokens are single-use and valid for 1 hour; webhook secrets cannot be rolled back. Covers the spec's rollbackApiKey and rollbackClientSecret."),
        op("getCredentialHistory", "credentials", .get, "/credentials/history", [
            .query("credential_type", .enumeration(["api_key", "client_secret", "webhook_secret"]), "Filter by credential type"),
            .query("action", .enumeration(["rotated", "accessed", "rollback", "disabled", "enabled", "viewed", "tested"]),
                   "Filter by action (SDK filter)"),
        ] + page(limit: "20", max: 100), list: .paginationEnvelope(itemsKey: "events"),
           summary: "Audit history of credential operations, newest first.",
           help: "Returns {events, pagination{limit, offset, count}}; each event has action, initiated_by, ip_address, user_agent, reason, metadata and created_at."),
    ]
}
