import Foundation
import GRDB

/// What changed between two sandbox states (two snapshot files), per resource type.
///
/// Document tables (columns `kind`, `id`, `body`) give one resource type per kind, pluralised and
/// camel-cased (`wallet_link` → `walletLinks`); other tables one type each, named after the table
/// without its platform prefix (`contio_apps` → `apps`). The sandbox's own bookkeeping (counts,
/// idempotency records, clocks, migrations) is left out. Values of fields whose names say they are
/// secret (keys, secrets, tokens, hashes) are redacted: a changed secret shows as changed, never
/// its value. Changed fields are compared by dotted path through nested objects
/// (`freezeConfig.reason`); arrays are compared whole.
public struct SnapshotDiff: Sendable {
    /// One resource that is new, gone, or changed.
    public struct Entry: Sendable {
        public var id: String
        public var name: String?
        /// The resource as stored (redacted), for created and deleted ones.
        public var record: JSONValue?
        /// Changed fields: path → (old, new), redacted.
        public var fields: [(path: String, old: JSONValue, new: JSONValue)] = []
    }

    public var created: [String: [Entry]] = [:]
    public var deleted: [String: [Entry]] = [:]
    public var changed: [String: [Entry]] = [:]

    public var isEmpty: Bool { created.isEmpty && deleted.isEmpty && changed.isEmpty }

    public static let redacted = JSONValue.string("[redacted]")

    /// Whether a field's value is a secret (or derived from one) and must not be shown.
    public static func isSecret(_ field: String) -> Bool {
        let name = field.lowercased()
        if name.hasSuffix("prefix") || name == "publickey" || name.hasSuffix("type") || name.hasSuffix("_id") || name.hasSuffix("id") {
            return false
        }
        return ["secret", "password", "token", "hash", "apikey", "api_key", "signature"].contains { name.contains($0) }
            || name == "key"
    }

    /// Compares the state in file `before` with the state in file `after`.
    public static func between(_ before: String, _ after: String) throws -> SnapshotDiff {
        let (old, new) = try StateRows.attached(before, after) { db in
            (try StateRows.read(db, schema: "before", except: "after"), try StateRows.read(db, schema: "after", except: "before"))
        }
        var diff = SnapshotDiff()
        for type in Set(old.keys).union(new.keys).sorted() {
            let a = old[type] ?? [:], b = new[type] ?? [:]
            var created: [Entry] = [], deleted: [Entry] = [], changed: [Entry] = []
            for (key, row) in b.sorted(by: { $0.value.order < $1.value.order }) {
                guard let previous = a[key] else {
                    let record = redact(row.value())
                    created.append(Entry(id: row.id, name: record["name"]?.stringValue, record: record))
                    continue
                }
                guard previous.raw != row.raw else { continue }
                let fields = changes(redact(previous.value()), redact(row.value()))
                guard !fields.isEmpty else { continue }
                changed.append(Entry(id: row.id, name: row.value()["name"]?.stringValue ?? previous.value()["name"]?.stringValue,
                                     record: nil, fields: fields))
            }
            for (key, row) in a.sorted(by: { $0.value.order < $1.value.order }) where b[key] == nil {
                let record = redact(row.value())
                deleted.append(Entry(id: row.id, name: record["name"]?.stringValue, record: record))
            }
            if !created.isEmpty { diff.created[type] = created }
            if !deleted.isEmpty { diff.deleted[type] = deleted }
            if !changed.isEmpty { diff.changed[type] = changed }
        }
        return diff
    }

    /// `{created = {type = [{id, name, record}]}, deleted = {...}, changed = {type = [{id, name,
    /// fields = {path = {old, new}}}]}, summary = {type = {created, deleted, changed}}}`.
    public var json: JSONValue {
        func list(_ groups: [String: [Entry]]) -> JSONValue {
            .object(groups.mapValues { entries in
                .array(entries.map { entry in
                    var object: [String: JSONValue] = ["id": .string(entry.id)]
                    if let name = entry.name { object["name"] = .string(name) }
                    if let record = entry.record { object["record"] = record }
                    if !entry.fields.isEmpty {
                        object["fields"] = .object(Dictionary(entry.fields.map { ($0.path, ["old": $0.old, "new": $0.new] as JSONValue) },
                                                              uniquingKeysWith: { first, _ in first }))
                    }
                    return .object(object)
                })
            })
        }
        var summary: [String: JSONValue] = [:]
        for type in Set(created.keys).union(deleted.keys).union(changed.keys) {
            summary[type] = ["created": .int(created[type]?.count ?? 0), "deleted": .int(deleted[type]?.count ?? 0),
                             "changed": .int(changed[type]?.count ?? 0)]
        }
        return ["created": list(created), "deleted": list(deleted), "changed": list(changed), "summary": .object(summary)]
    }

    /// The diff for people: per type a count line, then `+` created, `-` deleted, `~` changed with
    /// `field: old → new`. At most `limit` resources are listed per type and kind of change.
    public func text(limit: Int = 50) -> String {
        guard !isEmpty else { return "no changes" }
        var lines: [String] = []
        for type in Set(created.keys).union(deleted.keys).union(changed.keys).sorted() {
            let counts = [("created", created[type]?.count ?? 0), ("deleted", deleted[type]?.count ?? 0), ("changed", changed[type]?.count ?? 0)]
                .filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
            lines.append("\(type): \(counts)")
            func label(_ entry: Entry) -> String { entry.name.map { "\(entry.id)  \"\($0)\"" } ?? entry.id }
            for (mark, group) in [("+", created[type] ?? []), ("-", deleted[type] ?? [])] {
                for entry in group.prefix(limit) { lines.append("  \(mark) \(label(entry))") }
                if group.count > limit { lines.append("    … \(group.count - limit) more") }
            }
            let edits = changed[type] ?? []
            for entry in edits.prefix(limit) {
                lines.append("  ~ \(label(entry))")
                for field in entry.fields { lines.append("      \(field.path): \(Self.short(field.old)) → \(Self.short(field.new))") }
            }
            if edits.count > limit { lines.append("    … \(edits.count - limit) more") }
        }
        return lines.joined(separator: "\n")
    }

    static func short(_ value: JSONValue) -> String {
        let text = value.text
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// Fields every use of a key or credential stamps: not a change anyone made.
    static let usageStamps: Set<String> = ["lastUsedAt", "last_used_at"]

    /// Every field of `value` whose name is secret replaced by `[redacted]`, at any depth; stored
    /// timestamps (seconds) shown as the APIs show them, usage stamps left out.
    static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(Dictionary(uniqueKeysWithValues: members.compactMap { key, member -> (String, JSONValue)? in
                if usageStamps.contains(key) { return nil }
                if isSecret(key) && !member.isNull { return (key, redacted) }
                if case .number(let seconds) = member {
                    // Conto's records keep Foundation's seconds since 2001, Contio's tables seconds since 1970.
                    if key.hasSuffix("At") { return (key, .string(SandboxTime.format(Date(timeIntervalSinceReferenceDate: seconds)))) }
                    if key.hasSuffix("_at") || key == "valid_until" { return (key, .string(SandboxTime.format(Date(timeIntervalSince1970: seconds)))) }
                }
                return (key, redact(member))
            }))
        case .array(let items): return .array(items.map(redact))
        default: return value
        }
    }

    /// Changed leaves of two objects by dotted path, sorted by path.
    static func changes(_ old: JSONValue, _ new: JSONValue, prefix: String = "") -> [(path: String, old: JSONValue, new: JSONValue)] {
        guard case .object(let a) = old, case .object(let b) = new else {
            return old == new ? [] : [(prefix, old, new)]
        }
        var out: [(path: String, old: JSONValue, new: JSONValue)] = []
        for key in Set(a.keys).union(b.keys).sorted() {
            let x = a[key] ?? .null, y = b[key] ?? .null
            guard x != y else { continue }
            let path = prefix.isEmpty ? key : prefix + "." + key
            if case .object = x, case .object = y {
                out += changes(x, y, prefix: path)
            } else {
                out.append((path, x, y))
            }
        }
        return out
    }
}

/// The rows in which two state files differ, by resource type and key, with their raw text
/// (compared first, so a row whose only change is ignored is never parsed).
struct StateRows {
    struct Row {
        var id: String
        var raw: String
        var order: Int
        var parse: @Sendable () -> JSONValue
        func value() -> JSONValue { parse() }
    }

    /// Tables of the sandbox's own bookkeeping, never part of a diff.
    static func isBookkeeping(_ table: String) -> Bool {
        table.hasPrefix("sandbox_") || table.hasPrefix("grdb_") || table.hasPrefix("sqlite_") || table.hasSuffix("_counts")
    }

    /// The rows of every table of schema `schema` (an attached state) that are not, column for
    /// column and at the same rowid, in schema `other`: SQLite's EXCEPT finds them, so rows the two
    /// states share are never read into Swift.
    static func read(_ db: Database, schema: String, except other: String) throws -> [String: [String: Row]] {
        var types: [String: [String: Row]] = [:]
        let tables = try String.fetchAll(db, sql: "SELECT name FROM \(schema).sqlite_master WHERE type = 'table' ORDER BY name")
        let theirs = Set(try String.fetchAll(db, sql: "SELECT name FROM \(other).sqlite_master WHERE type = 'table'"))
        var order = 0
        for table in tables where !isBookkeeping(table) {
            let columns = try db.columns(in: table, in: schema).map(\.name)
            let shared = try theirs.contains(table) && db.columns(in: table, in: other).map(\.name) == columns
            let name = table.quotedDatabaseIdentifier
            func select(_ list: String) -> String {
                let mine = "SELECT rowid AS \"__rowid\", \(list) FROM \(schema).\(name)"
                return (shared ? "\(mine) EXCEPT SELECT rowid, \(list) FROM \(other).\(name)" : mine) + " ORDER BY 1"
            }
            if Set(columns).isSuperset(of: ["kind", "id", "body"]) {
                let tenant = columns.first { $0.hasSuffix("_id") } ?? "kind"
                let cursor = try GRDB.Row.fetchCursor(db, sql: select("kind, id, \(tenant.quotedDatabaseIdentifier), body"))
                while let row = try cursor.next() {
                    let kind: String = row["kind"], id: String = row["id"], body: String = row["body"]
                    let tenantValue: String = row[tenant] ?? ""
                    order += 1
                    types[typeName(kind: kind), default: [:]]["\(tenantValue)\u{1F}\(id)"] = Row(id: id, raw: body, order: order) {
                        guard case .object(var members) = (try? JSONValue.parse(Data(body.utf8))) ?? .null else { return .null }
                        members.removeValue(forKey: "_id")
                        members.removeValue(forKey: "_app")
                        return .object(members)
                    }
                }
            } else {
                let info = try GRDB.Row.fetchAll(db, sql: "PRAGMA \(schema).table_info(\(name))")
                let keys = info.filter { ($0["pk"] as Int? ?? 0) > 0 }.sorted { ($0["pk"] as Int? ?? 0) < ($1["pk"] as Int? ?? 0) }
                    .map { $0["name"] as String? ?? "" }
                let type = typeName(table: table)
                let cursor = try GRDB.Row.fetchCursor(db, sql: select(columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")))
                while let row = try cursor.next() {
                    var members: [String: JSONValue] = [:]
                    for column in columns { members[column] = Self.json(row[column] as DatabaseValue) }
                    let value = JSONValue.object(members)
                    let key = keys.isEmpty ? "\(row["__rowid"] as Int64? ?? 0)" : keys.map { members[$0]?.text ?? "" }.joined(separator: "\u{1F}")
                    // A key column that is a secret (a token's hash) never names the row.
                    let id = members["id"]?.stringValue
                        ?? keys.map { SnapshotDiff.isSecret($0) ? "[redacted]" : (members[$0].map(Self.plain) ?? "") }.joined(separator: ":")
                    order += 1
                    types[type, default: [:]][key] = Row(id: id.isEmpty ? key : id, raw: value.text, order: order) { value }
                }
            }
        }
        return types
    }

    /// Both state files attached to one in-memory connection, as `before` and `after`.
    static func attached<T>(_ before: String, _ after: String, _ body: (Database) throws -> T) throws -> T {
        for path in [before, after] where !FileManager.default.fileExists(atPath: path) {
            throw SandboxError(.notFound, code: "snapshot_not_found", "no sandbox state at \(path)")
        }
        let queue = try DatabaseQueue()
        return try queue.inDatabase { db in
            try db.execute(sql: "ATTACH DATABASE ? AS before", arguments: [before])
            try db.execute(sql: "ATTACH DATABASE ? AS after", arguments: [after])
            return try body(db)
        }
    }

    static func plain(_ value: JSONValue) -> String { value.stringValue ?? value.text }

    static func json(_ value: DatabaseValue) -> JSONValue {
        switch value.storage {
        case .null: return .null
        case .int64(let n): return .number(Double(n))
        case .double(let d): return .number(d)
        case .string(let s): return .string(s)
        case .blob(let data): return .string("[\(data.count) bytes]")
        }
    }

    /// `wallet_link` → `walletLinks`, `policy` → `policies`, `audit` → `auditEntries`.
    static func typeName(kind: String) -> String {
        let special = ["audit": "auditEntries", "idp": "idpConfigs"]
        if let name = special[kind] { return name }
        return plural(camel(kind))
    }

    /// `contio_credential_history` → `credentialHistory`, `contio_apps` → `apps`.
    static func typeName(table: String) -> String {
        let parts = table.split(separator: "_")
        let rest = parts.count > 1 ? parts.dropFirst().joined(separator: "_") : table
        return camel(rest)
    }

    static func camel(_ snake: String) -> String {
        let parts = snake.split(separator: "_").map(String.init)
        guard let first = parts.first else { return snake }
        return first + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func plural(_ word: String) -> String {
        if word.hasSuffix("y"), let before = word.dropLast().last, !"aeiou".contains(before) { return word.dropLast() + "ies" }
        if word.hasSuffix("s") || word.hasSuffix("x") || word.hasSuffix("ch") { return word + "es" }
        return word + "s"
    }
}
