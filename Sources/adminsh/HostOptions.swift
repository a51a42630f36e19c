import ArgumentParser
import Foundation
import LuaHost
import Shell

extension ResultFormat: ExpressibleByArgument {}

/// Options every way of running Lua shares.
struct HostOptions: ParsableArguments {
    @Option(name: .customLong("lib"), help: ArgumentHelp("Add a folder to the `require` search path (repeatable).", valueName: "DIR"))
    var libraryFolders: [String] = []

    @Option(help: ArgumentHelp("Memory Lua may use, e.g. 512M, 2G; 0 = unlimited.", valueName: "SIZE"))
    var memoryLimit: String = "1G"

    @Option(help: ArgumentHelp("Stop a chunk after this many Lua instructions (0 = no limit).", valueName: "N"))
    var instructionLimit: Int64 = 0

    @Option(help: ArgumentHelp("Stop a chunk after this many seconds (0 = no limit).", valueName: "SECONDS"))
    var timeLimit: Double = 0

    @Option(help: ArgumentHelp("Use this profile from config.toml (also ADMINSH_PROFILE); without one, the embedded sandbox.", valueName: "NAME"))
    var profile: String?

    @Option(help: ArgumentHelp("Embedded sandbox state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
    var db: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds each API request may take.", valueName: "SECONDS"))
    var requestTimeout: Double = 30

    @Flag(help: "No progress bars on stderr.")
    var quiet = false

    @Option(help: ArgumentHelp("How returned values print: text (the pretty printer) or json (one document per value).", valueName: "FORMAT"))
    var output: ResultFormat = .text

    /// Set by `adminsh test`: always the embedded sandbox, whatever the environment says.
    var forceSandbox = false

    /// `require`'s search list: --lib folders, ADMINSH_PATH, the stdlib, then ./recipes.
    var searchPath: [String] {
        LibraryPaths.searchPath(extra: libraryFolders) + (FileManager.default.fileExists(atPath: "recipes") ? ["recipes"] : [])
    }

    func validate() throws {
        guard LuaLimits.parseSize(memoryLimit) != nil else {
            throw ValidationError("--memory-limit: expected a size like 512M or 1G, got '\(memoryLimit)'")
        }
        guard instructionLimit >= 0, timeLimit >= 0 else { throw ValidationError("limits cannot be negative") }
    }

    var limits: LuaLimits {
        LuaLimits(memoryLimit: LuaLimits.parseSize(memoryLimit) ?? LuaLimits.defaultMemoryLimit,
                  instructionLimit: instructionLimit, timeLimit: timeLimit)
    }

    /// A Lua state with these limits and search paths.
    func makeState() throws -> LuaState {
        try LuaState(limits: limits, libraryPaths: searchPath)
    }
}
