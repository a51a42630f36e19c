import SandboxCore

/// The body fields of `conto_documents` with an index of their own (migrations conto.v4.lookups
/// and conto.v5.audit-resource; each list stays as its migration created it):
/// what routes look documents up by besides their id. A `DocumentQuery` filter on one value of
/// such a field reads that index's entries for (kind, org, value) in insertion order.
enum ContoIndexedFields {
    /// (index name suffix, indexed expression).
    static let all: [(String, String)] = [
        ("agent", DocumentField.extract("agentId")),          // links, assignments, keys, transactions, alerts of an agent
        ("wallet", DocumentField.extract("walletId")),        // links and transactions of a wallet
        ("policy", DocumentField.extract("policyId")),        // assignments of a policy
        ("address", DocumentField.lowered("address")),        // counterparties and wallets by address, any case
        ("recipient", DocumentField.lowered("recipientAddress")), // transactions paid to an address
        ("severity", DocumentField.extract("severity")),      // alert filters and stats
        ("type", DocumentField.extract("type")),
        ("scope", DocumentField.extract("scope")),            // org-wide policies
    ]

    /// Added by conto.v5.audit-resource: one resource's audit history (`GET /api/audit-logs?resourceId=`).
    static let auditResource: [(String, String)] = [
        ("resource_id", DocumentField.extract("resourceId")),
    ]
}
