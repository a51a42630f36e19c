import Foundation
import TOMLKit

/// Decides what adminsh connects to, from `--profile`, the environment and `config.toml`.
///
/// Order:
/// 1. A profile named by `--profile NAME` (the `profile` argument) or `ADMINSH_PROFILE` →
///    that profile of `$XDG_CONFIG_HOME/adminsh/config.toml` (fallback `~/.config/adminsh/config.toml`);
///    it must exist.
/// 2. Otherwise, any of `CONTIO_API_URL`, `CONTIO_API_KEY`, `CONTIO_CLIENT_ID`, `CONTO_API_URL`,
///    `CONTO_ORG_API_KEY` set → environment-only configuration, named `env`.
/// 3. Otherwise `default_profile` of the config file, if it names one.
/// 4. Otherwise nil: nothing is configured and the caller starts the embedded sandbox.
///
/// File format: docs/profiles.md. Keys never appear inline in the file.
public enum ProfileResolver {
    /// Environment variables of environment-only configuration (the vendors' own names).
    public static let environmentVariables = ["CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"]
    /// Production base URLs used when credentials are given without a URL.
    public static let defaultContioURL = "https://api.contio.ai"
    public static let defaultContoURL = "https://conto.finance"

    /// Resolves the connection; nil when nothing is configured.
    public static func resolve(profile: String?, environment: [String: String]) throws -> ResolvedConnection? {
        let selected = nonEmpty(profile) ?? nonEmpty(environment["ADMINSH_PROFILE"])
        if let selected {
            guard let path = configPath(environment: environment), FileManager.default.fileExists(atPath: path) else {
                let shown = configPath(environment: environment) ?? "$XDG_CONFIG_HOME/adminsh/config.toml"
                throw ProfileError("profile '\(selected)' was requested but \(shown) does not exist (see docs/profiles.md)")
            }
            let file = try ConfigFile.load(path: path)
            return try connection(named: selected, in: file, environment: environment)
        }
        if environmentVariables.contains(where: { nonEmpty(environment[$0]) != nil }) {
            return ResolvedConnection(name: "env", configuration: try environmentConfiguration(environment))
        }
        if let path = configPath(environment: environment), FileManager.default.fileExists(atPath: path) {
            let file = try ConfigFile.load(path: path)
            if let name = file.defaultProfile {
                return try connection(named: name, in: file, environment: environment)
            }
        }
        return nil
    }

    /// `$XDG_CONFIG_HOME/adminsh/config.toml`, else `$HOME/.config/adminsh/config.toml`.
    public static func configPath(environment: [String: String]) -> String? {
        if let xdg = nonEmpty(environment["XDG_CONFIG_HOME"]), xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("adminsh/config.toml")
        }
        guard let home = nonEmpty(environment["HOME"]) else { return nil }
        return (home as NSString).appendingPathComponent(".config/adminsh/config.toml")
    }

    // MARK: - Environment-only configuration

    static func environmentConfiguration(_ env: [String: String]) throws -> ClientConfiguration {
        var configuration = ClientConfiguration()
        let contioKey = nonEmpty(env["CONTIO_API_KEY"]), contioClient = nonEmpty(env["CONTIO_CLIENT_ID"])
        if contioKey != nil || contioClient != nil || nonEmpty(env["CONTIO_API_URL"]) != nil {
            guard let contioKey else { throw ProfileError("CONTIO_API_KEY is not set (CONTIO_API_URL or CONTIO_CLIENT_ID is)") }
            guard let contioClient else { throw ProfileError("CONTIO_CLIENT_ID is not set (CONTIO_API_KEY is)") }
            configuration.contio = Endpoint(baseURL: nonEmpty(env["CONTIO_API_URL"]) ?? defaultContioURL,
                                            credentials: .contio(apiKey: contioKey, clientID: contioClient))
        }
        let contoKey = nonEmpty(env["CONTO_ORG_API_KEY"])
        if contoKey != nil || nonEmpty(env["CONTO_API_URL"]) != nil {
            guard let contoKey else { throw ProfileError("CONTO_ORG_API_KEY is not set (CONTO_API_URL is)") }
            configuration.conto = Endpoint(baseURL: nonEmpty(env["CONTO_API_URL"]) ?? defaultContoURL, credentials: .conto(orgKey: contoKey))
        }
        return configuration
    }

    // MARK: - Profiles

    static func connection(named name: String, in file: ConfigFile, environment: [String: String]) throws -> ResolvedConnection {
        guard let profile = file.profiles[name] else {
            let known = file.profiles.keys.sorted()
            throw ProfileError("no profile '\(name)' in \(file.path)" + (known.isEmpty ? " (it defines none)" : "; profiles: \(known.joined(separator: ", "))"))
        }
        return try profile.connection(environment: environment)
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return s
    }
}
