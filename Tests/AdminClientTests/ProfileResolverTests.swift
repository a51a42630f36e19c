import AdminClient
import Foundation
import XCTest

/// Profile selection from the environment and `config.toml`, and the refusals that keep keys
/// out of shared files.
final class ProfileResolverTests: XCTestCase {
    var home: URL!
    var configDirectory: URL { home.appendingPathComponent("config/adminsh") }

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("adminsh-profiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: configDirectory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: home)
    }

    /// An environment whose config directory is the temporary one.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path, "HOME": home.path].merging(extra) { _, new in new }
    }

    func writeConfig(_ text: String) throws {
        try text.write(to: configDirectory.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
    }

    func writeKeyFile(_ name: String, _ text: String, mode: Int) throws -> String {
        let path = configDirectory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    func profileError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            try body()
            XCTFail("expected a ProfileError", file: file, line: line)
        } catch let error as ProfileError {
            return error.message
        } catch {
            XCTFail("expected a ProfileError, got \(error)", file: file, line: line)
        }
        return ""
    }

    // MARK: nothing configured

    func testNothingConfiguredResolvesToNil() throws {
        XCTAssertNil(try ProfileResolver.resolve(profile: nil, environment: environment()))
    }

    func testAFileWithoutDefaultProfileStillMeansSandbox() throws {
        try writeConfig("""
            [profiles.staging]
            conto_url = "https://conto.example.com"
            conto_org_key_env = "STAGING_CONTO_KEY"
            """)
        XCTAssertNil(try ProfileResolver.resolve(profile: nil, environment: environment()))
    }

    // MARK: environment only

    func testEnvironmentOnlyConfiguration() throws {
        let resolved = try XCTUnwrap(try ProfileResolver.resolve(profile: nil, environment: environment([
            "CONTIO_API_URL": "http://127.0.0.1:8787", "CONTIO_API_KEY": "ctio_env_key", "CONTIO_CLIENT_ID": "partner_env",
            "CONTO_API_URL": "http://127.0.0.1:8787", "CONTO_ORG_API_KEY": "conto_org_env_key",
        ])))
        XCTAssertEqual(resolved.name, "env")
        XCTAssertEqual(resolved.configuration.contio?.baseURL, "http://127.0.0.1:8787")
        guard case .contio(let key, let client)? = resolved.configuration.contio?.credentials else { return XCTFail("no contio credentials") }
        XCTAssertEqual(key, "ctio_env_key")
        XCTAssertEqual(client, "partner_env")
        guard case .conto(let org)? = resolved.configuration.conto?.credentials else { return XCTFail("no conto credentials") }
        XCTAssertEqual(org, "conto_org_env_key")
        XCTAssertFalse(String(describing: resolved).contains("conto_org_env_key"), "descriptions are redacted")
        XCTAssertFalse(String(describing: resolved).contains("ctio_env_key"))
    }

    func testEnvironmentKeyWithoutURLUsesTheVendorDefault() throws {
        let resolved = try XCTUnwrap(try ProfileResolver.resolve(profile: nil, environment: environment(["CONTO_ORG_API_KEY": "conto_org_x"])))
        XCTAssertEqual(resolved.configuration.conto?.baseURL, "https://conto.finance")
        XCTAssertNil(resolved.configuration.contio)
    }

    func testPartialContioEnvironmentNamesTheMissingVariable() {
        let message = profileError {
            _ = try ProfileResolver.resolve(profile: nil, environment: environment(["CONTIO_API_KEY": "ctio_secret_value"]))
        }
        XCTAssertTrue(message.contains("CONTIO_CLIENT_ID"), message)
        XCTAssertFalse(message.contains("ctio_secret_value"))
    }

    // MARK: profiles

    func testProfileWithEnvironmentVariableNames() throws {
        try writeConfig("""
            [profiles.staging]
            contio_url = "https://contio.staging.example.com"
            contio_api_key_env = "STAGING_CONTIO_KEY"
            contio_client_id_env = "STAGING_CONTIO_CLIENT"
            conto_url = "https://conto.staging.example.com"
            conto_org_key_env = "STAGING_CONTO_KEY"
            timeout = 12
            max_attempts = 2
            """)
        let env = environment(["STAGING_CONTIO_KEY": "ctio_staging", "STAGING_CONTIO_CLIENT": "partner_staging",
                               "STAGING_CONTO_KEY": "conto_org_staging"])
        let resolved = try XCTUnwrap(try ProfileResolver.resolve(profile: "staging", environment: env))
        XCTAssertEqual(resolved.name, "staging")
        XCTAssertEqual(resolved.configuration.contio?.baseURL, "https://contio.staging.example.com")
        guard case .contio(let key, let client)? = resolved.configuration.contio?.credentials else { return XCTFail("no contio") }
        XCTAssertEqual(key, "ctio_staging")
        XCTAssertEqual(client, "partner_staging")
        guard case .conto(let org)? = resolved.configuration.conto?.credentials else { return XCTFail("no conto") }
        XCTAssertEqual(org, "conto_org_staging")
        XCTAssertEqual(resolved.configuration.timeout, 12)
        XCTAssertEqual(resolved.configuration.retry.maxAttempts, 2)
    }

    func testProfileSelectionByEnvironmentAndFlag() throws {
        try writeConfig("""
            default_profile = "a"
            [profiles.a]
            conto_url = "https://a.example.com"
            conto_org_key_env = "KEY_A"
            [profiles.b]
            conto_url = "https://b.example.com"
            conto_org_key_env = "KEY_B"
            """)
        let env = environment(["KEY_A": "conto_org_a", "KEY_B": "conto_org_b"])
        XCTAssertEqual(try ProfileResolver.resolve(profile: nil, environment: env)?.name, "a", "default_profile")
        XCTAssertEqual(try ProfileResolver.resolve(profile: nil, environment: env.merging(["ADMINSH_PROFILE": "b"]) { $1 })?.name, "b")
        XCTAssertEqual(try ProfileResolver.resolve(profile: "a", environment: env.merging(["ADMINSH_PROFILE": "b"]) { $1 })?.name, "a",
                       "--profile wins over ADMINSH_PROFILE")
    }

    func testUnknownProfileListsTheKnownOnes() throws {
        try writeConfig("""
            [profiles.prod]
            conto_org_key_env = "PROD_KEY"
            """)
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prdo", environment: environment()) }
        XCTAssertTrue(message.contains("prdo") && message.contains("prod"), message)
    }

    func testMissingEnvironmentVariableIsNamed() throws {
        try writeConfig("""
            [profiles.prod]
            conto_org_key_env = "PROD_CONTO_KEY"
            """)
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment()) }
        XCTAssertTrue(message.contains("PROD_CONTO_KEY"), message)
    }

    // MARK: key files

    func testPrivateKeyFilesAreAccepted() throws {
        let contio = try writeKeyFile("contio.keys", "# prod partner app\nCONTIO_API_KEY=ctio_from_file\nCONTIO_CLIENT_ID=partner_from_file\n", mode: 0o600)
        _ = try writeKeyFile("conto.key", "conto_org_from_file\n", mode: 0o600)
        try writeConfig("""
            [profiles.prod]
            contio_url = "https://api.contio.ai"
            contio_key_file = "\(contio)"
            conto_key_file = "conto.key"
            """)
        let resolved = try XCTUnwrap(try ProfileResolver.resolve(profile: "prod", environment: environment()))
        guard case .contio(let key, let client)? = resolved.configuration.contio?.credentials else { return XCTFail("no contio") }
        XCTAssertEqual(key, "ctio_from_file")
        XCTAssertEqual(client, "partner_from_file")
        guard case .conto(let org)? = resolved.configuration.conto?.credentials else { return XCTFail("no conto") }
        XCTAssertEqual(org, "conto_org_from_file", "a bare key file, relative to the config directory")
        XCTAssertEqual(resolved.configuration.conto?.baseURL, "https://conto.finance")
    }

    func testGroupOrWorldReadableKeyFileIsRefused() throws {
        let path = try writeKeyFile("conto.key", "conto_org_leaky\n", mode: 0o644)
        try writeConfig("""
            [profiles.prod]
            conto_key_file = "\(path)"
            """)
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment()) }
        XCTAssertTrue(message.contains("chmod 600"), message)
        XCTAssertTrue(message.contains("644"), message)
        XCTAssertFalse(message.contains("conto_org_leaky"))
    }

    // MARK: keys never inline

    func testInlineKeyIsRefused() throws {
        try writeConfig("""
            [profiles.prod]
            conto_url = "https://conto.finance"
            conto_org_key = "conto_org_inline_secret"
            """)
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment()) }
        XCTAssertTrue(message.contains("inline") && message.contains("conto_org_key_env"), message)
        XCTAssertFalse(message.contains("conto_org_inline_secret"))
    }

    func testKeyPastedIntoAnEnvSettingIsRefused() throws {
        try writeConfig("""
            [profiles.prod]
            contio_api_key_env = "ctio_pasted_secret"
            contio_client_id = "partner_1"
            """)
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment()) }
        XCTAssertTrue(message.contains("contio_api_key_env"), message)
        XCTAssertFalse(message.contains("ctio_pasted_secret"))
    }

    func testUnknownSettingIsAnError() throws {
        try writeConfig("""
            [profiles.prod]
            conto_ulr = "https://conto.finance"
            conto_org_key_env = "K"
            """)
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment(["K": "conto_org_k"])) }
        XCTAssertTrue(message.contains("conto_ulr"), message)
    }

    func testMalformedTOMLNamesTheFile() throws {
        try writeConfig("[profiles.prod\nconto_url = ")
        let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment()) }
        XCTAssertTrue(message.contains("config.toml"), message)
    }

    func testOutOfRangeNumbersAreRefusedNamingTheSettingAndItsRange() throws {
        for (setting, value) in [("timeout", "1e10"), ("timeout", "inf"), ("timeout", "0"), ("timeout", "-1"),
                                 ("max_attempts", "0"), ("max_attempts", "1000000")] {
            try writeConfig("""
                [profiles.prod]
                conto_url = "https://conto.finance"
                conto_org_key_env = "K"
                \(setting) = \(value)
                """)
            let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment(["K": "conto_org_k"])) }
            let range = setting == "timeout" ? "from 0.1 to 3600" : "from 1 to 20"
            XCTAssertTrue(message.contains("\(setting) must be") && message.contains(range), "\(setting) = \(value): \(message)")
        }
        try writeConfig("""
            [profiles.prod]
            conto_url = "https://conto.finance"
            conto_org_key_env = "K"
            timeout = 90
            max_attempts = 3
            """)
        let resolved = try XCTUnwrap(try ProfileResolver.resolve(profile: "prod", environment: environment(["K": "conto_org_k"])))
        XCTAssertEqual(resolved.configuration.timeout, 90)
        XCTAssertEqual(resolved.configuration.retry.maxAttempts, 3)
    }

    func testMalformedTOMLThatAbortedTheParserIsAnErrorWithItsPlace() throws {
        // Each of these made the TOML parser's own assertions abort the process (found by
        // scripts/fuzz toml-profile); now each is a ProfileError naming the file, line and column.
        for (text, place) in [("[é]\n", ":1:2:"), ("[,]\n", ":1:2:"), ("[profiles.prod]\nconto_url = [[}\n", ":2:15:"),
                              ("[profiles.prod]\nconto_url = \"a\n", ":2:15:"), ("[profiles.prod]\nt = 1979-05-27\n", ":2:9:")] {
            try writeConfig(text)
            let message = profileError { _ = try ProfileResolver.resolve(profile: "prod", environment: environment()) }
            XCTAssertTrue(message.contains("config.toml" + place), "\(text.debugDescription): \(message)")
        }
    }

    func testEveryTOMLFormAProfileUsesStillReads() throws {
        try writeConfig("""
            # adminsh profiles
            default_profile = 'prod'   # the one used without --profile

            [profiles."prod"]
            conto_url = "https://conto.finance"
            conto_org_key_env = "K"
            timeout = 1_0.5e1
            max_attempts = 0x3

            [profiles.staging]
            contio_url = \"\"\"https://api.contio.ai\"\"\"
            contio_api_key_env = 'CONTIO_KEY'
            contio_client_id = "partner\\u005f1"
            """)
        let resolved = try XCTUnwrap(try ProfileResolver.resolve(profile: nil, environment: environment(["K": "conto_org_k"])))
        XCTAssertEqual(resolved.name, "prod")
        XCTAssertEqual(resolved.configuration.timeout, 105)
        XCTAssertEqual(resolved.configuration.retry.maxAttempts, 3)
    }
}
