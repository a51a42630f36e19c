import AdminClient
import ArgumentParser
import Bindings
import Foundation
import LuaHost
import Shell

extension ResultFormat: ExpressibleByArgument {}

/// Options every way of running Lua shares.
struct HostOptions: ParsableArguments {
    @Option(name: .customLong("lib"), help: ArgumentHelp("Add a folder to the `require` search path (repeatable).", valueName: "DIR"))
    var libraryFolders: [String] = []

    @Option(help: ArgumentHelp("Memory Lua may use, e.g. 512M, 2G: 8M to 1024G, or 0 = unlimited.", valueName: "SIZE"))
    var memoryLimit: String = "1G"

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop a chunk after this many Lua instructions: 10000 to 10^15, or 0 = no limit.", valueName: "N"))
    var instructionLimit: Int64 = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop a chunk after this many seconds: 0.1 to 604800 (7 days), or 0 = no limit.", valueName: "SECONDS"))
    var timeLimit: Double = 0

    @Option(help: ArgumentHelp("Use this profile from config.toml (also ADMINSH_PROFILE); without one, the embedded sandbox.", valueName: "NAME"))
    var profile: String?

    @Option(help: ArgumentHelp("Embedded sandbox state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
    var db: String?

    @Option(name: .customLong("timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds each API request may take: 0.1 to 3600 (default: the profile's timeout, else 30).", valueName: "SECONDS"))
    var requestTimeout: Double?

    @Flag(name: .customLong("read-only"), help: "Refuse every call that would change something, before it is sent (READ_ONLY_PROFILE).")
    var readOnly = false

    @Flag(help: "No progress bars or spinners on stderr (retries and rate-limit pacing are still said).")
    var quiet = false

    @Option(help: ArgumentHelp("How returned values print: text (the pretty printer), json (one document; several values make one array) or csv (returned records or a list reply). With json or csv, stdout carries only the data: print() writes to stderr.", valueName: "FORMAT"))
    var output: ResultFormat = .text

    @Option(help: ArgumentHelp("The columns of --output csv, in order (default: every column, the resource's own first).", valueName: "NAME,NAME,..."))
    var columns: String?

    @Flag(help: "Write secret values in full (tostring() too), for scripts that hand a new key to a secrets manager; a warning goes to stderr. Otherwise they stay redacted.")
    var revealSecrets = false

    /// Set by `adminsh test`: always the embedded sandbox, whatever the environment says.
    var forceSandbox = false
    /// Set by a rehearsal: the clone's embedded sandbox, but not a test session (the capability
    /// guard treats the recipe as it would on the profile).
    var rehearsalClone = false

    /// `require`'s search list: --lib folders, ADMINSH_PATH, the stdlib, then ./recipes.
    var searchPath: [String] {
        LibraryPaths.searchPath(extra: libraryFolders) + (FileManager.default.fileExists(atPath: "recipes") ? ["recipes"] : [])
    }

    // The numeric options parse unconditionally so `--timeout -1` reaches the range check.

    /// Out-of-range values are usage errors (exit 64) that name the option and its range.
    func validate() throws {
        let memoryRange = LuaLimits.memoryLimitRange
        guard let bytes = LuaLimits.parseSize(memoryLimit), bytes == 0 || memoryRange.contains(bytes) else {
            throw ValidationError("--memory-limit must be a size from 8M to 1024G (like 512M or 2G), or 0 for no limit; got '\(memoryLimit)'")
        }
        guard instructionLimit == 0 || LuaLimits.instructionLimitRange.contains(instructionLimit) else {
            throw ValidationError("--instruction-limit must be from 10000 to 1000000000000000, or 0 for no limit; got \(instructionLimit)")
        }
        guard timeLimit == 0 || LuaLimits.timeLimitRange.contains(timeLimit) else {
            throw ValidationError("--time-limit must be from 0.1 to 604800 seconds, or 0 for no limit; got \(timeLimit)")
        }
        if columns != nil && output != .csv {
            throw ValidationError("--columns goes with --output csv")
        }
        let timeoutRange = ClientConfiguration.timeoutRange
        if let requestTimeout, !timeoutRange.contains(requestTimeout) {
            throw ValidationError("--timeout must be from \(LuaLimits.secondsText(timeoutRange.lowerBound)) to \(LuaLimits.secondsText(timeoutRange.upperBound)) seconds; got \(requestTimeout)")
        }
    }

    /// The --columns list, split and trimmed.
    var columnNames: [String] {
        (columns ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The --output format, its columns and --reveal-secrets, for `shell.render` in `state`.
    func installOutput(in state: LuaState) throws {
        SecretValue.tostringReveals = revealSecrets
        if revealSecrets {
            FileHandle.standardError.write(Data("adminsh: --reveal-secrets: secret values are printed in full; keep this output out of logs\n".utf8))
        }
        try output.install(in: state, columns: columnNames, reveal: revealSecrets)
    }

    var limits: LuaLimits {
        LuaLimits(memoryLimit: LuaLimits.parseSize(memoryLimit) ?? LuaLimits.defaultMemoryLimit,
                  instructionLimit: instructionLimit, timeLimit: timeLimit)
    }

    /// A Lua state with these search paths and this memory cap. The instruction and time limits
    /// are for user chunks: `Session` sets them once the host's own modules are installed.
    func makeState() throws -> LuaState {
        var setup = limits
        setup.instructionLimit = 0
        setup.timeLimit = 0
        return try LuaState(limits: setup, libraryPaths: searchPath)
    }
}
