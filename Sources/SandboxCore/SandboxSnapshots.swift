import Foundation
import GRDB

/// Named copies of a whole sandbox state, kept beside the state file.
///
/// `sandbox.sqlite` keeps its snapshots in `sandbox.snapshots/<name>.sqlite` (0600 files in a 0700
/// folder), each taken with SQLite's `VACUUM INTO` on the writer connection: a consistent copy,
/// since no write can interleave. Companion files (the seed record, whose credentials belong to the
/// hashes in the state) are copied next to it as `<name>.<suffix>` and put back on restore.
///
/// A restore copies the snapshot's pages into the live file with SQLite's online backup, through
/// the pool's writer connection, so a server running on the state serves the restored state from
/// its next request (its readers see the copy like any other commit).
public struct SandboxSnapshots: Sendable {
    /// One stored snapshot.
    public struct Info: Sendable, Equatable {
        public var name: String
        public var path: String
        public var created: Date
        public var bytes: Int

        public var json: JSONValue {
            ["name": .string(name), "path": .string(path), "created": .string(SandboxTime.format(created)), "bytes": .int(bytes)]
        }
    }

    public let store: SandboxStore
    /// Files that belong to the state (absolute paths), copied with every snapshot.
    public let companions: [String]

    public init(store: SandboxStore, companions: [String] = []) {
        self.store = store
        self.companions = companions
    }

    /// `…/sandbox.sqlite` → `…/sandbox.snapshots`.
    public static func folder(forDatabase dbPath: String) -> String {
        let url = URL(fileURLWithPath: dbPath)
        return url.deletingPathExtension().appendingPathExtension("snapshots").path
    }

    public var folder: String { Self.folder(forDatabase: store.path) }

    /// The file of snapshot `name` (the name is checked first).
    public func path(of name: String) throws -> String {
        try Self.check(name)
        return (folder as NSString).appendingPathComponent(name + ".sqlite")
    }

    /// Names are file names: letters, digits, `.`, `_`, `-`, up to 64, not starting with a dot.
    public static func check(_ name: String) throws {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix(".") else {
            throw SandboxError(.badRequest, code: "invalid_snapshot_name",
                               "snapshot names are 1 to 64 letters, digits, '.', '_' or '-' (not starting with '.'); got '\(name)'")
        }
    }

    /// Copies the whole state to snapshot `name` (replacing one of that name) and returns it.
    @discardableResult
    public func snapshot(_ name: String) async throws -> Info {
        let target = try path(of: name)
        try PrivateFiles.makeOwnFolder(folder)
        // VACUUM INTO wants a missing or empty file: an empty 0600 one keeps the copy private.
        let temporary = target + ".tmp-\(getpid())-\(UUID().uuidString.prefix(8))"
        try PrivateFiles.ensureFile(temporary)
        do {
            try await store.pool.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM INTO ?", arguments: [temporary])
            }
            PrivateFiles.tighten(temporary)
            guard rename(temporary, target) == 0 else { throw PrivateFileError.cannotWrite(target, errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        for companion in companions {
            let copy = companionPath(companion, of: name)
            if let data = FileManager.default.contents(atPath: companion) {
                try PrivateFiles.write(data, to: copy)
            } else {
                unlink(copy)
            }
        }
        return try info(name)
    }

    /// Replaces the whole state with snapshot `name`, in one transaction: on failure nothing changed.
    @discardableResult
    public func restore(_ name: String) async throws -> Info {
        let source = try path(of: name)
        guard FileManager.default.fileExists(atPath: source) else {
            throw SandboxError(.notFound, code: "snapshot_not_found", "no snapshot named '\(name)' (in \(folder))")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let snapshot = try DatabaseQueue(path: source, configuration: configuration)
        try await Self.checkCompatible(snapshot, with: store.pool)
        // SQLite's online backup copies the snapshot's pages into the live file through the
        // writer connection, in one step: readers see the old state or the new one, never a mix.
        try await Task.detached { [pool = store.pool] in try snapshot.backup(to: pool) }.value
        try snapshot.close()
        for companion in companions {
            if let data = FileManager.default.contents(atPath: companionPath(companion, of: name)) {
                try PrivateFiles.write(data, to: companion)
            }
        }
        return try info(name)
    }

    /// Every snapshot, oldest first.
    public func list() throws -> [Info] {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return try files.filter { $0.hasSuffix(".sqlite") && !$0.contains(".tmp-") }
            .map { try info(String($0.dropLast(".sqlite".count))) }
            .sorted { ($0.created, $0.name) < ($1.created, $1.name) }
    }

    /// Removes snapshot `name` and its companions; answers whether it existed.
    @discardableResult
    public func delete(_ name: String) throws -> Bool {
        let file = try path(of: name)
        let existed = unlink(file) == 0
        for companion in companions { unlink(companionPath(companion, of: name)) }
        return existed
    }

    public func info(_ name: String) throws -> Info {
        let file = try path(of: name)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        return Info(name: name, path: file, created: attributes[.modificationDate] as? Date ?? Date(),
                    bytes: (attributes[.size] as? NSNumber)?.intValue ?? 0)
    }

    /// `sandbox.seed.json` of snapshot `before` → `sandbox.snapshots/before.seed.json`.
    func companionPath(_ companion: String, of name: String) -> String {
        let file = (companion as NSString).lastPathComponent
        let stem = (store.path as NSString).lastPathComponent.split(separator: ".").first.map(String.init) ?? ""
        // The companion's name after the state's stem (`sandbox.seed.json` → `seed.json`).
        let suffix = file.hasPrefix(stem + ".") ? String(file.dropFirst(stem.count + 1)) : file
        return (folder as NSString).appendingPathComponent("\(name).\(suffix)")
    }

    /// A snapshot restores only into a state of the same migrations (the same schema).
    static func checkCompatible(_ snapshot: DatabaseQueue, with pool: DatabasePool) async throws {
        let theirs = try await snapshot.read { db in try Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) }
        let mine = try await pool.read { db in try Set(String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")) }
        guard mine == theirs else {
            throw SandboxError(.conflict, code: "snapshot_incompatible",
                               "the snapshot was taken by another version of the sandbox (migrations differ: \(mine.symmetricDifference(theirs).sorted().joined(separator: ", "))); it cannot be restored here")
        }
    }
}
