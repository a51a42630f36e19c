import GRDB

/// The Contio emulator's tables. Times are `DOUBLE` seconds since 1970 on the app's test clock.
enum ContioSchema {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("contio.v1") { db in
            try db.execute(sql: """
                CREATE TABLE contio_apps (
                    id TEXT PRIMARY KEY,
                    client_id TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    description TEXT NOT NULL DEFAULT '',
                    company_name TEXT NOT NULL DEFAULT '',
                    primary_contact_email TEXT NOT NULL DEFAULT '',
                    slug TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'active',
                    webhook_url TEXT,
                    webhook_enabled INTEGER NOT NULL DEFAULT 1,
                    webhook_filter TEXT,            -- JSON {type, events} or NULL
                    default_toolkit_id TEXT,
                    webhook_secret TEXT NOT NULL,   -- sealed (sandbox_seal) since contio.v4: signing needs it usable
                    created_at DOUBLE NOT NULL,
                    updated_at DOUBLE NOT NULL
                );
                -- API keys and client secrets (hashes only). 'previous' rows authenticate until valid_until.
                CREATE TABLE contio_credentials (
                    id TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL REFERENCES contio_apps(id) ON DELETE CASCADE,
                    type TEXT NOT NULL,             -- api_key | client_secret | webhook_secret
                    secret_hash TEXT NOT NULL,
                    state TEXT NOT NULL,            -- current | previous
                    created_at DOUBLE NOT NULL,
                    valid_until DOUBLE,
                    last_used_at DOUBLE
                );
                CREATE INDEX contio_credentials_hash ON contio_credentials(secret_hash);
                CREATE TABLE contio_rollback_tokens (
                    token_hash TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL REFERENCES contio_apps(id) ON DELETE CASCADE,
                    type TEXT NOT NULL,
                    previous_credential_id TEXT NOT NULL,
                    new_credential_id TEXT NOT NULL,
                    expires_at DOUBLE NOT NULL,
                    used_at DOUBLE
                );
                CREATE TABLE contio_credential_history (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    app_id TEXT NOT NULL REFERENCES contio_apps(id) ON DELETE CASCADE,
                    credential_type TEXT NOT NULL,
                    action TEXT NOT NULL,
                    outcome TEXT NOT NULL,          -- succeeded | failed (failed attempts never count)
                    initiated_by TEXT NOT NULL,
                    ip_address TEXT NOT NULL,
                    user_agent TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                -- Resources without special behaviour in SQL: one JSON document per row.
                CREATE TABLE contio_documents (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    app_id TEXT NOT NULL REFERENCES contio_apps(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    body TEXT NOT NULL,
                    UNIQUE (app_id, kind, id)
                );
                CREATE INDEX contio_documents_kind ON contio_documents(app_id, kind);
                CREATE TABLE contio_events (
                    id TEXT PRIMARY KEY,
                    app_id TEXT NOT NULL REFERENCES contio_apps(id) ON DELETE CASCADE,
                    event_type TEXT NOT NULL,
                    payload BLOB NOT NULL,          -- the exact bytes that are signed and sent
                    created_at DOUBLE NOT NULL
                );
                CREATE TABLE contio_deliveries (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    app_id TEXT NOT NULL REFERENCES contio_apps(id) ON DELETE CASCADE,
                    event_id TEXT NOT NULL REFERENCES contio_events(id),
                    event_type TEXT NOT NULL,
                    status TEXT NOT NULL,           -- pending | delivered | failed | abandoned
                    http_status_code INTEGER NOT NULL DEFAULT 0,
                    retry_count INTEGER NOT NULL DEFAULT 0,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_retry_at DOUBLE,           -- NULL: not scheduled (held while disabled, or final)
                    delivered_at DOUBLE,
                    error_message TEXT NOT NULL DEFAULT '',
                    created_at DOUBLE NOT NULL,
                    claimed_until DOUBLE            -- real time; an engine attempt is in progress
                );
                CREATE INDEX contio_deliveries_due ON contio_deliveries(status, next_retry_at);
                CREATE TABLE contio_delivery_attempts (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    delivery_id TEXT NOT NULL REFERENCES contio_deliveries(id) ON DELETE CASCADE,
                    attempted_at DOUBLE NOT NULL,
                    url TEXT NOT NULL,
                    request_headers TEXT NOT NULL,
                    request_body TEXT NOT NULL,
                    response_status INTEGER,
                    response_headers TEXT NOT NULL,
                    response_body TEXT NOT NULL,
                    error TEXT
                );
                -- TXT records the sandbox pretends exist (domain verification has no real DNS).
                CREATE TABLE contio_dns_txt (
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (name, value)
                );
                """)
        }
        ContioDocuments.registerMigrations(&migrator)
        // The signing secret must stay usable, so it is sealed under the state's key file
        // rather than hashed (docs/sandbox.md, "Secrets at rest").
        migrator.registerMigration("contio.v4.sealed-webhook-secret") { db in
            try db.execute(sql: "UPDATE contio_apps SET webhook_secret = sandbox_seal(webhook_secret) WHERE webhook_secret NOT LIKE 'sealed:%'")
        }
    }
}
