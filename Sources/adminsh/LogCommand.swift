import AdminClient
import ArgumentParser
import Bindings
import Foundation

/// `adminsh log [--profile P] [--since 2h] [--json]`: the journal of a profile's changes, newest last.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the journal of changes made on a profile (the embedded sandbox: 'sandbox'), newest last.",
        discussion: "Entries live in $XDG_STATE_HOME/adminsh/journal/<profile>.jsonl. An entry whose reply never came reads \"outcome unknown\"."
    )

    @Option(help: ArgumentHelp("The profile whose journal to show (default: the session's profile, else sandbox).", valueName: "NAME"))
    var profile: String?

    @Option(help: ArgumentHelp("Only changes newer than this: 90s, 15m, 2h, 1h30m, 2d.", valueName: "DURATION"))
    var since: String?

    @Option(help: ArgumentHelp("The embedded sandbox state file whose journal to show (its journal sits beside it).", valueName: "PATH"))
    var db: String?

    @Flag(help: "One JSON object per line instead of the table.")
    var json = false

    func run() throws {
        var cutoff: Date?
        if let since {
            guard let seconds = DurationArgument.seconds(since) else {
                throw ValidationError("--since: expected a duration like 90s, 15m, 2h, 1h30m or 2d, got '\(since)'")
            }
            cutoff = Date(timeIntervalSinceNow: -seconds)
        }
        let name = db != nil ? "sandbox" : JournalProfile.name(explicit: profile)
        let journal = Journal.forSession(label: name, sandboxDB: db)
        let entries = journal.entries(since: cutoff)
        if json {
            for entry in entries {
                let data = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            }
        } else {
            print(JournalTable.render(entries, profile: name))
        }
    }
}

/// Which journal a command means: --profile, else ADMINSH_PROFILE, else the configured default, else the sandbox.
enum JournalProfile {
    static func name(explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["ADMINSH_PROFILE"], !named.isEmpty { return named }
        if let resolved = try? ProfileResolver.resolve(profile: nil, environment: environment) { return resolved.name }
        return "sandbox"
    }
}
