import Foundation
import TOMLKit

/// One `[profiles.NAME]` table: where each platform is and where its keys come from.
///
/// Keys come from environment variables (`*_env`, naming the variable), a key file
/// (`*_key_file`, mode 0600) or a secrets-manager command (`*_command`, an argv array run on the
/// first request), never from the table itself. The Contio client ID is an identifier, not a
/// secret, so `contio_client_id` may also be given inline.
struct ProfileSpec {
    let name: String
    let path: String
    var settings: [String: String] = [:]
    var timeout: Double?
    var maxAttempts: Int?
    /// `*_command` settings: argv arrays.
    var commands: [String: [String]] = [:]
    var keyCommandTimeout: Double?
    /// `read_only = true`: every mutating call is refused before it is sent.
    var readOnly = false
    /// `color`, `label`, `confirm`: how the prompt shows the profile and which calls ask first.
    var color: String?
    var label: String?
    var confirm: ResolvedConnection.ConfirmPolicy = .destructive

    /// The prompt colours a profile may name (the shell maps them to terminal colours).
    static let colors = ["red", "green", "yellow", "blue", "magenta", "cyan", "white"]
    /// Longest `label`: it sits in every prompt.
    static let labelLimit = 32

    static let stringSettings: Set<String> = [
        "contio_url", "contio_api_key_env", "contio_client_id_env", "contio_client_id", "contio_key_file",
        "conto_url", "conto_org_key_env", "conto_key_file",
    ]
    static let numberSettings: Set<String> = ["timeout", "max_attempts", "key_command_timeout"]
    /// Commands that print a key (run once a session, on the first request) or store a rotated one.
    static let commandSettings: Set<String> = [
        "contio_api_key_command", "contio_client_id_command", "conto_org_key_command",
        "contio_api_key_store_command", "conto_org_key_store_command",
    ]
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
            if key == "read_only" {
                guard let flag = table[key]?.bool else { throw ProfileError("\(here): read_only must be true or false") }
                readOnly = flag
                continue
            }
            if ["color", "label", "confirm"].contains(key) {
                try readPromptSetting(key, table[key]?.string, here: here)
                continue
            }
            if Self.commandSettings.contains(key) {
                guard let array = table[key]?.array, !array.isEmpty else {
                    throw ProfileError("\(here): \(key) must be an array: the program and its arguments, e.g. [\"op\", \"read\", \"op://vault/item\"]")
                }
                var argv: [String] = []
                for element in array {
                    guard let text = element.string, !text.isEmpty else {
                        throw ProfileError("\(here): \(key) must hold non-empty strings only")
                    }
                    argv.append(text)
                }
                if argv.contains(where: { arg in Self.keyPrefixes.contains(where: arg.hasPrefix) }) {
                    throw ProfileError("\(here): \(key) holds what looks like a key; keys never go in config.toml")
                }
                commands[key] = argv
                continue
            }
            if Self.numberSettings.contains(key) {
                let value = table[key]
                if key == "key_command_timeout" {
                    let range = KeyCommand.timeoutRange
                    guard let t = value?.double ?? value?.int.map(Double.init), range.contains(t) else {
                        throw ProfileError("\(here): key_command_timeout must be a number of seconds from \(Int(range.lowerBound)) to \(Int(range.upperBound))")
                    }
                    keyCommandTimeout = t
                } else if key == "max_attempts" {
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
                let known = (Self.stringSettings.union(Self.numberSettings).union(Self.commandSettings).union(["read_only", "color", "label", "confirm"])).sorted().joined(separator: ", ")
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
            let commandName = platform == "contio" ? "contio_api_key_command" : "conto_org_key_command"
            let sources = [envName, "\(platform)_key_file", commandName].filter { settings[$0] != nil || commands[$0] != nil }
            if sources.count > 1 {
                throw ProfileError("\(here): set one of \(sources.joined(separator: ", ")), not several")
            }
        }
        let clientIDSources = ["contio_client_id_env", "contio_client_id", "contio_client_id_command"]
            .filter { settings[$0] != nil || commands[$0] != nil }
        if clientIDSources.count > 1 {
            throw ProfileError("\(here): set one of \(clientIDSources.joined(separator: ", ")), not several")
        }
        let usesContio = (Array(settings.keys) + commands.keys).contains { $0.hasPrefix("contio_") }
        let usesConto = (Array(settings.keys) + commands.keys).contains { $0.hasPrefix("conto_") }
        guard usesContio || usesConto else {
            throw ProfileError("\(here) configures neither contio nor conto (see docs/profiles.md)")
        }
    }

    /// `color` (one of `colors`), `label` (printable, at most `labelLimit` characters) and
    /// `confirm` (a `ConfirmPolicy`); anything else is refused with the values allowed.
    private mutating func readPromptSetting(_ key: String, _ value: String?, here: String) throws {
        guard let text = value else { throw ProfileError("\(here): \(key) must be a string") }
        switch key {
        case "color":
            guard Self.colors.contains(text) else {
                throw ProfileError("\(here): color must be one of \(Self.colors.joined(separator: ", ")) (got '\(text)')")
            }
            color = text
        case "label":
            let printable = text.unicodeScalars.allSatisfy { !CharacterSet.controlCharacters.contains($0) }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty, printable, text.count <= Self.labelLimit else {
                throw ProfileError("\(here): label must be printable text of 1 to \(Self.labelLimit) characters")
            }
            label = text
        default:
            guard let policy = ResolvedConnection.ConfirmPolicy(rawValue: text) else {
                let allowed = ResolvedConnection.ConfirmPolicy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw ProfileError("\(here): confirm must be one of \(allowed) (got '\(text)')")
            }
            confirm = policy
        }
    }

    /// The resolved connection: the client configuration and how the prompt treats the profile.
    func connection(environment: [String: String]) throws -> ResolvedConnection {
        ResolvedConnection(name: name, configuration: try configuration(environment: environment),
                           color: color, label: label, confirm: confirm)
    }

    /// A key known now, or the command that prints it on the first request.
    enum KeySource: Sendable {
        case value(String)
        case command(KeyCommand)

        var now: String? { if case .value(let v) = self { return v } else { return nil } }

        func resolve() async throws -> String {
            switch self {
            case .value(let v): return v
            case .command(let c): return try await c.read()
            }
        }
    }

    /// Builds the client configuration, reading keys from the environment and key files; keys
    /// from commands are read on the first request.
    func configuration(environment: [String: String]) throws -> ClientConfiguration {
        let here = "profile '\(name)'"
        var configuration = ClientConfiguration()
        if let timeout { configuration.timeout = timeout }
        if let maxAttempts { configuration.retry.maxAttempts = maxAttempts }
        if readOnly { configuration.readOnly = "profile '\(name)' is read-only (read_only = true)" }

        let usesContio = (Array(settings.keys) + commands.keys).contains { $0.hasPrefix("contio_") }
        let usesConto = (Array(settings.keys) + commands.keys).contains { $0.hasPrefix("conto_") }
        if usesContio {
            let file = try settings["contio_key_file"].map { try KeyFile.load(path: expand($0), setting: "\(here): contio_key_file") }
            let apiKey: KeySource
            let origin: KeyOrigin
            if let variable = settings["contio_api_key_env"] {
                apiKey = .value(try read(variable, setting: "contio_api_key_env", environment))
                origin = .environment(variable: variable)
            } else if let file, let path = settings["contio_key_file"] {
                guard let key = file.value("CONTIO_API_KEY", bareAllowed: true) else {
                    throw ProfileError("\(here): contio_key_file has no CONTIO_API_KEY=... line")
                }
                apiKey = .value(key)
                origin = .keyFile(path: expand(path), name: file.values["CONTIO_API_KEY"] == nil ? nil : "CONTIO_API_KEY")
                KeyFile.removeStalePrevious(of: expand(path))
            } else if let command = command("contio_api_key_command") {
                apiKey = .command(command)
                origin = .command(store: self.command("contio_api_key_store_command"))
            } else {
                throw ProfileError("\(here): no Contio API key: set contio_api_key_env, contio_key_file or contio_api_key_command")
            }
            let clientID: KeySource
            if let variable = settings["contio_client_id_env"] {
                clientID = .value(try read(variable, setting: "contio_client_id_env", environment))
            } else if let inline = settings["contio_client_id"] {
                clientID = .value(inline)
            } else if let id = file?.value("CONTIO_CLIENT_ID", bareAllowed: false) {
                clientID = .value(id)
            } else if let command = command("contio_client_id_command") {
                clientID = .command(command)
            } else {
                throw ProfileError("\(here): no Contio client ID: set contio_client_id_env, contio_client_id, contio_client_id_command, or a CONTIO_CLIENT_ID=... line in contio_key_file")
            }
            var endpoint = Endpoint(baseURL: settings["contio_url"] ?? ProfileResolver.defaultContioURL,
                                    credentials: .contio(apiKey: apiKey.now ?? "", clientID: clientID.now ?? ""))
            if apiKey.now == nil || clientID.now == nil {
                endpoint.deferredCredentials = DeferredCredentials {
                    .contio(apiKey: try await apiKey.resolve(), clientID: try await clientID.resolve())
                }
            }
            endpoint.storeCommand = command("contio_api_key_store_command")
            endpoint.keyOrigin = origin
            configuration.contio = endpoint
        }
        if usesConto {
            let orgKey: KeySource
            if let variable = settings["conto_org_key_env"] {
                orgKey = .value(try read(variable, setting: "conto_org_key_env", environment))
            } else if let path = settings["conto_key_file"] {
                let file = try KeyFile.load(path: expand(path), setting: "\(here): conto_key_file")
                guard let key = file.value("CONTO_ORG_API_KEY", bareAllowed: true) else {
                    throw ProfileError("\(here): conto_key_file has no CONTO_ORG_API_KEY=... line")
                }
                orgKey = .value(key)
            } else if let command = command("conto_org_key_command") {
                orgKey = .command(command)
            } else {
                throw ProfileError("\(here): no Conto org key: set conto_org_key_env, conto_key_file or conto_org_key_command")
            }
            var endpoint = Endpoint(baseURL: settings["conto_url"] ?? ProfileResolver.defaultContoURL,
                                    credentials: .conto(orgKey: orgKey.now ?? ""))
            if case .command = orgKey {
                endpoint.deferredCredentials = DeferredCredentials { .conto(orgKey: try await orgKey.resolve()) }
            }
            endpoint.storeCommand = command("conto_org_key_store_command")
            configuration.conto = endpoint
        }
        return configuration
    }

    /// The command of `setting`, if the profile has one.
    private func command(_ setting: String) -> KeyCommand? {
        commands[setting].map { KeyCommand(argv: $0, origin: "profile '\(name)': \(setting)", timeout: keyCommandTimeout ?? KeyCommand.defaultTimeout) }
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
