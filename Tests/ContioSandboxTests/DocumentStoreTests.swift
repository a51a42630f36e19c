@testable import ContioSandbox
import Foundation
import GRDB
import SandboxCore
import XCTest

/// Contio's documents in the shared typed store, including a state file written before it.
final class DocumentStoreTests: XCTestCase {
    private var path = ""

    override func setUp() async throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("contio-records-\(UUID().uuidString).sqlite").path
        // A state file as the first schema wrote it: documents are the bare resource JSON.
        let queue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        ContioSandbox.registerMigrations(&migrator)
        try migrator.migrate(queue, upTo: "contio.v1")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO contio_apps (id, client_id, name, slug, webhook_secret, created_at, updated_at)
                VALUES ('app_1', 'client_1', 'App', 'app', 'whsec', 0, 0)
                """)
            try db.execute(sql: "INSERT INTO contio_documents (app_id, kind, id, body) VALUES ('app_1', 'template', 't1', ?)",
                           arguments: [#"{"id":"t1","name":"Old"}"#])
            // The IdP configuration's row id is not a member of the resource.
            try db.execute(sql: "INSERT INTO contio_documents (app_id, kind, id, body) VALUES ('app_1', 'idp', 'config', ?)",
                           arguments: [#"{"id":"5b0d","mode":"strict"}"#])
        }
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func testDocumentsFromBeforeTheTypedStoreReadBackAndCount() async throws {
        let store = try SandboxStore(path: path, migrations: [ContioSandbox.registerMigrations])
        let (template, idp, page, counted) = try await store.write { db in
            try ContioDocuments.insert(db: db, app: "app_1", kind: ContioKinds.template, id: "t2", body: ["id": "t2", "name": "New"])
            return (try ContioDocuments.get(db: db, app: "app_1", kind: ContioKinds.template, id: "t1"),
                    try ContioDocuments.get(db: db, app: "app_1", kind: ContioKinds.idp, id: "config"),
                    try ContioDocuments.page(db: db, app: "app_1", kind: ContioKinds.template, limit: 1, offset: 1),
                    try ContioDocuments.count(db: db, app: "app_1", kind: ContioKinds.template, matching: ["name": "Old"]))
        }
        XCTAssertEqual(template, ["id": "t1", "name": "Old"], "the resource as it was, without the row's own members")
        XCTAssertEqual(idp, ["id": "5b0d", "mode": "strict"])
        XCTAssertEqual(page["total"], 2, "counted by the table's triggers, the old row included")
        XCTAssertEqual(page["items"], [["id": "t2", "name": "New"]], "creation order")
        XCTAssertEqual(counted, 1)
        let other = try await store.read { db in try ContioDocuments.get(db: db, app: "app_2", kind: ContioKinds.template, id: "t1") }
        XCTAssertNil(other, "another app never sees the document")
    }

    func testAStoredDocumentThatCannotBeReadIsAnErrorNamingItsKind() async throws {
        let store = try SandboxStore(path: path, migrations: [ContioSandbox.registerMigrations])
        try await store.write { db in
            try db.execute(sql: "UPDATE contio_documents SET body = '{\"name\":\"no row members\"}' WHERE id = 't1'")
        }
        do {
            _ = try await store.read { db in try ContioDocuments.get(db: db, app: "app_1", kind: ContioKinds.template, id: "t1") }
            XCTFail("an unreadable document must be refused")
        } catch let error as SandboxError {
            XCTAssertEqual(error.status, .internalServerError)
            XCTAssertTrue(error.message.contains("template"), error.message)
        }
    }
}
