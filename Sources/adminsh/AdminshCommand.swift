import ArgumentParser
import Libraries
import Shell

/// The process entry: SIGINT is blocked before any other thread exists, so the threads created
/// later never take a Ctrl-C (the Lua thread unblocks it for itself), then the command runs.
@main
enum AdminshMain {
    static func main() async {
        SignalHandling.blockForNewThreads()
        await AdminshCommand.main()
    }
}

/// `adminsh`: the REPL (default), `adminsh run FILE`, `adminsh -e CODE`.
@available(macOS 10.15, *)
struct AdminshCommand: AsyncParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "adminsh",
        abstract: "A Lua 5.4 shell for the Contio and Conto admin APIs.",
        discussion: """
        With no arguments, starts the interactive prompt. Scripts run with `adminsh run FILE [ARGS...]`.
        Lua modules are found in \(ModuleSearchOrder.summary).
        """,
        version: "adminsh \(version) (Lua 5.4)",
        subcommands: [ReplCommand.self, RunCommand.self, TestCommand.self, RecipesCommand.self, ServeCommand.self, ListenCommand.self, SandboxCommand.self, LogCommand.self, UndoCommand.self, LibCommand.self],
        defaultSubcommand: ReplCommand.self
    )
}
