import ArgumentParser
import Bindings
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

    @Flag(help: "Let tostring() give the full text of secret values (for scripts that hand keys to other tools).")
    var revealSecrets = false

    func run() throws {
        SecretValue.tostringReveals = revealSecrets
        let session = try Session(options: host)
        defer { session.shutdown() }
        if let status = ScriptRunner.run(file: file, arguments: arguments, in: session.state) { throw ExitCode(status) }
    }
}
