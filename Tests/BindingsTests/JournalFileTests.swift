@testable import Bindings
import Foundation
import XCTest

/// The journal file on its own: begin and end lines merge into one entry, a begin without an end
/// reads as "outcome unknown", a torn last line is skipped, an undo marks what it undid.
final class JournalFileTests: XCTestCase {
    private var folder = ""

    override func setUp() {
        folder = NSTemporaryDirectory() + "adminsh-journal-\(UUID().uuidString)/journal"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent)
    }

    func testBeginAndEndMergeAndAMissingEndIsUnknown() throws {
        let journal = Journal(profile: "prod", folder: folder)
        try journal.append(#"{"id":"j_1","event":"begin","operation":"conto.agents.create","time":"2026-12-01T10:00:00.000Z"}"#)
        try journal.append(#"{"id":"j_1","event":"end","outcome":{"status":201,"resource_id":"agt_1"},"time":"2026-12-01T10:00:01.000Z"}"#)
        try journal.append(#"{"id":"j_2","event":"begin","operation":"conto.wallets.create","time":"2026-12-01T10:01:00.000Z"}"#)
        let entries = journal.entries()
        XCTAssertEqual(entries.map { $0["id"] as? String }, ["j_1", "j_2"])
        XCTAssertEqual((entries[0]["outcome"] as? [String: Any])?["resource_id"] as? String, "agt_1")
        XCTAssertEqual(entries[0]["completed"] as? String, "2026-12-01T10:00:01.000Z")
        XCTAssertNil(entries[1]["outcome"])
        XCTAssertEqual(entries[1]["state"] as? String, "unknown")
        XCTAssertTrue(JournalTable.render(entries, profile: "prod").contains("outcome unknown"))
    }

    func testTheFileIsPrivateAndATornLineIsSkipped() throws {
        let journal = Journal(profile: "prod", folder: folder)
        try journal.append(#"{"id":"j_1","event":"begin","operation":"conto.agents.create"}"#)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: journal.path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"id":"j_1","event":"en"#.utf8))   // the process died mid-write
        try handle.close()
        XCTAssertEqual(journal.entries().count, 1)
        XCTAssertEqual(journal.entries().first?["state"] as? String, "unknown")
        let file = try FileManager.default.attributesOfItem(atPath: journal.path)
        XCTAssertEqual((file[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let dir = try FileManager.default.attributesOfItem(atPath: folder)
        XCTAssertEqual((dir[.posixPermissions] as? NSNumber)?.intValue, 0o700)
    }

    func testASuccessfulUndoMarksTheEntryItUndid() throws {
        let journal = Journal(profile: "prod", folder: folder)
        try journal.append(#"{"id":"j_1","event":"begin","operation":"conto.agents.create"}"#)
        try journal.append(#"{"id":"j_1","event":"end","outcome":{"status":201}}"#)
        try journal.append(#"{"id":"j_2","event":"begin","operation":"conto.agents.delete","undo_of":"j_1"}"#)
        try journal.append(#"{"id":"j_2","event":"end","outcome":{"status":500}}"#)
        XCTAssertNil(journal.entries()[0]["undone_by"], "a failed undo undoes nothing")
        try journal.append(#"{"id":"j_3","event":"begin","operation":"conto.agents.delete","undo_of":"j_1"}"#)
        try journal.append(#"{"id":"j_3","event":"end","outcome":{"status":200}}"#)
        XCTAssertEqual(journal.entries()[0]["undone_by"] as? String, "j_3")
    }

    func testTheBaseURLIsAddedToAnEncodedLine() {
        XCTAssertEqual(Journal.adding(baseURL: "https://conto.finance", to: #"{"id":"j_1"}"#),
                       #"{"base_url":"https://conto.finance","id":"j_1"}"#)
        XCTAssertEqual(Journal.adding(baseURL: "a\"b", to: "{}"), #"{"base_url":"a\"b"}"#)
    }

    func testSinceKeepsTheLaterEntries() throws {
        let journal = Journal(profile: "prod", folder: folder)
        try journal.append(#"{"id":"j_old","event":"begin","operation":"x","time":"2020-01-01T00:00:00.000Z"}"#)
        try journal.append("{\"id\":\"j_new\",\"event\":\"begin\",\"operation\":\"x\",\"time\":\"\(Journal.timestamp())\"}")
        XCTAssertEqual(journal.entries(since: Date(timeIntervalSinceNow: -3600)).map { $0["id"] as? String }, ["j_new"])
    }

    func testAReplacedKeyIsKnownByItsFingerprintOnly() throws {
        let state = (folder as NSString).deletingLastPathComponent
        let keys = ReplacedKeys(environment: ["XDG_STATE_HOME": state])
        let key = "ctio_live_0123456789abcdef5e6c"
        XCTAssertNil(keys.warning(for: key))
        try keys.record(key, masked: "ctio_…5e6c", graceEndsAt: "2999-01-01T00:00:00Z")
        XCTAssertEqual(keys.lookup(key)?.masked, "ctio_…5e6c")
        XCTAssertTrue(keys.warning(for: key)?.contains("works until 2999-01-01T00:00:00Z") == true)
        let stored = try String(contentsOfFile: keys.path, encoding: .utf8)
        XCTAssertFalse(stored.contains(key), "the key itself is never written")
        try keys.record("ctio_other_key_0000000000", masked: "ctio_…0000", graceEndsAt: "2001-01-01T00:00:00Z")
        XCTAssertTrue(keys.warning(for: "ctio_other_key_0000000000")?.contains("no longer current") == true)
        try keys.forget(key)
        XCTAssertNil(keys.lookup(key))
    }
}
