import Foundation
import GRDB
import SandboxCore

/// Writes an organization read from a real Conto API (as its admin endpoints answer) into a fresh
/// sandbox state, with the same ids, fields and relations, straight into the document store.
///
/// Secrets are never copied (the API does not give them out): the clone's org gets a new admin
/// org key, and each SDK key keeps its metadata (id, name, prefix, scopes, dates) with a new secret
/// of its own. Derived figures (a link's spend so far, a counterparty's volume) follow from the
/// transactions copied with it.
public enum ContoImport {
    /// What was read, as the API answered: each list's items.
    public struct Source: Sendable {
        public var members: [JSONValue] = []
        public var agents: [JSONValue] = []
        public var wallets: [JSONValue] = []
        /// Items of `agents.listWallets` (each names its agent and wallet).
        public var links: [JSONValue] = []
        public var policies: [JSONValue] = []
        /// Items of `agents.listPolicies`.
        public var assignments: [JSONValue] = []
        /// Items of `agents.listSdkKeys`.
        public var sdkKeys: [JSONValue] = []
        public var counterparties: [JSONValue] = []
        public var alerts: [JSONValue] = []
        public var transactions: [JSONValue] = []

        public init() {}
    }

    /// The clone's credentials: its org key and a new secret for each SDK key, by key id.
    public struct Credentials: Sendable {
        public var orgId: String
        public var orgKey: String
        public var sdkKeys: [String: String]

        /// The seed record's Conto part.
        public var seedPart: JSONValue {
            ["org_id": .string(orgId), "org_api_key": .string(orgKey), "sdk_keys": .object(sdkKeys.mapValues(JSONValue.string))]
        }
    }

    /// A record that could not be written, and why.
    public struct Skipped: Sendable {
        public var type: String
        public var id: String
        public var reason: String
    }

    /// Writes the org inside `db`'s transaction; returns its credentials and what was skipped.
    public static func write(_ source: Source, orgName: String, into db: Database, now: Date = Date()) throws -> (Credentials, [Skipped]) {
        let docs = DocumentStore(db: db)
        let org = Organization(id: ContoKeys.id("org"), name: orgName, createdAt: now, settings: nil)
        try docs.save(org)
        let (key, secret) = Seeding.newOrgKey(org: org.id, name: "Clone admin key", scopes: ContoScopePreset.admin.scopes.map(\.rawValue),
                                              expiresAt: nil, now: now)
        try docs.save(key)
        var skipped: [Skipped] = []
        var sdkSecrets: [String: String] = [:]

        func put<T: StoredDocument>(_ type: T.Type, _ label: String, _ items: [JSONValue], dates: [String],
                                    adjust: (inout [String: JSONValue]) -> Void = { _ in }) throws {
            // The store's order is insertion order: oldest first, whatever order the list answered in.
            let oldestFirst = items.enumerated().sorted { a, b in
                let (x, y) = (a.element["createdAt"]?.stringValue.flatMap(ISO8601.parse), b.element["createdAt"]?.stringValue.flatMap(ISO8601.parse))
                if let x, let y, x != y { return x < y }
                return a.offset < b.offset
            }.map(\.element)
            for item in oldestFirst {
                guard case .object(var fields) = item else { continue }
                fields["orgId"] = .string(org.id)
                adjust(&fields)
                let id = fields["id"]?.stringValue ?? "?"
                do {
                    try docs.save(try record(T.self, fields, dates: dates))
                } catch let error as DecodingError {
                    skipped.append(Skipped(type: label, id: id, reason: describe(error)))
                }
            }
        }

        try put(Member.self, "members", source.members, dates: ["createdAt"])
        try put(Agent.self, "agents", source.agents, dates: ["createdAt", "updatedAt"]) { fields in
            fields["frozenWalletIds"] = .array([])
            fields["allowedContexts"] = fields["allowedContexts"] ?? .array([])
            fields["identityTags"] = fields["identityTags"] ?? .array([])
        }
        try put(Wallet.self, "wallets", source.wallets, dates: ["createdAt", "updatedAt", "provisionedAt", "lastSyncedAt"]) { fields in
            if fields["balance"] == nil { fields["balance"] = fields["usdcBalance"] ?? .number(0) }
        }
        try put(WalletLink.self, "walletLinks", source.links, dates: ["createdAt", "updatedAt"])
        try put(Policy.self, "policies", source.policies, dates: ["createdAt", "updatedAt"]) { fields in
            let rules = fields["rules"]?.arrayValue ?? []
            fields["rules"] = .array(rules.map { rule in
                guard case .object(var members) = rule else { return rule }
                members["createdAt"] = members["createdAt"].map(referenceDate) ?? .null
                return .object(members)
            })
            fields["scope"] = fields["scope"] ?? .string("assigned")
        }
        try put(AgentPolicy.self, "agentPolicies", source.assignments, dates: ["createdAt"])
        try put(SdkKey.self, "sdkKeys", source.sdkKeys, dates: ["createdAt", "expiresAt", "lastUsedAt", "revokedAt"]) { fields in
            let secret = ContoKeys.newAgentKey()
            if let id = fields["id"]?.stringValue { sdkSecrets[id] = secret }
            fields["keyHash"] = .string(SecretHasher.hash(secret))
            fields["keyType"] = fields["keyType"] ?? .string("standard")
        }
        try put(Counterparty.self, "counterparties", source.counterparties, dates: ["createdAt", "updatedAt"])
        try put(Alert.self, "alerts", source.alerts, dates: ["createdAt", "acknowledgedAt", "resolvedAt"]) { fields in
            fields["agentId"] = fields["agent"]?["id"] ?? .null
            fields["walletId"] = fields["wallet"]?["id"] ?? .null
            fields["metadata"] = fields["metadata"] ?? .object([:])
        }
        try put(PaymentTransaction.self, "transactions", source.transactions, dates: ["createdAt", "confirmedAt"]) { fields in
            if fields["recipientAddress"] == nil { fields["recipientAddress"] = fields["toAddress"] ?? .string("") }
        }
        return (Credentials(orgId: org.id, orgKey: secret, sdkKeys: sdkSecrets), skipped)
    }

    /// The stored record of a wire object: its timestamps as the store keeps them, then decoded.
    static func record<T: Decodable>(_ type: T.Type, _ fields: [String: JSONValue], dates: [String]) throws -> T {
        var fields = fields
        for name in dates { if let value = fields[name] { fields[name] = referenceDate(value) } }
        // JSON null for a missing optional reads as nil; explicit nulls of dates were mapped above.
        return try JSONDecoder().decode(T.self, from: JSONValue.object(fields.filter { !$0.value.isNull }).encoded())
    }

    /// An ISO-8601 string as the seconds since 2001 Foundation's default `Date` coding uses: a
    /// quarter into its millisecond, so formatting it again (which truncates) gives the same text.
    static func referenceDate(_ value: JSONValue) -> JSONValue {
        guard let text = value.stringValue, let date = ISO8601.parse(text) else { return value }
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        return .number(Date(timeIntervalSince1970: (milliseconds + 0.25) / 1000).timeIntervalSinceReferenceDate)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "field \(path): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
