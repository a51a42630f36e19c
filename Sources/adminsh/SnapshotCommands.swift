import ArgumentParser
import Foundation
import Sandbox
import SandboxCore

/// `adminsh sandbox snapshot|restore|snapshots|diff`: named copies of a sandbox state file and
/// what changed between them. A server running on the same file serves a restored state from its
/// next request (its rate windows survive until it restarts; `sandbox.restore()` at the prompt
/// clears them too).
extension SandboxCommand {
    /// The state file, which must exist, opened with every module's migrations.
    static func openSnapshots(db: String?) throws -> SandboxSnapshots {
        let path = db ?? SandboxPaths.defaultDatabasePath()
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no sandbox state at \(path): start the sandbox once (adminsh serve, or adminsh) to create it")
        }
        let store = try SandboxStore(path: path, migrations: SandboxServer.moduleTypes.map { type in { type.registerMigrations(&$0) } })
        return SandboxSnapshots(store: store, companions: [SeedRecord.path(forDatabase: path)])
    }

    static func report(_ error: Error) -> Error {
        (error as? SandboxError).map { ValidationError($0.message) } ?? error
    }

    struct Snapshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the whole sandbox state to a named snapshot (replacing one of that name).",
            discussion: "Snapshots are kept beside the state file, in <state>.snapshots/ (0600 files in a 0700 folder), with the seed record.")

        @Argument(help: "Snapshot name: letters, digits, '.', '_', '-'.")
        var name: String

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        func run() async throws {
            let snapshots = try SandboxCommand.openSnapshots(db: db)
            let started = Date()
            do {
                let info = try await snapshots.snapshot(name)
                print("snapshot \(info.name): \(info.path) (\(info.bytes) bytes, \(String(format: "%.2f", Date().timeIntervalSince(started))) s)")
            } catch { throw SandboxCommand.report(error) }
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the whole sandbox state with a named snapshot, in one step.")

        @Argument(help: "Snapshot name.")
        var name: String

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        func run() async throws {
            let snapshots = try SandboxCommand.openSnapshots(db: db)
            let started = Date()
            do {
                let info = try await snapshots.restore(name)
                print("restored \(info.name) into \(snapshots.store.path) (\(String(format: "%.2f", Date().timeIntervalSince(started))) s)")
            } catch { throw SandboxCommand.report(error) }
        }
    }

    struct Snapshots: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the snapshots of a sandbox state file.")

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let list = try SandboxCommand.openSnapshots(db: db).list()
            if json {
                print(JSONValue.object(["items": .array(list.map(\.json))]).text)
                return
            }
            if list.isEmpty { print("no snapshots"); return }
            for info in list {
                print("\(info.name)\t\(SandboxTime.format(info.created))\t\(info.bytes) bytes")
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed from snapshot A to snapshot B (or to the current state), per resource type.",
            discussion: "Created (+), deleted (-) and changed (~) resources with each changed field as old → new; secrets are redacted.")

        @Argument(help: "The snapshot before.")
        var from: String

        @Argument(help: "The snapshot after (default: the current state).")
        var to: String?

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        @Flag(help: "Print the diff as JSON.")
        var json = false

        func run() throws {
            let snapshots = try SandboxCommand.openSnapshots(db: db)
            do {
                let before = try snapshots.path(of: from)
                guard FileManager.default.fileExists(atPath: before) else { throw ValidationError("no snapshot named '\(from)'") }
                let after = try to.map { try snapshots.path(of: $0) } ?? snapshots.store.path
                guard FileManager.default.fileExists(atPath: after) else { throw ValidationError("no snapshot named '\(to ?? "")'") }
                let diff = try SnapshotDiff.between(before, after)
                print(json ? diff.json.text : diff.text())
            } catch { throw SandboxCommand.report(error) }
        }
    }
}
