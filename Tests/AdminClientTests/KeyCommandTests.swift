import AdminClient
import AdminSurface
import Foundation
import XCTest

/// Keys from a secrets manager: small scripts stand in for `op`, `pass` or `vault`. The command
/// runs without a shell on the first request, once a session; its failures name the profile and
/// the command, never what it printed.
final class KeyCommandTests: XCTestCase {
    var sandbox: SandboxFixture!
    var home: URL!
    var config: URL { home.appendingPathComponent("config/adminsh") }

    override func setUp() async throws {
        sandbox = try await SandboxFixture.start()
        home = FileManager.default.temporaryDirectory.appendingPathComponent("adminsh-keycmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
    }

    override func tearDown() async throws {
        await sandbox.stop()
        try? FileManager.default.removeItem(at: home)
    }

    /// An executable script in the test folder; returns its path.
    func script(_ name: String, _ body: String) throws -> String {
        let path = home.appendingPathComponent(name).path
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return path
    }

    func resolve(_ profileBody: String) throws -> ClientConfiguration {
        try "[profiles.prod]\nconto_url = \"\(sandbox.sandbox.baseURL)\"\n\(profileBody)\n"
            .write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "HOME": home.path]
        let resolved = try ProfileResolver.resolve(profile: "prod", environment: environment)
        return try XCTUnwrap(resolved).configuration
    }

    let listAgents = AdminOperation(platform: .conto, luaName: "agents.list", group: "agents", method: .get,
                                    path: "/api/agents", summary: "list agents")

    func testTheCommandRunsOnTheFirstRequestOnceASession() async throws {
        let counter = home.appendingPathComponent("runs").path
        let vault = home.appendingPathComponent("vault").path
        try sandbox.contoKey.write(toFile: vault, atomically: true, encoding: .utf8)
        // The stand-in for `op read`: prints the key with blanks around it, counts its runs.
        let command = try script("op", "echo run >> '\(counter)'\nprintf '  %s\\n' \"$(cat '\(vault)')\"")
        let configuration = try resolve("conto_org_key_command = [\"\(command)\", \"read\", \"op://prod/conto/org-key\"]")
        XCTAssertFalse(FileManager.default.fileExists(atPath: counter), "nothing runs before a request needs the key")
        try await sandbox.withClient(configuration) { client in
            for _ in 0..<3 {
                let response = try await client.perform(self.listAgents, pathArguments: [], query: [], body: nil)
                XCTAssertEqual(response.status, 200)
            }
        }
        XCTAssertEqual(try String(contentsOfFile: counter, encoding: .utf8), "run\n", "one run for three requests")
    }

    func failure(_ profileBody: String) async throws -> AdminError? {
        let configuration = try resolve(profileBody)
        do {
            _ = try await sandbox.withClient(configuration) { client in
                try await client.perform(self.listAgents, pathArguments: [], query: [], body: nil)
            }
            return nil
        } catch {
            return error as? AdminError
        }
    }

    func testAFailingCommandNamesTheProfileAndCommandNeverItsOutput() async throws {
        let command = try script("vault", "echo conto_org_printed_before_failing\nexit 3")
        let error = try await failure("conto_org_key_command = [\"\(command)\", \"kv\", \"get\"]")
        XCTAssertEqual(error?.code, "CREDENTIALS_UNAVAILABLE")
        XCTAssertEqual(error?.message, "profile 'prod': conto_org_key_command [\"\(command)\", \"kv\", \"get\"] exited with status 3")
        XCTAssertFalse(error?.message.contains("printed_before") ?? true)
    }

    func testEmptyOutputMissingProgramAndTimeoutAreClearErrors() async throws {
        let empty = try script("pass", "printf '\\n'")
        let e1 = try await failure("conto_org_key_command = [\"\(empty)\", \"show\", \"conto/prod\"]")
        XCTAssertEqual(e1?.message.hasSuffix("printed nothing"), true, "\(String(describing: e1))")

        let e2 = try await failure("conto_org_key_command = [\"no-such-secrets-manager-x\", \"read\"]")
        XCTAssertEqual(e2?.message.contains("'no-such-secrets-manager-x' is not a program found in PATH"), true, "\(String(describing: e2))")

        let slow = try script("op", "sleep 20\necho conto_org_too_late")
        let e3 = try await failure("key_command_timeout = 1\nconto_org_key_command = [\"\(slow)\"]")
        XCTAssertEqual(e3?.message.hasSuffix("did not finish within 1 s"), true, "\(String(describing: e3))")
    }

    func testCommandSettingsAreChecked() throws {
        let cases = [
            ("conto_org_key_command = \"op read op://prod/conto\"", "must be an array"),
            ("conto_org_key_command = []", "must be an array"),
            ("conto_org_key_command = [\"echo\", \"conto_org_pasted_key_123\"]", "looks like a key"),
            ("conto_org_key_env = \"K\"\nconto_org_key_command = [\"op\"]", "not several"),
            ("conto_org_key_command = [\"op\"]\nkey_command_timeout = 0", "key_command_timeout must be"),
        ]
        for (body, expected) in cases {
            do {
                _ = try resolve(body)
                XCTFail("accepted: \(body)")
            } catch let error as ProfileError {
                XCTAssertTrue(error.message.contains(expected), "\(body): \(error.message)")
            }
        }
    }

    func testAStoreCommandReceivesTheSecretOnStandardInput() async throws {
        let stored = home.appendingPathComponent("stored").path
        let store = try script("store", "cat > '\(stored)'")
        let read = try script("op", "echo '\(sandbox.contoKey)'")
        let configuration = try resolve("conto_org_key_command = [\"\(read)\"]\nconto_org_key_store_command = [\"\(store)\", \"write\"]")
        let command = try XCTUnwrap(configuration.conto?.storeCommand)
        XCTAssertEqual(command.argv, [store, "write"])
        try await command.store("conto_org_rotated_0123456789")
        XCTAssertEqual(try String(contentsOfFile: stored, encoding: .utf8), "conto_org_rotated_0123456789\n")

        let failing = KeyCommand(argv: [try script("broken", "cat > /dev/null; exit 2")], origin: "profile 'prod': conto_org_key_store_command")
        do {
            try await failing.store("conto_org_rotated_0123456789")
            XCTFail("a failing store command must be reported")
        } catch let error as ProfileError {
            XCTAssertTrue(error.message.hasSuffix("exited with status 2"), error.message)
            XCTAssertFalse(error.message.contains("rotated_0123"))
        }
    }
}
