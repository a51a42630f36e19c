import AdminClient
import ArgumentParser
import Bindings
import Foundation
import LuaHost
import Sandbox
import SandboxCore
import Shell

/// `adminsh run --rehearse [--apply]`: a recipe run for real against a clone of a profile, its
/// mutations and the diff of the clone's state shown, then (with `--apply`, once confirmed) the
/// same recipe run against the profile and compared with the rehearsal.
///
/// The clone is made with GET requests only (`ProfileClone`), or reused when one of the same
/// profile is younger than `maxAge`: it is put back to the state it was cloned in (the snapshot
/// `cloned`) first, so one rehearsal never sees another's changes. The recipe's session runs on the
/// clone's embedded sandbox and nowhere else; its journal is `rehearsal-<profile>` beside the clone.
struct Rehearsal {
    static let clonedSnapshot = "cloned"
    static let afterSnapshot = "rehearsed"

    let source: ResolvedConnection
    let host: HostOptions
    let file: String
    let arguments: [String]
    let maxAge: Double
    let clonePath: String

    init(host: HostOptions, file: String, arguments: [String], maxAge: Double, clonePath: String?) throws {
        self.source = try ProfileClone.resolve(profile: host.profile)
        self.host = host
        self.file = file
        self.arguments = arguments
        self.maxAge = maxAge
        self.clonePath = clonePath ?? ProfileClone.defaultPath(profile: source.name)
    }

    var profile: String { source.name }

    /// What one run did: its exit status, its journal entries and (rehearsal only) the diff.
    struct Run {
        var status: Int32?
        var entries: [[String: Any]]
        var diff: SnapshotDiff?
        var returned: String?
    }

    /// The report: on stdout with `--output text`; on stderr otherwise, so stdout carries only the
    /// data (what the last run returned).
    func say(_ text: String) {
        if host.output == .text { print(text) } else { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    /// What a run returned: after `Returned:` in the report, or alone on stdout as data when this
    /// run is the last (`final`).
    func sayReturned(_ returned: String?, failed status: Int32?, final: Bool) {
        let text = returned ?? (status == nil ? "nothing" : "nothing (the recipe failed, exit status \(status ?? 1))")
        if host.output == .text {
            print("Returned:")
            print(text)
        } else if final {
            if let returned { print(returned) }
        } else {
            say("Returned:\n" + text)
        }
    }

    /// Clones (or reuses and resets the clone), runs the recipe on it, prints the report.
    func rehearse(final: Bool = true) throws -> Run {
        let note = try prepareClone()
        FileHandle.standardError.write(Data("rehearsal of \(profile): \(file) runs against a clone of \(profile) (\(note)); nothing is sent to \(profile)\n".utf8))
        var options = host
        options.profile = nil
        options.db = clonePath
        options.forceSandbox = true
        options.rehearsalClone = true
        let started = Date()
        let session = try Session(options: options)
        // The recipe must see what it sees on the profile: no `sandbox` table.
        try session.state.run("sandbox = nil", name: "=rehearsal")
        let label = session.connection.label
        let (status, returned) = Self.runRecipe(file: file, arguments: arguments, in: session)
        session.shutdown()
        let snapshots = try openSnapshots()
        try blockOn { _ = try await snapshots.snapshot(Self.afterSnapshot) }
        let diff = try SnapshotDiff.between(try snapshots.path(of: Self.clonedSnapshot), try snapshots.path(of: Self.afterSnapshot))
        let entries = Journal.forSession(label: label, sandboxDB: clonePath).entries(since: started)
        let run = Run(status: status, entries: entries, diff: diff, returned: returned)
        say(Self.heading("rehearsal of \(profile)"))
        say("Mutations (journal \(label)):")
        say(JournalTable.render(entries, profile: label))
        say("")
        say("Changes in the clone of \(profile):")
        say(diff.text())
        say("")
        sayReturned(returned, failed: status, final: final)
        return run
    }

    /// Runs the recipe against the profile itself and compares with `rehearsal`.
    func apply(after rehearsal: Run, yes: Bool) throws -> Run? {
        let mutating = rehearsal.entries.count
        if !yes {
            guard Terminal.stdinIsTTY else {
                throw ValidationError("refusing to apply \(file) to \(profile) without confirmation: pass --yes")
            }
            FileHandle.standardError.write(Data("\nApply to \(profile) for real? \(file) made \(mutating) mutating call\(mutating == 1 ? "" : "s") in the rehearsal. [y/N] ".utf8))
            guard let answer = readLine(), Terminal.agrees(answer) else {
                say("Not applied: nothing was sent to \(profile).")
                return nil
            }
        }
        // Resolved as the rehearsal's source was (a named profile, ADMINSH_PROFILE, the environment's keys).
        let options = host
        let started = Date()
        let session = try Session(options: options)
        try session.refuseUnattendedMutations(unless: true)
        let label = session.connection.label
        let (status, returned) = Self.runRecipe(file: file, arguments: arguments, in: session)
        session.shutdown()
        let entries = Journal.forSession(label: label, sandboxDB: nil).entries(since: started)
        say(Self.heading("applied to \(profile)"))
        say("Mutations (journal \(label)):")
        say(JournalTable.render(entries, profile: label))
        say("")
        say("Compared with the rehearsal:")
        say(Self.compare(rehearsal: rehearsal.entries, real: entries).joined(separator: "\n"))
        say("")
        sayReturned(returned, failed: status, final: true)
        return Run(status: status, entries: entries, diff: nil, returned: returned)
    }

    /// The clone ready to rehearse on, and a note saying where it came from.
    func prepareClone() throws -> String {
        if let stamp = ProfileClone.Report.stamp(dbPath: clonePath), stamp.profile == profile {
            let age = Date().timeIntervalSince(stamp.created)
            let snapshots = try openSnapshots()
            if age < maxAge, (try? snapshots.info(Self.clonedSnapshot)) != nil {
                try blockOn { _ = try await snapshots.restore(Self.clonedSnapshot) }
                let leftOut = ProfileClone.Report.leftOut(dbPath: clonePath)
                return "clone from \(Self.age(age)) ago reused, \(clonePath)" + (leftOut.isEmpty ? "" : "; left out: " + leftOut.joined(separator: ", "))
            }
        }
        let source = self.source, clonePath = self.clonePath, quiet = host.quiet
        let report: ProfileClone.Report
        do {
            report = try blockOn { try await ProfileClone.make(source: source, dbPath: clonePath, quiet: quiet) }
        } catch let error as SandboxError {
            throw ValidationError(error.message)
        }
        FileHandle.standardError.write(Data((report.text + "\n").utf8))
        let snapshots = try openSnapshots()
        try blockOn { _ = try await snapshots.snapshot(Self.clonedSnapshot) }
        return "cloned now with \(report.requests) GET requests, \(clonePath)"
    }

    func openSnapshots() throws -> SandboxSnapshots { try Self.snapshots(of: clonePath) }

    /// The snapshots of the clone at `clonePath` (its seed record travels with them).
    static func snapshots(of clonePath: String) throws -> SandboxSnapshots {
        let store = try SandboxStore(path: clonePath, migrations: SandboxServer.moduleTypes.map { type in { type.registerMigrations(&$0) } })
        return SandboxSnapshots(store: store, companions: [SeedRecord.path(forDatabase: clonePath)])
    }

    /// Runs `file` in `session` like `adminsh run`, but keeps what it returns for the report.
    static func runRecipe(file: String, arguments: [String], in session: Session) -> (Int32?, String?) {
        let path = file == "-" ? "/dev/stdin" : file
        do {
            let values = try session.state.runFile(path, arguments: arguments)
            return (nil, try ResultFormat.render(values, in: session.state))
        } catch let error as LuaError {
            var text = "adminsh: \(error.description)\n"
            if case .runtime(_, _, let traceback) = error, !traceback.isEmpty { text += traceback + "\n" }
            fputs(text, stderr)
            return (1, nil)
        } catch {
            fputs("adminsh: \(error)\n", stderr)
            return (1, nil)
        }
    }

    /// Every difference between the rehearsal's calls and the real ones, per operation in order:
    /// a call made in one run only, a call that failed in one run only, different numbers of
    /// successful calls (created resources).
    static func compare(rehearsal: [[String: Any]], real: [[String: Any]]) -> [String] {
        func status(_ entry: [String: Any]) -> Int? { (entry["outcome"] as? [String: Any])?["status"] as? Int }
        func succeeded(_ entry: [String: Any]) -> Bool { status(entry).map { (200..<300).contains($0) } ?? false }
        func outcome(_ entry: [String: Any]) -> String {
            guard let o = entry["outcome"] as? [String: Any] else { return "outcome unknown" }
            return [o["status"].map { "\($0)" }, o["code"] as? String].compactMap { $0 }.joined(separator: " ")
        }
        func byOperation(_ entries: [[String: Any]]) -> [String: [[String: Any]]] {
            Dictionary(grouping: entries) { $0["operation"] as? String ?? "?" }
        }
        let a = byOperation(rehearsal), b = byOperation(real)
        var lines: [String] = []
        for name in Set(a.keys).union(b.keys).sorted() {
            let x = a[name] ?? [], y = b[name] ?? []
            let okX = x.filter(succeeded).count, okY = y.filter(succeeded).count
            if x.count != y.count {
                lines.append("  \(name): \(x.count) call\(x.count == 1 ? "" : "s") in the rehearsal, \(y.count) for real")
            }
            if okX != okY {
                lines.append("  \(name): \(okX) succeeded in the rehearsal, \(okY) for real")
            }
            for (index, (r, p)) in zip(x, y).enumerated() where succeeded(r) != succeeded(p) {
                let which = succeeded(r) ? "failed for real (\(outcome(p)))" : "failed in the rehearsal only (\(outcome(r)))"
                lines.append("  \(name) call \(index + 1): \(which)")
            }
        }
        return lines.isEmpty ? ["  the same calls with the same outcomes (\(real.count) mutating call\(real.count == 1 ? "" : "s"))"] : lines
    }

    static func heading(_ title: String) -> String {
        "── \(title) " + String(repeating: "─", count: max(4, 60 - title.count))
    }

    static func age(_ seconds: Double) -> String {
        seconds < 90 ? "\(Int(seconds)) s" : seconds < 5400 ? "\(Int(seconds / 60)) min" : String(format: "%.1f h", seconds / 3600)
    }
}

/// `adminsh run --rehearse [--apply] [--max-age DURATION]`.
struct RehearsalOptions: ParsableArguments {
    @Flag(help: "Run the script against a clone of the profile (GET requests only reach it), then show its mutations and the diff of state.")
    var rehearse = false

    @Flag(help: "After the rehearsal, ask (or --yes), run the script against the profile for real and compare with the rehearsal.")
    var apply = false

    @Option(help: ArgumentHelp("Reuse a clone of the profile younger than this (e.g. 30m, 2h; 0 clones again).", valueName: "DURATION"))
    var maxAge: String = "1h"

    @Option(name: .customLong("clone-db"), help: ArgumentHelp("The clone's state file (default: $XDG_DATA_HOME/adminsh/clones/<profile>.sqlite).", valueName: "PATH"))
    var cloneDB: String?

    func validate() throws {
        guard DurationArgument.seconds(maxAge) != nil else { throw ValidationError("--max-age must be a duration like 30m, 1h or 90s; got '\(maxAge)'") }
    }

    /// The rehearsal's exit status (the recipe's), or the real run's after `--apply`.
    func run(host: HostOptions, file: String, arguments: [String], yes: Bool) throws -> Int32? {
        if apply && file == "-" {
            throw ValidationError("--apply runs the script twice (rehearsal, then for real): give it as a file, not '-'")
        }
        let rehearsal = try Rehearsal(host: host, file: file, arguments: arguments, maxAge: DurationArgument.seconds(maxAge) ?? 3600, clonePath: cloneDB)
        let rehearsed = try rehearsal.rehearse(final: !apply)
        guard apply else { return rehearsed.status }
        if let status = rehearsed.status {
            rehearsal.say("\nThe rehearsal failed (exit status \(status)): nothing is applied to \(rehearsal.profile).")
            return status
        }
        guard let real = try rehearsal.apply(after: rehearsed, yes: yes) else { return nil }
        return real.status
    }
}
