import Foundation

/// Records already decoded from their stored JSON text, shared by every request.
///
/// Decoding a document with `JSONDecoder` costs far more than reading it from SQLite, and the same
/// documents (the caller's key, its organization, the agents of a listing) are read again and
/// again. The cache is keyed by the record type and the exact stored text, so it can never answer
/// with stale data: a changed document has a different text and misses. Records are value types,
/// so a cached one cannot be changed by whoever got it. Bounded: when full it starts over.
public final class DecodedDocumentCache: @unchecked Sendable {
    public static let shared = DecodedDocumentCache(capacity: 4096)

    private struct Key: Hashable {
        var type: ObjectIdentifier
        var body: String
    }

    private let capacity: Int
    private var entries: [Key: Any] = [:]
    private let lock = NSLock()

    public init(capacity: Int) { self.capacity = capacity }

    /// The record stored as `body`, decoded by `decode` on a miss.
    public func record<T>(_ type: T.Type, body: String, decode: (String) throws -> T) rethrows -> T {
        let key = Key(type: ObjectIdentifier(type), body: body)
        lock.lock()
        let hit = entries[key] as? T
        lock.unlock()
        if let hit { return hit }
        let record = try decode(body)
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = record
        lock.unlock()
        return record
    }

    /// Drops every entry (after a reset; entries are never stale, but they are dead weight).
    public func removeAll() {
        lock.lock()
        entries.removeAll()
        lock.unlock()
    }
}
