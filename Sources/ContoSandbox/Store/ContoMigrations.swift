import GRDB
import SandboxCore

/// The Conto emulator's tables.
///
/// Resources are JSON documents keyed by (kind, id) with their organization beside them: the
/// emulator's queries are "all X of this org" or "X by id in this org", and a document keeps every
/// optional field of the API without a column per field. `lookup` indexes what is found by value
/// rather than id: the SHA-256 of a key secret, or an agent's idempotency key.
enum ContoMigrations {
    static func register(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("conto.v1") { db in
            try db.execute(sql: """
                CREATE TABLE conto_documents (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    org_id TEXT NOT NULL,
                    lookup TEXT,
                    body TEXT NOT NULL,
                    PRIMARY KEY (kind, id)
                );
                CREATE INDEX conto_documents_by_org ON conto_documents (org_id, kind);
                CREATE UNIQUE INDEX conto_documents_by_lookup ON conto_documents (kind, lookup) WHERE lookup IS NOT NULL;
                """)
        }
        // The body's `status`, copied into a column on every save: list routes filter and count by
        // status from the index alone instead of parsing every body with json_extract.
        migrator.registerMigration("conto.v2.status") { db in
            try db.execute(sql: """
                ALTER TABLE conto_documents ADD COLUMN status TEXT;
                UPDATE conto_documents SET status = json_extract(body, '$.status');
                CREATE INDEX conto_documents_by_status ON conto_documents (kind, org_id, status);
                """)
        }
        // Listing totals from counts per (kind, org, status) kept by triggers, instead of a walk
        // over every matching index entry on each list request.
        DocumentTableUpgrade.register(&migrator, "conto.v3.counts", table: .conto)
        // Lookups by a related id or an address from an index (kind, org, field), in insertion
        // order, instead of decoding every document of the kind in the org; and deleted wallets
        // filed under their own status, so the wallet listing's total comes from the counts table.
        migrator.registerMigration("conto.v4.lookups") { db in
            for (name, expression) in ContoIndexedFields.all {
                try db.execute(sql: DocumentField.indexSQL("conto_documents_by_\(name)", table: .conto, expression: expression))
            }
            try db.execute(sql: """
                UPDATE conto_documents SET status = '\(Wallet.deletedStatus)'
                    WHERE kind = '\(Wallet.kind)' AND \(DocumentField.extract("deletedAt")) IS NOT NULL
                """)
        }
        migrator.registerMigration("conto.v5.audit-resource") { db in
            for (name, expression) in ContoIndexedFields.auditResource {
                try db.execute(sql: DocumentField.indexSQL("conto_documents_by_\(name)", table: .conto, expression: expression))
            }
        }
    }
}
