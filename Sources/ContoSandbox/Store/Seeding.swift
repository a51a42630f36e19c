import Foundation
import SandboxCore

/// Creating tenants: the demo org on first start, and more through the sandbox endpoint.
enum Seeding {
    struct CreatedOrganization {
        var org: Organization
        var member: Member
        var key: OrgApiKey
        /// The org key in clear, returned once.
        var secret: String
    }

    /// An org with an OWNER membership and one org key of `preset`; `reusing` gives the org id and
    /// key secret (the seed record's, on a reset) instead of fresh ones.
    static func createOrganization(_ docs: DocumentStore, name: String, preset: ContoScopePreset, now: Date,
                                   reusing given: (orgId: String, secret: String)? = nil) throws -> CreatedOrganization {
        let org = Organization(id: given?.orgId ?? ContoKeys.id("org"), name: name, createdAt: now, settings: nil)
        let member = Member(id: ContoKeys.id("mem"), orgId: org.id, userId: ContoKeys.id("usr"), name: "Sandbox Owner",
                            email: "owner@\(org.id.replacingOccurrences(of: "_", with: "-")).sandbox.invalid", role: "OWNER", createdAt: now)
        let (key, secret) = newOrgKey(org: org.id, name: "\(preset.rawValue.capitalized) key", scopes: preset.scopes.map(\.rawValue),
                                      expiresAt: nil, now: now, secret: given?.secret)
        try docs.save(org)
        try docs.save(member)
        try docs.save(key)
        try AuditTrail.append(docs: docs, org: org.id, action: "CREATE", resource: "organization", resourceId: org.id, actorType: "SYSTEM",
                              actorId: "sandbox", previous: nil, new: ["name": .string(name)], metadata: [:], ipAddress: nil, userAgent: nil, at: now)
        return CreatedOrganization(org: org, member: member, key: key, secret: secret)
    }

    /// A new org key record and its secret.
    static func newOrgKey(org: String, name: String, scopes: [String], expiresAt: Date?, now: Date, secret given: String? = nil) -> (OrgApiKey, String) {
        let secret = given ?? ContoKeys.newOrgKey()
        let key = OrgApiKey(id: ContoKeys.id("key"), orgId: org, name: name, keyPrefix: ContoKeys.displayPrefix(secret),
                            keyHash: SecretHasher.hash(secret), scopes: scopes, createdAt: now, expiresAt: expiresAt, revokedAt: nil, lastUsedAt: nil)
        return (key, secret)
    }
}
