import Foundation
import TOMLKit

/// `config.toml`: `default_profile` and `[profiles.NAME]` tables, validated strictly (unknown
/// settings and inline keys are errors, so a typo never silently drops a setting).
struct ConfigFile {
    let path: String
    let defaultProfile: String?
    let profiles: [String: ProfileSpec]

    static let topLevelSettings: Set<String> = ["default_profile", "profiles"]

    static func load(path: String) throws -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProfileError("cannot read \(path)")
        }
        try TOMLPrecheck.check(Array(data), path: path)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: String(decoding: data, as: UTF8.self))
        } catch let error as TOMLParseError {
            throw ProfileError("\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch {
            throw ProfileError("\(path): not valid TOML")
        }
        return try parse(table, path: path)
    }

    static func parse(_ table: TOMLTable, path: String) throws -> ConfigFile {
        for key in table.keys where !topLevelSettings.contains(key) {
            throw ProfileError("\(path): unknown setting '\(key)' (expected default_profile or [profiles.NAME] tables)")
        }
        var defaultProfile: String?
        if let value = table["default_profile"] {
            guard let s = value.string else { throw ProfileError("\(path): default_profile must be a string") }
            defaultProfile = s
        }
        var profiles: [String: ProfileSpec] = [:]
        if let value = table["profiles"] {
            guard let all = value.table else { throw ProfileError("\(path): 'profiles' must be a table of [profiles.NAME] tables") }
            for name in all.keys {
                guard let profileTable = all[name]?.table else {
                    throw ProfileError("\(path): profiles.\(name) must be a table ([profiles.\(name)])")
                }
                profiles[name] = try ProfileSpec(table: profileTable, name: name, path: path)
            }
        }
        if let defaultProfile, profiles[defaultProfile] == nil {
            throw ProfileError("\(path): default_profile '\(defaultProfile)' is not defined")
        }
        return ConfigFile(path: path, defaultProfile: defaultProfile, profiles: profiles)
    }
}
