import Foundation
import Sandbox
import SandboxCore
import XCTest

/// State survives a restart; the seed record is written once, privately.
final class PersistenceTests: XCTestCase {
    func testWriteStopStartReadBack() async throws {
        // Live: a restart is a new server on a new port over the same file.
        let fixture = try await SandboxFixture.start(.live)
        let seeded = fixture.demo
        XCTAssertTrue(fixture.server.seededNow)
        let created = try await seeded.call("POST", "/templates", ["name": "Durable"])
        let id = created["id"]!.stringValue!
        let rotated = try await seeded.call("POST", "/credentials/api-key/rotate", ["confirmation_token": "ok", "grace_period_hours": 1])
        let newClient = seeded.with(apiKey: rotated["new_credential"]!.stringValue!)
        try await seeded.advanceClock(seconds: 1800)
        let oldPort = fixture.server.port
        XCTAssertGreaterThan(oldPort, 0)

        try await fixture.restart()
        XCTAssertFalse(fixture.server.seededNow, "an existing database is not re-seeded")
        let client = newClient
        let readBack = try await client.call("GET", "/templates/\(id)")
        XCTAssertEqual(readBack.status, 200)
        XCTAssertEqual(readBack["name"], "Durable")
        let clock = try await client.sandbox("GET", "/clock")
        XCTAssertEqual(clock["offset_seconds"]?.numberValue ?? 0, 1800, accuracy: 2, "the test clock persists")
        // The old key is still inside its 1 h grace period (30 min on the persisted clock).
        let old = seeded
        let oldCall = try await old.call("GET", "/app")
        XCTAssertEqual(oldCall.status, 200)
        try await client.advanceClock(seconds: 1801)
        let oldAfter = try await old.call("GET", "/app")
        XCTAssertEqual(oldAfter.status, 401)
        await fixture.stop()
    }

    func testSeedRecordIsPrivateAndReadable() async throws {
        let fixture = try await SandboxFixture.start()
        let path = SeedRecord.path(forDatabase: fixture.dbPath)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let record = try SeedRecord.read(dbPath: fixture.dbPath)
        XCTAssertEqual(record.contio, fixture.server.seed.contio)
        for key in ["client_id", "api_key", "client_secret", "webhook_secret"] {
            XCTAssertNotNil(record.contio?[key]?.stringValue, key)
        }
        // The live tables hold only hashes: the plain key is nowhere in the database file.
        let apiKey = record.contio!["api_key"]!.stringValue!
        let response = try await fixture.demo.call("GET", "/app")
        XCTAssertEqual(response.status, 200)
        await fixture.sandbox.disconnect()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: fixture.dbPath))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: fixture.dbPath + "-wal")) { bytes.append(wal) }
        XCTAssertNil(bytes.range(of: Data(apiKey.utf8)), "API key stored in plain text")
        await fixture.stop()
    }

    func testDefaultPathFollowsXDG() {
        XCTAssertEqual(SandboxPaths.defaultDatabasePath(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/h"]),
                       "/x/data/adminsh/sandbox.sqlite")
        XCTAssertEqual(SandboxPaths.defaultDatabasePath(environment: ["HOME": "/h"]), "/h/.local/share/adminsh/sandbox.sqlite")
    }
}
