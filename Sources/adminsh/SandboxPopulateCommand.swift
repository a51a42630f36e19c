import ArgumentParser
import ContoSandbox
import Foundation
import Sandbox
import SandboxCore

extension SandboxCommand {
    /// `adminsh sandbox populate --agents N`: fills the seeded Conto org of a state file with N
    /// agents through the typed store (not HTTP), for measuring lists of a large org
    /// (scripts/bench B6b). Not shown in help: a tool for benchmarks, not for users.
    struct Populate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add N agents to the seeded Conto org of a sandbox state file (for benchmarks).",
            shouldDisplay: false
        )

        @Option(help: "How many ACTIVE agents to add.")
        var agents: Int

        @Option(help: ArgumentHelp("SQLite state file (default: $XDG_DATA_HOME/adminsh/sandbox.sqlite).", valueName: "PATH"))
        var db: String?

        @Option(help: ArgumentHelp("Conto organization id (default: the seeded org of the state file).", valueName: "ID"))
        var org: String?

        func validate() throws {
            guard (1...10_000_000).contains(agents) else { throw ValidationError("--agents must be 1...10000000") }
        }

        func run() async throws {
            let path = db ?? SandboxPaths.defaultDatabasePath()
            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no sandbox state at \(path): start the sandbox once (adminsh serve, or adminsh) to create it")
            }
            guard let orgId = org ?? (try? SeedRecord.read(dbPath: path))?.conto?["org_id"]?.stringValue else {
                throw ValidationError("no seeded Conto org for \(path): pass --org ID")
            }
            let store = try SandboxStore(path: path, migrations: SandboxServer.moduleTypes.map { type in { type.registerMigrations(&$0) } })
            do {
                let total = try await BulkSeeding.addAgents(agents, org: orgId, store: store)
                let answer: JSONValue = ["org_id": .string(orgId), "added": .int(agents), "agents": .int(total)]
                print(String(decoding: answer.encoded(), as: UTF8.self))
            } catch let failure as BulkSeeding.Failure {
                throw ValidationError(failure.description)
            }
        }
    }
}
