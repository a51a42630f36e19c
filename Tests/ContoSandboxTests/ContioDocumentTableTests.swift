import ContioSandbox
import Foundation
import GRDB
import SandboxCore
import XCTest

/// The typed store on Contio's `contio_documents` (tenant `app_id`, ids unique per app, `seq` as
/// rowid), upgraded in place: the table Contio's documents move onto.
final class ContioDocumentTableTests: XCTestCase {
    static let table = DocumentTable(name: "contio_documents", tenantColumn: "app_id", uniqueKey: ["app_id", "kind", "id"],
                                     countsTable: "contio_document_counts", notFound: { what, _ in SandboxError.notFound(what) })

    struct Template: SandboxDocument, Equatable {
        static let kind = "template"
        static let displayName = "Template"
        var id: String
        var appId: String
        var name: String
        var status: String
        var tenantId: String { appId }
    }

    private var path = ""

    override func setUp() async throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("contio-documents-\(UUID().uuidString).sqlite").path
        // A state file from before the upgrade: two apps and a document written the old way.
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        ContioSandbox.registerMigrations(&migrator)
        try migrator.migrate(queue, upTo: "contio.v1")
        try await queue.write { db in
            for app in ["app_1", "app_2"] {
                try db.execute(sql: """
                    INSERT INTO contio_apps (id, client_id, name, slug, webhook_secret, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'whsec', 0, 0)
                    """, arguments: [app, "client_" + app, app, app])
            }
            try db.execute(sql: "INSERT INTO contio_documents (app_id, kind, id, body) VALUES ('app_1', 'template', 'tpl_old', ?)",
                           arguments: [#"{"id":"tpl_old","appId":"app_1","name":"Old","status":"draft"}"#])
        }
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: path)
    }

    private func openUpgraded() throws -> SandboxStore {
        // Contio's own migrations bring the table to the typed store (`contio.v3.typed-store`).
        try SandboxStore(path: path, migrations: [ContioSandbox.registerMigrations])
    }

    func testStoreWorksOnTheUpgradedContioTable() async throws {
        let store = try openUpgraded()
        let table = Self.table
        try await store.write { db in
            let docs = TypedDocumentStore(db: db, table: table)
            try docs.save(Template(id: "tpl_a", appId: "app_1", name: "A", status: "active"))
            try docs.save(Template(id: "tpl_b", appId: "app_1", name: "B", status: "draft"))
            // Ids are unique per app: the same id in another app is another document.
            try docs.save(Template(id: "tpl_a", appId: "app_2", name: "A of app 2", status: "active"))
            try docs.save(Template(id: "tpl_b", appId: "app_1", name: "B", status: "active"))   // a replace
        }
        let (all, active, old, missing, deletedOther) = try await store.write { db in
            let docs = TypedDocumentStore(db: db, table: table)
            var activeOnly = DocumentQuery<Template>()
            activeOnly.field("status", equals: "active")
            let missing: Error?
            do { _ = try docs.require(Template.self, "tpl_a", tenant: "app_3"); missing = nil } catch { missing = error }
            return (try docs.all(Template.self, tenant: "app_1"), try docs.page(activeOnly, tenant: "app_1", limit: 10, offset: 0),
                    try docs.get(Template.self, "tpl_old", tenant: "app_1"), missing,
                    try docs.delete(Template.self, "tpl_a", tenant: "app_3"))
        }
        XCTAssertEqual(all.map(\.name), ["Old", "A", "B"], "insertion order; a replace keeps its place")
        XCTAssertEqual(active.items.map(\.id), ["tpl_a", "tpl_b"])
        XCTAssertEqual(active.total, 2)
        XCTAssertEqual(old?.status, "draft", "a document from before the upgrade reads, its status copied into the column")
        XCTAssertEqual(missing as? SandboxError, SandboxError.notFound("Template"))
        XCTAssertFalse(deletedOther, "a delete scoped to another app removes nothing")

        // Deleting an app cascades to its documents, and the counts follow.
        let counts = try await store.write { db -> [String: Int] in
            try db.execute(sql: "DELETE FROM contio_apps WHERE id = 'app_1'")
            let docs = TypedDocumentStore(db: db, table: table)
            return ["app_1": try docs.countedTotal(Template.self, tenant: "app_1", statuses: nil),
                    "app_2": try docs.countedTotal(Template.self, tenant: "app_2", statuses: ["active"]),
                    "all": try docs.count(Template.self)]
        }
        XCTAssertEqual(counts, ["app_1": 0, "app_2": 1, "all": 1])
    }
}
