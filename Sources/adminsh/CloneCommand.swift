import AdminClient
import ArgumentParser
import ContioSandbox
import ContoSandbox
import Foundation
import Sandbox
import SandboxCore

/// A clone of a profile's app and org in a sandbox state of its own, and its report.
struct ProfileClone {
    /// What a clone read, wrote and left out; kept beside the clone as `<state>.clone.json`.
    struct Report {
        var profile: String
        var dbPath: String
        var created: Date
        var counts: [String: Int]
        var leftOut: [CloneReader.LeftOut]
        var skipped: [ContoImport.Skipped]
        var requests: Int

        var json: JSONValue {
            ["profile": .string(profile), "state": .string(dbPath), "created": .string(SandboxTime.format(created)),
             "requests": .int(requests), "counts": .object(counts.mapValues { .int($0) }),
             "left_out": .array(leftOut.map { ["operation": .string($0.operation), "code": .string($0.code), "message": .string($0.message)] }),
             "skipped": .array(skipped.map { ["type": .string($0.type), "id": .string($0.id), "reason": .string($0.reason)] })]
        }

        var text: String {
            var lines = ["clone of \(profile) in \(dbPath) (\(requests) GET requests)"]
            let read = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("  copied: " + (read.isEmpty ? "nothing" : read.joined(separator: ", ")))
            lines.append("  secrets: none copied; the clone has fresh credentials (adminsh sandbox credentials --db \(dbPath))")
            if leftOut.isEmpty {
                lines.append("  left out: nothing (every read was allowed)")
            } else {
                lines.append("  left out (the profile's keys may not read them):")
                for entry in leftOut { lines.append("    \(entry.operation): \(entry.code) \(entry.message)") }
            }
            for entry in skipped { lines.append("  not written: \(entry.type) \(entry.id): \(entry.reason)") }
            return lines.joined(separator: "\n")
        }

        static func path(forDatabase dbPath: String) -> String {
            URL(fileURLWithPath: dbPath).deletingPathExtension().appendingPathExtension("clone.json").path
        }

        /// The reads a clone's keys were refused, from its report.
        static func leftOut(dbPath: String) -> [String] {
            guard let data = FileManager.default.contents(atPath: path(forDatabase: dbPath)),
                  let json = try? JSONValue.parse(data) else { return [] }
            return (json["left_out"]?.arrayValue ?? []).compactMap { $0["operation"]?.stringValue }
        }

        /// When the clone at `dbPath` was made and of which profile, if it was.
        static func stamp(dbPath: String) -> (profile: String, created: Date)? {
            guard FileManager.default.fileExists(atPath: dbPath),
                  let data = FileManager.default.contents(atPath: path(forDatabase: dbPath)),
                  let json = try? JSONValue.parse(data), let profile = json["profile"]?.stringValue,
                  let created = json["created"]?.stringValue.flatMap(SandboxTime.parse) else { return nil }
            return (profile, created)
        }
    }

    /// `$XDG_DATA_HOME/adminsh/clones/<profile>.sqlite`.
    static func defaultPath(profile: String) -> String {
        let folder = ((SandboxPaths.defaultDatabasePath() as NSString).deletingLastPathComponent as NSString).appendingPathComponent("clones")
        let safe = String(profile.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        return (folder as NSString).appendingPathComponent((safe.isEmpty ? "default" : safe) + ".sqlite")
    }

    /// The profile named (else `ADMINSH_PROFILE`, the environment's keys or `default_profile`, as
    /// every session resolves it); an error when nothing is configured: there is nothing to clone.
    static func resolve(profile: String?) throws -> ResolvedConnection {
        var environment = ProcessInfo.processInfo.environment
        if let profile { environment["ADMINSH_PROFILE"] = profile }
        guard let resolved = try ProfileResolver.resolve(profile: environment["ADMINSH_PROFILE"], environment: environment) else {
            throw ValidationError("no profile to clone: name one with --profile (or --from), see docs/profiles.md")
        }
        return resolved
    }

    /// Reads the profile `source` and writes it into a fresh state at `dbPath`. The client is
    /// read-only: the clone never sends anything but the reads.
    static func make(source: ResolvedConnection, dbPath: String, quiet: Bool) async throws -> Report {
        let profile = source.name
        var configuration = source.configuration
        configuration.readOnly = "cloning \(profile) reads only"
        let client = AdminClient(configuration: configuration)
        let progress = CloneProgress(label: "cloning \(profile)", quiet: quiet)
        let reader = CloneReader(client: client, progress: progress)
        let contio: ContioImport.Source?
        let conto: ContoImport.Source?
        do {
            contio = try await reader.readContio()
            conto = try await reader.readConto()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        try PrivateFiles.makeFolder((dbPath as NSString).deletingLastPathComponent)
        let written = try await SandboxClone.write(dbPath: dbPath, profile: profile, contio: contio, conto: conto)
        let report = Report(profile: profile, dbPath: dbPath, created: Date(), counts: reader.counts, leftOut: reader.leftOut,
                            skipped: written.skipped, requests: reader.requests)
        // Started once, so a platform that was not read has its demo tenant before any snapshot.
        _ = try await SandboxServer.prepare(dbPath: dbPath)
        try PrivateFiles.write(report.json.encoded(), to: Report.path(forDatabase: dbPath))
        progress.finish("\(reader.requests) reads, done")
        return report
    }
}

extension SandboxCommand {
    /// `adminsh sandbox clone --from PROFILE [--db PATH]`.
    struct Clone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy what a profile's keys can read into a fresh sandbox state (same ids, fresh secrets).",
            discussion: """
            Only GET requests are sent to the profile's APIs, through the catalog's read operations, page by page \
            (paced by the source's rate limits). Secrets are never copied: the clone has new credentials \
            (adminsh sandbox credentials --db PATH), SDK keys keep their metadata with new secrets. The report lists \
            what the keys could not read. Default state: $XDG_DATA_HOME/adminsh/clones/<profile>.sqlite.
            """)

        @Option(help: ArgumentHelp("The profile to read (config.toml).", valueName: "PROFILE"))
        var from: String

        @Option(help: ArgumentHelp("The clone's state file (replaced).", valueName: "PATH"))
        var db: String?

        @Flag(help: "Print the report as JSON.")
        var json = false

        @Flag(help: "No progress line on stderr.")
        var quiet = false

        func run() async throws {
            let source = try ProfileClone.resolve(profile: from)
            let path = db ?? ProfileClone.defaultPath(profile: source.name)
            let report: ProfileClone.Report
            do {
                report = try await ProfileClone.make(source: source, dbPath: path, quiet: quiet)
            } catch let error as SandboxError {
                throw ValidationError(error.message)
            }
            print(json ? report.json.text : report.text)
        }
    }
}
