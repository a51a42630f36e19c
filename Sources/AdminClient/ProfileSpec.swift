import Foundation
import TOMLKit

/// One `[profiles.NAME]` table: where each platform is and where its keys come from.
///
/// Keys come from environment variables (`*_env`, naming the variable) or a key file
/// (`*_key_file`, mode 0600), never from the table itself. The Contio client ID is an
/// identifier, not a secret, so `contio_client_id` may also be given inline.
struct ProfileSpec {
    let name: String
    let path: String
    var settings: [String: String] = [:]
    var timeout: Double?
    var maxAttempts: Int?

    static let stringSettings: Set<String> = [
        "contio_url", "contio_api_key_env", "contio_client_id_env", "contio_client_id", "contio_key_file",
        "conto_url", "conto_org_key_env", "conto_key_file",
    ]
    static let numberSettings: Set<String> = ["timeout", "max_attempts"]
    /// Settings that would put a key in the file, and what to write instead.
    static let inlineKeySettings: [String: String] = [
        "contio_api_key": "contio_api_key_env or contio_key_file",
        "contio_key": "contio_api_key_env or contio_key_file",
        "contio_client_secret": "contio_api_key_env or contio_key_file",
        "conto_org_key": "conto_org_key_env or conto_key_file",
        "conto_org_api_key": "conto_org_key_env or conto_key_file",
        "conto_api_key": "conto_org_key_env or conto_key_file",
        "conto_key": "conto_org_key_env or conto_key_file",
        "api_key": "contio_api_key_env / conto_org_key_env or a *_key_file",
        "key": "contio_api_key_env / conto_org_key_env or a *_key_file",
    ]
    /// Prefixes of real keys: a value starting with one is a key pasted where a name belongs.
    static let keyPrefixes = ["conto_", "ctio_", "ck_", "cs_", "whs_", "sk_"]

    init(table: TOMLTable, name: String, path: String) throws {
        self.name = name
        self.path = path
        let here = "\(path): [profiles.\(name)]"
        for key in table.keys {
            if let instead = Self.inlineKeySettings[key] {
                throw ProfileError("\(here) holds a key inline ('\(key)'); keys never go in config.toml: use \(instead) (see docs/profiles.md)")
            }
            if Self.numberSettings.contains(key) {
                let value = table[key]
                if key == "max_attempts" {
                    let range = ClientConfiguration.maxAttemptsRange
                    guard let n = value?.int, range.contains(n) else {
                        throw ProfileError("\(here): max_attempts must be an integer from \(range.lowerBound) to \(range.upperBound)")
                    }
                    maxAttempts = n
                } else {
                    let range = ClientConfiguration.timeoutRange
                    guard let t = value?.double ?? value?.int.map(Double.init), range.contains(t) else {
                        throw ProfileError("\(here): timeout must be a number of seconds from \(range.lowerBound) to \(Int(range.upperBound))")
                    }
                    timeout = t
                }
                continue
            }
            guard Self.stringSettings.contains(key) else {
                let known = (Self.stringSettings.union(Self.numberSettings)).sorted().joined(separator: ", ")
                throw ProfileError("\(here): unknown setting '\(key)' (known: \(known))")
            }
            guard let value = table[key]?.string else { throw ProfileError("\(here): \(key) must be a string") }
            if key.hasSuffix("_env") {
                if Self.keyPrefixes.contains(where: value.hasPrefix) {
                    throw ProfileError("\(here): \(key) holds what looks like a key; it must name an environment variable that holds the key (keys never go in config.toml)")
                }
                guard Self.isVariableName(value) else {
                    throw ProfileError("\(here): \(key) must be an environment variable name (letters, digits, _)")
                }
            } else if key != "contio_url", key != "conto_url", key != "contio_key_file", key != "conto_key_file",
                      Self.keyPrefixes.contains(where: value.hasPrefix) {
                throw ProfileError("\(here): \(key) holds what looks like a key; keys never go in config.toml")
            }
            settings[key] = value
        }
        for platform in ["contio", "conto"] {
            let envName = platform == "contio" ? "contio_api_key_env" : "conto_org_key_env"
            if settings[envName] != nil, settings["\(platform)_key_file"] != nil {
                throw ProfileError("\(here): set either \(envName) or \(platform)_key_file, not both")
            }
        }
        if settings["contio_client_id_env"] != nil, settings["contio_client_id"] != nil {
            throw ProfileError("\(here): set either contio_client_id_env or contio_client_id, not both")
        }
        let usesContio = settings.keys.contains { $0.hasPrefix("contio_") }
        let usesConto = settings.keys.contains { $0.hasPrefix("conto_") }
        guard usesContio || usesConto else {
            throw ProfileError("\(here) configures neither contio nor conto (see docs/profiles.md)")
        }
    }

    /// Builds the client configuration, reading keys from the environment and key files.
    func configuration(environment: [String: String]) throws -> ClientConfiguration {
        let here = "profile '\(name)'"
        var configuration = ClientConfiguration()
        if let timeout { configuration.timeout = timeout }
        if let maxAttempts { configuration.retry.maxAttempts = maxAttempts }

        if settings.keys.contains(where: { $0.hasPrefix("contio_") }) {
            let file = try settings["contio_key_file"].map { try KeyFile.load(path: expand($0), setting: "\(here): contio_key_file") }
            let apiKey: String
            if let variable = settings["contio_api_key_env"] {
                apiKey = try read(variable, setting: "contio_api_key_env", environment)
            } else if let file {
                guard let key = file.value("CONTIO_API_KEY", bareAllowed: true) else {
                    throw ProfileError("\(here): contio_key_file has no CONTIO_API_KEY=... line")
                }
                apiKey = key
            } else {
                throw ProfileError("\(here): no Contio API key: set contio_api_key_env or contio_key_file")
            }
            let clientID: String
            if let variable = settings["contio_client_id_env"] {
                clientID = try read(variable, setting: "contio_client_id_env", environment)
            } else if let inline = settings["contio_client_id"] {
                clientID = inline
            } else if let id = file?.value("CONTIO_CLIENT_ID", bareAllowed: false) {
                clientID = id
            } else {
                throw ProfileError("\(here): no Contio client ID: set contio_client_id_env, contio_client_id, or a CONTIO_CLIENT_ID=... line in contio_key_file")
            }
            configuration.contio = Endpoint(baseURL: settings["contio_url"] ?? ProfileResolver.defaultContioURL,
                                            credentials: .contio(apiKey: apiKey, clientID: clientID))
        }
        if settings.keys.contains(where: { $0.hasPrefix("conto_") }) {
            let orgKey: String
            if let variable = settings["conto_org_key_env"] {
                orgKey = try read(variable, setting: "conto_org_key_env", environment)
            } else if let path = settings["conto_key_file"] {
                let file = try KeyFile.load(path: expand(path), setting: "\(here): conto_key_file")
                guard let key = file.value("CONTO_ORG_API_KEY", bareAllowed: true) else {
                    throw ProfileError("\(here): conto_key_file has no CONTO_ORG_API_KEY=... line")
                }
                orgKey = key
            } else {
                throw ProfileError("\(here): no Conto org key: set conto_org_key_env or conto_key_file")
            }
            configuration.conto = Endpoint(baseURL: settings["conto_url"] ?? ProfileResolver.defaultContoURL,
                                           credentials: .conto(orgKey: orgKey))
        }
        return configuration
    }

    private func read(_ variable: String, setting: String, _ environment: [String: String]) throws -> String {
        guard let value = environment[variable], !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProfileError("profile '\(name)': environment variable \(variable) (named by \(setting)) is not set")
        }
        return value
    }

    /// `~/x` → `$HOME/x`; a relative path is relative to the config file's directory.
    private func expand(_ file: String) -> String {
        if file.hasPrefix("~/") {
            return (NSHomeDirectory() as NSString).appendingPathComponent(String(file.dropFirst(2)))
        }
        if file.hasPrefix("/") { return file }
        return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file)
    }

    static func isVariableName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0)) }
    }
}
