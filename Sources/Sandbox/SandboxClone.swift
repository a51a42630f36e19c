import ContioSandbox
import ContoSandbox
import Foundation
import SandboxCore

/// A fresh sandbox state holding what was read from a real app and org (`adminsh sandbox clone`).
///
/// The state file is made anew (an earlier clone at the same path and its seed record are
/// replaced), both tenants are written in one transaction, and the seed
/// record holds the clone's own fresh credentials, so `adminsh --db PATH` and `SandboxServer`
/// serve it like any sandbox. A platform that was not read gets the demo tenant on first start.
/// The record names the profile (`clone_of`): sessions on the clone journal as
/// `rehearsal-<profile>`, and a server on it sends no webhook (the real app's receivers must
/// never hear from a copy).
public enum SandboxClone {
    /// What the writing produced: the seed record and the records that could not be written.
    public struct Written: Sendable {
        public var seed: SeedRecord
        public var skipped: [ContoImport.Skipped]
    }

    public static func write(dbPath: String, profile: String, contio: ContioImport.Source?, conto: ContoImport.Source?) async throws -> Written {
        let orgName = "Clone of \(profile)"
        // Only a clone is replaced: a sandbox of one's own (or any other file) is never erased here.
        if FileManager.default.fileExists(atPath: dbPath), (try? SeedRecord.read(dbPath: dbPath))?.cloneOf == nil {
            throw SandboxError(.conflict, code: "not_a_clone",
                               "refusing to replace \(dbPath): it is not a clone (its seed record names no profile); pick another --db or remove it first")
        }
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(dbPath + suffix) }
        unlink(SeedRecord.path(forDatabase: dbPath))
        let store = try SandboxStore(path: dbPath, migrations: SandboxServer.moduleTypes.map { type in { type.registerMigrations(&$0) } })
        let (parts, skipped) = try await store.write { db -> ([String: JSONValue], [ContoImport.Skipped]) in
            var parts: [String: JSONValue] = [:]
            var skipped: [ContoImport.Skipped] = []
            if let contio { parts[ContioSandbox.seedKey] = try ContioImport.write(contio, into: db).seedPart }
            if let conto {
                let (credentials, left) = try ContoImport.write(conto, orgName: orgName, into: db)
                parts[ContoSandbox.seedKey] = credentials.seedPart
                skipped = left
            }
            return (parts, skipped)
        }
        var record = SeedRecord(parts: parts)
        record.parts[SeedRecord.sandboxKey] = ["admin_token": .string(ControlSurfaceGuard.newToken()), "clone_of": .string(profile)]
        try record.write(dbPath: dbPath)
        return Written(seed: record, skipped: skipped)
    }
}
