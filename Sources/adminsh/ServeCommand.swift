import ArgumentParser
import Foundation
import Sandbox
import SandboxCore
import Shell

/// `adminsh serve`: the sandbox as a standalone server for other tools, CI and curl.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the local sandbox of both admin APIs (Contio and Conto) until Ctrl-C.",
        discussion: """
        Contio is served under /v1/partner/admin, Conto under /api, on 127.0.0.1. On the first start
        of a state file the seeded credentials are printed once; `adminsh sandbox credentials` prints
        them again. Point adminsh at it with CONTIO_API_URL/CONTIO_API_KEY/CONTIO_CLIENT_ID and
        CONTO_API_URL/CONTO_ORG_API_KEY.
        """
    )

    @Option(help: "TCP port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 8787

    @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
    var db: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
    }

    func run() async throws {
        do {
            try await SandboxServer.run(port: port, dbPath: db) { line in
                print(line)
                fflush(stdout)
            }
        } catch where ServeCommand.bindErrno(of: error) == EADDRINUSE {
            fputs("adminsh: port \(port) on 127.0.0.1 is already in use: stop the program listening there, or pick another port with --port (0 picks a free one).\n", stderr)
            throw ExitCode(1)
        } catch where ServeCommand.bindErrno(of: error) == EACCES {
            fputs("adminsh: port \(port) needs privileges this user lacks: pick a port above 1023 with --port (0 picks a free one).\n", stderr)
            throw ExitCode(1)
        }
    }

    /// The errno of a failed `bind` (the server reports it as NIO's `IOError` text), if it was one.
    static func bindErrno(of error: Error) -> Int32? {
        let text = String(describing: error)
        guard text.contains("bind("), let range = text.range(of: "(errno: ") else { return nil }
        return Int32(text[range.upperBound...].prefix { $0.isNumber })
    }
}

/// `adminsh sandbox ...`: sandbox state helpers.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Inspect, reset, snapshot, restore, diff or clone the local sandbox's state.",
        subcommands: [Credentials.self, Reset.self, Snapshot.self, Restore.self, Snapshots.self, Diff.self, Clone.self, Populate.self]
    )

    struct Credentials: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the seeded credentials of a sandbox state file as JSON.",
            discussion: "This is the seed record only (kept beside the state file, mode 0600): credentials rotated later are not shown."
        )

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        func run() throws {
            let record: SeedRecord
            do {
                record = try SeedRecord.read(dbPath: db)
            } catch {
                throw ValidationError("no sandbox seed record for \(db ?? SandboxPaths.defaultDatabasePath()): start the sandbox once (adminsh serve, or adminsh) to create it (\(error))")
            }
            print(record.jsonText)
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase everything in a sandbox state file and seed the demo app and org again.",
            discussion: """
            The seeded credentials stay the same (the seed record beside the state file), so clients configured \
            from `adminsh sandbox credentials` keep working. A server running on the same file serves the \
            fresh state at once; at the prompt, sandbox.reset() does the same.
            """
        )

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        @Flag(name: [.customShort("y"), .long], help: "Do not ask for confirmation (required when stdin is not a terminal).")
        var yes = false

        func run() async throws {
            let path = db ?? SandboxPaths.defaultDatabasePath()
            if !yes {
                guard Terminal.stdinIsTTY else {
                    throw ValidationError("refusing to reset \(path) without confirmation: pass --yes")
                }
                print("Erase everything in the sandbox at \(path)? [y/N] ", terminator: "")
                fflush(stdout)
                guard let answer = readLine(), Terminal.agrees(answer) else {
                    print("Cancelled: nothing changed.")
                    return
                }
            }
            do {
                let answer = try await SandboxServer.reset(dbPath: path)
                print(String(decoding: answer.encoded(), as: UTF8.self))
            } catch let error as SandboxError {
                throw ValidationError(error.message)
            }
        }
    }
}
