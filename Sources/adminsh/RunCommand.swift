import ArgumentParser
import LuaHost

/// `adminsh run FILE [ARGS...]`: runs a script like `lua FILE ARGS`.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script; `arg` and `...` hold its arguments.",
        discussion: "Exit status: 0 on success, 1 when the script raises an error (message and traceback on stderr)."
    )

    @OptionGroup var host: HostOptions

    @Argument(help: "The script to run ('-' reads standard input).")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments passed to the script.")
    var arguments: [String] = []

    func run() throws {
        let state = try host.makeState()
        if let status = ScriptRunner.run(file: file, arguments: arguments, in: state) { throw ExitCode(status) }
    }
}
