import ArgumentParser
import LuaHost
import Shell

/// The interactive prompt, or `-e CODE`.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Start the interactive prompt (the default), or run -e CODE."
    )

    @OptionGroup var host: HostOptions

    // Unconditional: the code is the next argument even when it starts with a dash (`-e '-- note'`).
    @Option(name: .customShort("e"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Run this Lua code and exit (repeatable, in order).", valueName: "CODE"))
    var code: [String] = []

    @Flag(name: .customShort("i"), help: "Enter the prompt after running -e code.")
    var interactiveAfter = false

    func run() throws {
        let session = try Session(options: host)
        defer { session.shutdown() }
        if !code.isEmpty {
            for chunk in code {
                if let status = ScriptRunner.run(chunk: chunk, in: session.state) { throw ExitCode(status) }
            }
            if !interactiveAfter { return }
        }
        if Terminal.stdinIsTTY { try session.startSandbox() }
        var banner = "adminsh \(AdminshCommand.version) · Lua 5.4 · \(session.destination) · help() for help"
        if let warning = session.credentialWarning() { banner += "\nwarning: " + warning }
        let onProfile = session.sandbox == nil
        var options = Repl.Options(banner: banner, profile: onProfile ? session.connection.label : nil,
                                   profileLabel: session.profile?.label, profileColor: session.profile?.color)
        options.historyPath = History.defaultPath(profile: onProfile ? session.connection.label : nil)
        let repl = try Repl(state: session.state, options: options)
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}
