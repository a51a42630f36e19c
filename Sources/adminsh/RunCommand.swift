import ArgumentParser
import Bindings
import LuaHost
import Shell

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

    @Flag(help: "Plan mode: reads go to the API; mutating calls are recorded, not sent, and listed at the end.")
    var plan = false

    @Flag(help: "Allow mutating calls on a profile with confirm = \"mutating\" (refused otherwise, since a script cannot ask).")
    var yes = false

    @OptionGroup var rehearsal: RehearsalOptions

    func run() throws {
        if rehearsal.rehearse || rehearsal.apply {
            SignalHandling.secondInterruptExits = true
            if let status = try rehearsal.run(host: host, file: file, arguments: arguments, yes: yes) { throw ExitCode(status) }
            return
        }
        let recorder = plan ? PlanRecorder() : nil
        let session = try Session(options: host, plan: recorder)
        SignalHandling.secondInterruptExits = true
        try session.refuseUnattendedMutations(unless: yes || plan)
        defer { session.shutdown() }
        let status = ScriptRunner.run(file: file, arguments: arguments, in: session.state)
        if let recorder { print(recorder.summary) }
        if let status { throw ExitCode(status) }
    }
}
