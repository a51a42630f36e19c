import Foundation
import GRDB
import SandboxCore

/// Appends hash-chained audit entries: each entry's hash is SHA-256 over the previous entry's
/// hash and this entry's content, so editing or dropping an entry breaks the chain [D].
enum AuditTrail {
    static func append(docs: DocumentStore, org: String, action: String, resource: String, resourceId: String?,
                       actorType: String, actorId: String, previous: JSON?, new: JSON?, metadata: [String: JSON],
                       ipAddress: String?, userAgent: String?, at now: Date) throws {
        var meta = metadata
        if let previous, let new, case .object(let before) = previous, case .object(let after) = new {
            // Updates record which members changed [D].
            let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] && $0 != "updatedAt" }.sorted()
            if !changed.isEmpty { meta["changes"] = .strings(changed) }
        }
        let previousHash = try lastHash(docs.db, org: org)
        var entry = AuditEntry(id: ContoKeys.id("aud"), orgId: org, action: action, resource: resource, resourceId: resourceId,
                               actorType: actorType, actorId: actorId, previousState: previous, newState: new,
                               metadata: .object(meta), ipAddress: ipAddress, userAgent: userAgent,
                               previousHash: previousHash, hash: "", createdAt: now)
        let content: JSON = ["previousHash": .string(previousHash), "action": .string(action), "resource": .string(resource),
                             "resourceId": .optional(resourceId), "actorId": .string(actorId), "createdAt": .date(now),
                             "newState": new ?? .null]
        entry.hash = SecretHasher.hash(content.text)
        try docs.save(entry)
    }

    private static func lastHash(_ db: Database, org: String) throws -> String {
        let body = try String.fetchOne(db, sql: """
            SELECT body FROM conto_documents WHERE kind = ? AND org_id = ? ORDER BY rowid DESC LIMIT 1
            """, arguments: [AuditEntry.kind, org])
        guard let body, let entry = try? JSONDecoder().decode(AuditEntry.self, from: Data(body.utf8)) else {
            return String(repeating: "0", count: 64)
        }
        return entry.hash
    }
}
