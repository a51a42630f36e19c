import Foundation
import Glibc
import XCTest
@testable import Shell

final class HistoryTests: XCTestCase {
    /// Secrets in the shapes the sandbox issues (prefix + 48 hex; SDK keys + 64).
    func issued(_ prefix: String, hexCount: Int = 48) -> String {
        prefix + String((0..<hexCount).map { _ in "0123456789abcdef".randomElement()! })
    }

    func testLinesHoldingAnIssuedSecretAreKeptOut() {
        for prefix in ["ctio_", "cs_", "whs_", "rb_", "conto_org_"] {
            let secret = issued(prefix)
            XCTAssertTrue(History.looksSecret("key = '\(secret)'"), secret)
            XCTAssertTrue(History.looksSecret("contio.setClientSecret{value=\"\(secret)\"}"), secret)
        }
        XCTAssertTrue(History.looksSecret("sdk = '\(issued("conto_agent_", hexCount: 64))'"))
        XCTAssertTrue(History.looksSecret("h = {Authorization = 'Bearer \(issued("ctio_"))'}"))
    }

    func testLinesThatOnlyNameAFieldAreSaved() {
        let lines = [
            "contio.getCredentialStatus().api_key",
            "rotation.run{types={\"api_key\"}}",
            "contio.rotateAPIKey{confirmation_token=\"c1\"}",
            "contio.rollbackCredential('api_key', {rollback_token = t})",
            "s = r.new_credential:reveal()",
            "conto.agents.list{limit = 10}",
            "x = 1 + 2",
            "cs_total = 3",              // an identifier with a secret's prefix but no secret body
            "e = 'evt_0123456789abcdef0123'", // ids are not secrets
        ]
        for line in lines { XCTAssertFalse(History.looksSecret(line), line) }
    }

    func testEveryFormatComesFromTheOneList() {
        XCTAssertEqual(Set(SecretFormat.all.map(\.prefix)), ["ctio_", "cs_", "whs_", "rb_", "conto_org_", "conto_agent_", "conto_"])
        XCTAssertEqual(SecretFormat.secrets(in: "x = '\(issued("whs_"))'").map(\.name), ["webhook secret"])
    }

    func testAppendSavesFieldNamesAndSkipsSecrets() throws {
        let dir = NSTemporaryDirectory() + "adminsh-hist-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let history = History(path: dir + "/adminsh/history")
        XCTAssertTrue(history.append("x = 1"))
        XCTAssertFalse(history.append("t = {secret = '\(issued("cs_"))'}"))
        XCTAssertTrue(history.append("contio.rotateAPIKey{confirmation_token=\"c1\"}"))
        XCTAssertTrue(history.append("function f()\n  return 1\nend"))
        XCTAssertEqual(history.load(), ["x = 1", "contio.rotateAPIKey{confirmation_token=\"c1\"}", "function f()\n  return 1\nend"])
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func testTheFileIs0600InA0700FolderWhateverTheUmask() throws {
        for mask: mode_t in [0o022, 0o000] {
            let root = NSTemporaryDirectory() + "adminsh-hist-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: root) }
            let old = umask(mask)
            defer { umask(old) }
            // The folder may exist already with a looser mode (made by something else).
            mkdir(root, 0o755)
            mkdir(root + "/adminsh", 0o777)
            chmod(root + "/adminsh", 0o777)
            let history = History(path: root + "/adminsh/history")
            XCTAssertTrue(history.append("x = 1"))
            XCTAssertEqual(try mode(history.path), 0o600, "umask \(String(mask, radix: 8))")
            XCTAssertEqual(try mode(root + "/adminsh"), 0o700, "umask \(String(mask, radix: 8))")
        }
    }
}
