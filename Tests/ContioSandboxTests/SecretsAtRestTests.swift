import Foundation
import GRDB
import Sandbox
import SandboxCore
import SandboxTestSupport
import XCTest

/// No usable secret at rest: answers kept for idempotent replays are sealed, the webhook signing
/// secret is sealed, every file is private whatever the umask, and a 429 or 5xx is never kept.
final class SecretsAtRestTests: XCTestCase {
    /// Every byte SQLite keeps for the state file: the file, its WAL and its shared memory.
    func bytesAtRest(_ dbPath: String) -> Data {
        var all = Data()
        for suffix in ["", "-wal", "-shm"] { all.append(FileManager.default.contents(atPath: dbPath + suffix) ?? Data()) }
        return all
    }

    func testARotationAnsweredWithAnIdempotencyKeyReplaysButIsNotKeptInClear() async throws {
        let fixture = try await SandboxFixture.start()
        defer { Task { await fixture.stop() } }
        let body: JSONValue = ["confirmation_token": "confirm", "reason": "at rest"]
        let first = try await fixture.demo.call("POST", "/credentials/api-key/rotate", body, headers: ["Idempotency-Key": "rotate-1"])
        XCTAssertEqual(first.status, 200, String(decoding: first.body, as: UTF8.self))
        let key = try XCTUnwrap(first["new_credential"]?.stringValue)
        let rollback = try XCTUnwrap(first["rollback_token"]?.stringValue)

        let stored = try await fixture.sandbox.store.read { db in try Data.fetchAll(db, sql: "SELECT body FROM sandbox_idempotency") }
        XCTAssertEqual(stored.count, 1, "the answer is kept for replay")
        for blob in stored {
            XCTAssertNil(blob.range(of: Data(key.utf8)), "the new key is not in the stored body")
            XCTAssertNil(blob.range(of: Data(rollback.utf8)), "the rollback token is not in the stored body")
        }
        for secret in [key, rollback] {
            XCTAssertNil(bytesAtRest(fixture.dbPath).range(of: Data(secret.utf8)), "\(SecretHasher.redact(secret)) is in the state files")
        }

        let replay = try await fixture.demo.call("POST", "/credentials/api-key/rotate", body, headers: ["Idempotency-Key": "rotate-1"])
        XCTAssertEqual(replay.status, 200)
        XCTAssertEqual(replay.header("Idempotent-Replayed"), "true")
        XCTAssertEqual(replay["new_credential"]?.stringValue, key, "a client whose answer was lost gets its key")
    }

    func testSealedAnswersReplayAfterARestartAndALostKeyFileOnlyForgetsThem() async throws {
        let fixture = try await SandboxFixture.start()
        defer { Task { await fixture.stop() } }
        let body: JSONValue = ["confirmation_token": "confirm", "reason": "restart"]
        let first = try await fixture.demo.call("POST", "/credentials/client-secret/rotate", body, headers: ["Idempotency-Key": "k"])
        XCTAssertEqual(first.status, 200)
        try await fixture.restart()
        let replay = try await fixture.demo.call("POST", "/credentials/client-secret/rotate", body, headers: ["Idempotency-Key": "k"])
        XCTAssertEqual(replay.header("Idempotent-Replayed"), "true")
        XCTAssertEqual(replay["new_credential"], first["new_credential"], "the key file opens what the last run sealed")

        await fixture.sandbox.disconnect()
        try FileManager.default.removeItem(atPath: ResponseSealer.keyPath(forDatabase: fixture.dbPath))
        try await fixture.restart()
        let again = try await fixture.demo.call("POST", "/credentials/client-secret/rotate", body, headers: ["Idempotency-Key": "k"])
        XCTAssertEqual(again.status, 200, "without its key the record is forgotten and the request runs")
        XCTAssertNil(again.header("Idempotent-Replayed"))
        XCTAssertNotEqual(again["new_credential"], first["new_credential"])
    }

    func testTheWebhookSigningSecretIsSealedInTheStateFile() async throws {
        let fixture = try await SandboxFixture.start()
        defer { Task { await fixture.stop() } }
        let seeded = fixture.sandbox.contioWebhookSecret
        XCTAssertTrue(seeded.hasPrefix("whs_"))
        let rotated = try await fixture.demo.call("POST", "/credentials/webhook-secret/rotate", ["confirmation_token": "c"])
        XCTAssertEqual(rotated.status, 200)
        let fresh = try XCTUnwrap(rotated["new_credential"]?.stringValue)
        let column = try await fixture.sandbox.store.read { db in try String.fetchAll(db, sql: "SELECT webhook_secret FROM contio_apps") }
        XCTAssertFalse(column.isEmpty)
        for value in column { XCTAssertTrue(value.hasPrefix(ResponseSealer.textPrefix), "stored sealed, not \(SecretHasher.redact(value))") }
        XCTAssertNil(bytesAtRest(fixture.dbPath).range(of: Data(fresh.utf8)))
        let opened = try await fixture.sandbox.store.read { db in try String.fetchAll(db, sql: "SELECT sandbox_open(webhook_secret) FROM contio_apps") }
        XCTAssertTrue(opened.contains(fresh), "signing still reads the current secret")
    }

    func testNeitherA429NorA5xxIsKeptUnderItsKey() async throws {
        let store = try SandboxStore.temporary(migrations: [])
        let now = Date()
        let fingerprint = IdempotencyLedger.fingerprint(method: "POST", path: "/x", body: nil)
        for status in [429, 500, 503] {
            try await store.write { db in
                try IdempotencyLedger.record(db: db, scope: "t", key: "k\(status)", fingerprint: fingerprint,
                                             response: StoredResponse(status: status, body: Data("{}".utf8)), now: now, sealer: store.sealer)
            }
            let replay = try await store.write { db in
                try IdempotencyLedger.replay(db: db, scope: "t", key: "k\(status)", fingerprint: fingerprint, now: now, sealer: store.sealer)
            }
            XCTAssertNil(replay, "a \(status) is not replayed: the retry runs again")
        }
    }

    func testARotationRefusedWith429SucceedsWhenRetriedWithTheSameKeyOnceTheWindowMoves() async throws {
        let fixture = try await SandboxFixture.start()
        defer { Task { await fixture.stop() } }
        let app = fixture.demo
        let body: JSONValue = ["confirmation_token": "confirm", "reason": "window"]
        let first = try await app.call("POST", "/credentials/client-secret/rotate", body)
        XCTAssertEqual(first.status, 200)
        try await app.advanceClock(seconds: 23 * 3600)
        for _ in 1...2 {
            let again = try await app.call("POST", "/credentials/client-secret/rotate", body)
            XCTAssertEqual(again.status, 200)
        }
        let refused = try await app.call("POST", "/credentials/client-secret/rotate", body, headers: ["Idempotency-Key": "retry-me"])
        XCTAssertEqual(refused.status, 429)
        // The first rotation leaves the rolling 24 h window; the key's first answer was a 429.
        try await app.advanceClock(seconds: 2 * 3600)
        let retried = try await app.call("POST", "/credentials/client-secret/rotate", body, headers: ["Idempotency-Key": "retry-me"])
        XCTAssertEqual(retried.status, 200, "the retry runs, not a replay of the 429: \(String(decoding: retried.body, as: UTF8.self))")
        XCTAssertNil(retried.header("Idempotent-Replayed"))
    }

    func testEveryFileIsPrivateWhateverTheUmask() async throws {
        for mask: mode_t in [0o022, 0o000] {
            let previous = umask(mask)
            defer { umask(previous) }
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("adminsh-modes-\(UUID().uuidString)")
            let folder = root.appendingPathComponent("nested/state").path
            let dbPath = folder + "/sandbox.sqlite"
            let sandbox = try await TestSandbox.start(dbPath: dbPath)
            // A write keeps the WAL and shared-memory files open beside the state.
            _ = try await sandbox.send(.post, "/__sandbox/faults", body: Data(#"{"path_prefix": "/x", "status": 503}"#.utf8))
            _ = try await sandbox.send(.post, "/api/agents", headers: ["Authorization": "Bearer \(sandbox.contoOrgKey)"],
                                       body: Data(#"{"name": "Modes", "agentType": "CUSTOM"}"#.utf8))
            func mode(_ path: String) throws -> Int {
                try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, path)
            }
            for path in [dbPath, dbPath + "-wal", dbPath + "-shm", SeedRecord.path(forDatabase: dbPath), ResponseSealer.keyPath(forDatabase: dbPath)] {
                XCTAssertEqual(try mode(path), 0o600, "umask \(String(mask, radix: 8)): \(path)")
            }
            for path in [folder, root.appendingPathComponent("nested").path, root.path, sandbox.directory.path] {
                XCTAssertEqual(try mode(path), 0o700, "umask \(String(mask, radix: 8)): \(path)")
            }
            await sandbox.stop()
            try? FileManager.default.removeItem(at: root)
        }
    }
}
