import AdminClient
import Bindings
import Foundation
import LuaHost
import Sandbox
import SandboxCore

/// A profile's connection that a rehearsal at the prompt points at a clone for a while: every
/// call the bindings make goes to the clone's embedded sandbox until the rehearsal ends.
final class RehearsalSwitch: ConnectionProvider, @unchecked Sendable {
    let base: ConnectionProvider
    private let lock = NSLock()
    private var target: SandboxConnection?

    init(base: ConnectionProvider) { self.base = base }

    var label: String { base.label }

    /// The clone calls go to now, or nil (the profile).
    var rehearsal: SandboxConnection? {
        get { lock.withLock { target } }
        set { lock.withLock { target = newValue } }
    }

    func client() async throws -> AdminClient {
        if let clone = rehearsal { return try await clone.client() }
        return try await base.client()
    }

    func shutdown() async {
        if let clone = rehearsal { await clone.shutdown() }
        await base.shutdown()
    }
}

/// `rehearse(function() ... end)` at the prompt on a profile (lua/adminsh/host/rehearse.lua):
///   __adminsh.rehearse.start() -> note, profile   clones the profile (or resets a clone younger than
///                                            an hour), points the session at it, diverts the journal
///   __adminsh.rehearse.finish() -> text, diff   back to the profile; the report and the diff
enum RehearseBinding {
    static func install(in state: LuaState, connection: RehearsalSwitch, profile: ResolvedConnection, options: HostOptions) throws {
        defer { try? state.run("rehearse = require('adminsh.host.rehearse')", name: "=rehearse") }
        let clonePath = ProfileClone.defaultPath(profile: profile.name)
        let profileJournal = Journal.forSession(label: profile.name, sandboxDB: nil)
        let started = LockedDate()
        state.registerAsync("__adminsh.rehearse.start") { _ in
            guard connection.rehearsal == nil else { throw LuaError.message("rehearse: a rehearsal is already running") }
            return {
                let note = try await prepare(profile: profile, clonePath: clonePath, quiet: options.quiet)
                let clone = SandboxConnection(dbPath: clonePath, timeout: options.requestTimeout ?? 30)
                started.value = Date()
                Journal.divert(path: profileJournal.path, to: Journal.forSession(label: clone.label, sandboxDB: clonePath))
                connection.rehearsal = clone
                return .values([.string(note), .string(profile.name)])
            }
        }
        state.registerAsync("__adminsh.rehearse.finish") { _ in
            guard let clone = connection.rehearsal else { throw LuaError.message("rehearse: no rehearsal is running") }
            // Back to the profile before anything else can fail.
            connection.rehearsal = nil
            Journal.divert(path: profileJournal.path, to: nil)
            return {
                await clone.shutdown()
                let snapshots = try Rehearsal.snapshots(of: clonePath)
                _ = try await snapshots.snapshot(Rehearsal.afterSnapshot)
                let diff = try SnapshotDiff.between(try snapshots.path(of: Rehearsal.clonedSnapshot), try snapshots.path(of: Rehearsal.afterSnapshot))
                let entries = Journal.forSession(label: clone.label, sandboxDB: clonePath).entries(since: started.value)
                let text = [Rehearsal.heading("rehearsal of \(profile.name)"), "Mutations (journal \(clone.label)):",
                            JournalTable.render(entries, profile: clone.label), "", "Changes in the clone of \(profile.name):",
                            diff.text()].joined(separator: "\n")
                let json = Array(diff.json.encoded())
                return .push({ state, L in
                    state.push(.string(text), onto: L)
                    try json.withUnsafeBufferPointer { try state.pushJSON($0, onto: L) }
                    return 2
                })
            }
        }
    }

    /// A clone of `profile` as it was cloned: a young one reset to its `cloned` snapshot, else a new one.
    static func prepare(profile: ResolvedConnection, clonePath: String, quiet: Bool) async throws -> String {
        if let stamp = ProfileClone.Report.stamp(dbPath: clonePath), stamp.profile == profile.name,
           Date().timeIntervalSince(stamp.created) < 3600 {
            let snapshots = try Rehearsal.snapshots(of: clonePath)
            if (try? snapshots.info(Rehearsal.clonedSnapshot)) != nil {
                _ = try await snapshots.restore(Rehearsal.clonedSnapshot)
                return "clone from \(Rehearsal.age(Date().timeIntervalSince(stamp.created))) ago reused"
            }
        }
        let report: ProfileClone.Report
        do {
            report = try await ProfileClone.make(source: profile, dbPath: clonePath, quiet: quiet)
        } catch let error as SandboxError {
            throw LuaError.message("rehearse: \(error.message)")
        }
        _ = try await Rehearsal.snapshots(of: clonePath).snapshot(Rehearsal.clonedSnapshot)
        return "cloned now with \(report.requests) GET requests"
    }
}

/// A start time set on one task and read on another.
final class LockedDate: @unchecked Sendable {
    private let lock = NSLock()
    private var date = Date()
    var value: Date {
        get { lock.withLock { date } }
        set { lock.withLock { date = newValue } }
    }
}
