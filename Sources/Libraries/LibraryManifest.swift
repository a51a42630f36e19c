import Foundation
import TOMLKit

/// `adminsh-lib.toml`: what a library is and what it may call.
///
/// ```toml
/// name = "acme"                      # the Lua module prefix: modules are acme/*.lua
/// version = "1.1.0"
/// description = "Acme's onboarding recipes"
/// adminsh = ">=0.1"                  # the adminsh versions it works with
/// capabilities = ["conto.agents.*", "contio.getCredentialStatus"]
///
/// [modules."acme.audit"]             # optional: one module allowed less than the library
/// capabilities = ["conto.agents.list"]
/// ```
public struct LibraryManifest: Sendable, Equatable {
    public static let fileName = "adminsh-lib.toml"

    public let name: String
    public let version: SemanticVersion
    public let description: String
    public let adminsh: VersionRequirement
    public let capabilities: Capabilities
    /// Per-module narrowing, by module name (each a subset of `capabilities`).
    public let moduleCapabilities: [String: Capabilities]

    static let fields: Set<String> = ["name", "version", "description", "adminsh", "capabilities", "modules"]

    /// Reads `DIR/adminsh-lib.toml`.
    public static func read(inDirectory directory: String) throws -> LibraryManifest {
        let path = (directory as NSString).appendingPathComponent(fileName)
        return try LibraryManifest(table: TOMLDocument.read(path), path: path)
    }

    /// Whether `directory` holds a manifest.
    public static func exists(inDirectory directory: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(fileName))
    }

    init(table: TOMLTable, path: String) throws {
        for key in table.keys where !LibraryManifest.fields.contains(key) {
            throw LibraryError("\(path): unknown field '\(key)' (expected \(LibraryManifest.fields.sorted().joined(separator: ", ")))")
        }
        guard let name = try TOMLDocument.string(table["name"], field: "name", in: path) else {
            throw LibraryError("\(path): name is required (the library's Lua module prefix, like \"acme\")")
        }
        guard LibraryManifest.isValidName(name) else {
            throw LibraryError("\(path): name '\(name)' must be a Lua identifier (letters, digits, _; not starting with a digit)")
        }
        guard name != "adminsh" else { throw LibraryError("\(path): the name adminsh is reserved for the stdlib") }
        guard let versionText = try TOMLDocument.string(table["version"], field: "version", in: path) else {
            throw LibraryError("\(path): version is required (semver, like \"1.0.0\")")
        }
        guard let version = SemanticVersion(versionText) else {
            throw LibraryError("\(path): version '\(versionText)' is not a semantic version (like 1.0.0)")
        }
        let adminshText = try TOMLDocument.string(table["adminsh"], field: "adminsh", in: path) ?? "*"
        let adminsh: VersionRequirement
        do { adminsh = try VersionRequirement(adminshText) } catch { throw LibraryError("\(path): adminsh: \(error)") }
        let declared: Capabilities
        do { declared = try Capabilities(TOMLDocument.strings(table["capabilities"], field: "capabilities", in: path) ?? []) }
        catch let e as LibraryError where !e.message.hasPrefix(path) { throw LibraryError("\(path): \(e.message)") }
        var perModule: [String: Capabilities] = [:]
        if let modules = table["modules"] {
            guard let modulesTable = modules.table else { throw LibraryError("\(path): modules must be a table of [modules.\"\(name).x\"] tables") }
            for module in modulesTable.keys {
                guard module == name || module.hasPrefix(name + ".") else {
                    throw LibraryError("\(path): modules.\"\(module)\" is not under the prefix \(name).")
                }
                guard let entry = modulesTable[module]?.table else { throw LibraryError("\(path): modules.\"\(module)\" must be a table") }
                for key in entry.keys where key != "capabilities" {
                    throw LibraryError("\(path): modules.\"\(module)\": unknown field '\(key)' (expected capabilities)")
                }
                let narrowed: Capabilities
                do { narrowed = try Capabilities(TOMLDocument.strings(entry["capabilities"], field: "modules.\"\(module)\".capabilities", in: path) ?? []) }
                catch let e as LibraryError where !e.message.hasPrefix(path) { throw LibraryError("\(path): \(e.message)") }
                let beyond = declared.widening(to: narrowed)
                guard beyond.isEmpty else {
                    throw LibraryError("\(path): modules.\"\(module)\" may only narrow the library's capabilities; not declared for the library: \(beyond.joined(separator: ", "))")
                }
                perModule[module] = narrowed
            }
        }
        self.name = name
        self.version = version
        self.description = try TOMLDocument.string(table["description"], field: "description", in: path) ?? ""
        self.adminsh = adminsh
        self.capabilities = declared
        self.moduleCapabilities = perModule
    }

    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// Fails unless this adminsh version is one the library says it works with.
    public func checkCompatible(with adminshVersion: String) throws {
        guard let running = SemanticVersion(adminshVersion), !adminsh.matches(running) else { return }
        throw LibraryError("library \(name) \(version) needs adminsh \(adminsh), this is adminsh \(adminshVersion)")
    }
}
