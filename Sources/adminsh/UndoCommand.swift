import ArgumentParser
import Bindings
import Foundation
import LuaHost
import Shell

/// `adminsh undo [N | --entry ID] [--profile P] [--yes]`: runs the inverse calls of the last N
/// journaled changes, newest first, after asking.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo the last N changes in the profile's journal (default 1), or one entry; asks first unless --yes.",
        discussion: "Refuses, with the reason, a change with no inverse, an expired rollback token, or a resource changed since. The undo calls are journaled too."
    )

    @OptionGroup var host: HostOptions

    @Argument(help: "How many of the latest changes to undo.")
    var count: Int?

    @Option(help: ArgumentHelp("Undo this journal entry (an id from `adminsh log`).", valueName: "ID"))
    var entry: String?

    @Flag(help: "Do not ask.")
    var yes = false

    func validate() throws {
        if let count, count < 1 { throw ValidationError("N must be at least 1") }
        if count != nil && entry != nil { throw ValidationError("give N or --entry, not both") }
    }

    func run() throws {
        let session = try Session(options: host)
        defer { session.shutdown() }
        if !yes { registerConfirm(in: session.state) }
        var fields = ["yes = \(yes)"]
        if let count { fields.append("n = \(count)") }
        if let entry { fields.append("entry = \(luaQuoted(entry))") }
        if let status = ScriptRunner.run(chunk: "undo{\(fields.joined(separator: ", "))}", in: session.state) {
            throw ExitCode(status)
        }
    }

    /// The question goes to the terminal; the answer is one line of standard input.
    private func registerConfirm(in state: LuaState) {
        state.register("confirm", inModule: "adminsh.shell") { frame in
            let question = try frame.string(1)
            FileHandle.standardOutput.write(Data((question + " [y/N] ").utf8))
            let answer = readLine() ?? ""
            frame.push(.boolean(Terminal.agrees(answer)))
            return 1
        }
    }

    private func luaQuoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { s -> String in
            s == "\"" || s == "\\" ? "\\" + String(s) : (s.value < 32 ? "\\\(s.value)" : String(s))
        }.joined() + "\""
    }
}
