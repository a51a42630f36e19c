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

    @Option(name: .customShort("e"), help: ArgumentHelp("Run this Lua code and exit (repeatable, in order).", valueName: "CODE"))
    var code: [String] = []

    @Flag(name: .customShort("i"), help: "Enter the prompt after running -e code.")
    var interactiveAfter = false

    func run() throws {
        let state = try host.makeState()
        if !code.isEmpty {
            for chunk in code {
                if let status = ScriptRunner.run(chunk: chunk, in: state) { throw ExitCode(status) }
            }
            if !interactiveAfter { return }
        }
        let repl = try Repl(state: state, options: .init(banner: "adminsh \(AdminshCommand.version) · Lua 5.4 · help() for help · Ctrl-D to exit"))
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}
