import Foundation

// The JSON each record answers with, next to the schema that documents it, so the two change
// together. The contract test checks every live response against these schemas.

extension Agent {
    var json: JSON {
        ["id": .string(id), "name": .string(name), "agentType": .string(agentType.rawValue), "status": .string(status.rawValue),
         "description": .optional(description), "publicKey": .string(publicKey), "externalId": .optional(externalId),
         "purpose": .optional(purpose), "environment": .optional(environment), "riskTier": .optional(riskTier),
         "ownerMembershipId": .optional(ownerMembershipId), "allowedContexts": .strings(allowedContexts),
         "identityTags": .strings(identityTags), "autoFreezeEnabled": .bool(autoFreezeEnabled), "freezeConfig": freezeConfig ?? .null,
         "createdAt": .date(createdAt), "updatedAt": .date(updatedAt)]
    }

    static let schema = Schema.record([
        "id": .string, "name": .string, "agentType": .cases(AgentType.self), "status": .cases(AgentStatus.self),
        "description": .nullable(.string), "publicKey": .string, "externalId": .nullable(.string), "purpose": .nullable(.string),
        "environment": .nullable(.string), "riskTier": .nullable(.string), "ownerMembershipId": .nullable(.string),
        "allowedContexts": .array(.string), "identityTags": .array(.string), "autoFreezeEnabled": .boolean,
        "freezeConfig": .nullable(.map), "createdAt": .dateTime, "updatedAt": .dateTime,
    ])
}

extension Wallet {
    var json: JSON {
        let chain = Chains.info(chainId)
        return ["id": .string(id), "name": .string(name), "address": .string(address), "walletType": .string(walletType.rawValue),
                "chainType": .string(chainType.rawValue), "chainId": .string(chainId), "custodyType": .string(custodyType.rawValue),
                "usdcBalance": .money(balance), "balance": .money(balance), "currency": .string(chain.currency),
                "status": .string(status.rawValue), "isWatchOnly": .bool(isWatchOnly), "externalWalletId": .optional(externalWalletId),
                "provisioned": .bool(provisioned), "provisionedAt": .date(provisionedAt), "lastSyncedAt": .date(lastSyncedAt),
                "createdAt": .date(createdAt), "updatedAt": .date(updatedAt)]
    }

    static let schema = Schema.record([
        "id": .string, "name": .string, "address": .string, "walletType": .cases(WalletType.self), "chainType": .cases(ChainType.self),
        "chainId": .string, "custodyType": .cases(CustodyType.self), "usdcBalance": .number, "balance": .number, "currency": .string,
        "status": .cases(WalletStatus.self), "isWatchOnly": .boolean, "externalWalletId": .nullable(.string), "provisioned": .boolean,
        "provisionedAt": .nullable(.dateTime), "lastSyncedAt": .nullable(.dateTime), "createdAt": .dateTime, "updatedAt": .dateTime,
    ])
}

extension WalletLink {
    func json(wallet: Wallet?, spend: LinkSpend) -> JSON {
        ["id": .string(id), "agentId": .string(agentId), "walletId": .string(walletId), "delegationType": .string(delegationType.rawValue),
         "spendLimitPerTx": .money(spendLimitPerTx), "spendLimitDaily": .money(spendLimitDaily),
         "spendLimitWeekly": .money(spendLimitWeekly), "spendLimitMonthly": .money(spendLimitMonthly),
         "allowedHoursStart": .count(allowedHoursStart), "allowedHoursEnd": .count(allowedHoursEnd),
         "allowedDays": .strings(allowedDays.map(\.rawValue)), "timezone": .string(timezone), "isActive": .bool(isActive),
         "spentToday": .money(spend.today), "spentThisWeek": .money(spend.thisWeek), "spentThisMonth": .money(spend.thisMonth),
         "wallet": wallet?.json ?? .null, "createdAt": .date(createdAt), "updatedAt": .date(updatedAt)]
    }

    static let schema = Schema.record([
        "id": .string, "agentId": .string, "walletId": .string, "delegationType": .cases(DelegationType.self),
        "spendLimitPerTx": .nullable(.number), "spendLimitDaily": .nullable(.number), "spendLimitWeekly": .nullable(.number),
        "spendLimitMonthly": .nullable(.number), "allowedHoursStart": .integer, "allowedHoursEnd": .integer,
        "allowedDays": .array(.cases(Weekday.self)), "timezone": .string, "isActive": .boolean, "spentToday": .number,
        "spentThisWeek": .number, "spentThisMonth": .number, "wallet": .nullable(.ref("Wallet")), "createdAt": .dateTime,
        "updatedAt": .dateTime,
    ])
}

extension PolicyRule {
    var json: JSON {
        ["id": .string(id), "ruleType": .string(ruleType.rawValue), "operator": .string(self.operator.rawValue),
         "value": .string(value), "action": .string(action.rawValue), "createdAt": .date(createdAt)]
    }

    static let schema = Schema.record([
        "id": .string, "ruleType": .cases(RuleType.self), "operator": .cases(RuleOperator.self), "value": .string,
        "action": .cases(RuleAction.self), "createdAt": .dateTime,
    ])
}

extension Policy {
    /// `assignments` are this policy's agent assignments with the agents' names.
    func json(assignments: [(AgentPolicy, Agent?)]) -> JSON {
        ["id": .string(id), "name": .string(name), "description": .optional(description), "policyType": .string(policyType.rawValue),
         "priority": .count(priority), "isActive": .bool(isActive), "scope": .string(scope), "rules": .array(rules.map(\.json)),
         "agentPolicies": .array(assignments.map { assignment, agent in
             ["id": .string(assignment.id), "agent": ["id": .string(assignment.agentId), "name": .optional(agent?.name)]]
         }),
         "createdAt": .date(createdAt), "updatedAt": .date(updatedAt)]
    }

    static let schema = Schema.record([
        "id": .string, "name": .string, "description": .nullable(.string), "policyType": .cases(PolicyType.self),
        "priority": .integer, "isActive": .boolean, "scope": .enumeration(["assigned", "organization"]),
        "rules": .array(.ref("PolicyRule")),
        "agentPolicies": .array(.record(["id": .string, "agent": .record(["id": .string, "name": .nullable(.string)])])),
        "createdAt": .dateTime, "updatedAt": .dateTime,
    ])
}

extension AgentPolicy {
    func json(policy: JSON) -> JSON {
        ["id": .string(id), "agentId": .string(agentId), "policyId": .string(policyId), "policy": policy, "createdAt": .date(createdAt)]
    }

    static let schema = Schema.record([
        "id": .string, "agentId": .string, "policyId": .string, "policy": .ref("Policy"), "createdAt": .dateTime,
    ])
}

extension SdkKey {
    var json: JSON {
        ["id": .string(id), "agentId": .string(agentId), "name": .string(name), "keyPrefix": .string(keyPrefix),
         "keyType": .string(keyType.rawValue), "scopes": .strings(scopes), "expiresAt": .date(expiresAt),
         "lastUsedAt": .date(lastUsedAt), "revokedAt": .date(revokedAt), "createdAt": .date(createdAt),
         "isActive": .bool(revokedAt == nil)]
    }

    static let schema = Schema.record([
        "id": .string, "agentId": .string, "name": .string, "keyPrefix": .string, "keyType": .cases(SdkKeyType.self),
        "scopes": .array(.string), "expiresAt": .dateTime, "lastUsedAt": .nullable(.dateTime), "revokedAt": .nullable(.dateTime),
        "createdAt": .dateTime, "isActive": .boolean,
    ])
}

/// Activity figures of a counterparty, derived from transactions.
struct CounterpartyStats {
    var count = 0
    var volume = Decimal(0)
    var last: Date?
}

extension Counterparty {
    func json(stats: CounterpartyStats) -> JSON {
        ["id": .string(id), "name": .string(name), "address": .string(address), "status": .string(status.rawValue),
         "trustScore": .money(trustScore), "category": .optional(category), "type": .optional(type),
         "description": .optional(description), "notes": .optional(notes), "website": .optional(website),
         "country": .optional(country), "approvalStatus": .optional(approvalStatus),
         "transactionCount": .count(stats.count), "totalVolume": .money(stats.volume),
         "averageAmount": .money(stats.count == 0 ? 0 : stats.volume / Decimal(stats.count)),
         "lastTransactionAt": .date(stats.last), "createdAt": .date(createdAt), "updatedAt": .date(updatedAt)]
    }

    static let schema = Schema.record([
        "id": .string, "name": .string, "address": .string, "status": .cases(TrustLevel.self), "trustScore": .number,
        "category": .nullable(.string), "type": .nullable(.string), "description": .nullable(.string), "notes": .nullable(.string),
        "website": .nullable(.string), "country": .nullable(.string), "approvalStatus": .nullable(.string),
        "transactionCount": .integer, "totalVolume": .number, "averageAmount": .number, "lastTransactionAt": .nullable(.dateTime),
        "createdAt": .dateTime, "updatedAt": .dateTime,
    ])
}

extension Alert {
    func json(agent: Agent?, wallet: Wallet?) -> JSON {
        ["id": .string(id), "type": .string(type.rawValue), "severity": .string(severity.rawValue), "status": .string(status.rawValue),
         "title": .string(title), "message": .string(message),
         "agent": agent.map { ["id": .string($0.id), "name": .string($0.name)] } ?? .null,
         "wallet": wallet.map { ["id": .string($0.id), "name": .string($0.name)] } ?? .null,
         "metadata": metadata, "acknowledgedAt": .date(acknowledgedAt), "acknowledgedBy": .optional(acknowledgedBy),
         "resolvedAt": .date(resolvedAt), "resolvedBy": .optional(resolvedBy), "createdAt": .date(createdAt)]
    }

    static let schema = Schema.record([
        "id": .string, "type": .cases(AlertType.self), "severity": .cases(AlertSeverity.self), "status": .cases(AlertStatus.self),
        "title": .string, "message": .string, "agent": .nullable(.record(["id": .string, "name": .string])),
        "wallet": .nullable(.record(["id": .string, "name": .string])), "metadata": .map,
        "acknowledgedAt": .nullable(.dateTime), "acknowledgedBy": .nullable(.string), "resolvedAt": .nullable(.dateTime),
        "resolvedBy": .nullable(.string), "createdAt": .dateTime,
    ])
}

extension PaymentTransaction {
    var json: JSON {
        ["id": .string(id), "transactionId": .string(id), "agentId": .string(agentId), "walletId": .string(walletId),
         "amount": .money(amount), "currency": .string(currency), "chainId": .string(chainId),
         "recipientAddress": .string(recipientAddress), "toAddress": .string(recipientAddress),
         "recipientName": .optional(recipientName), "purpose": .optional(purpose), "category": .optional(category),
         "status": .string(status), "txHash": .string(txHash), "explorerUrl": .optional(explorerUrl), "paymentId": .string(paymentId),
         "createdAt": .date(createdAt), "confirmedAt": .date(confirmedAt)]
    }

    static let schema = Schema.record([
        "id": .string, "transactionId": .string, "agentId": .string, "walletId": .string, "amount": .number, "currency": .string,
        "chainId": .string, "recipientAddress": .string, "toAddress": .string, "recipientName": .nullable(.string),
        "purpose": .nullable(.string), "category": .nullable(.string), "status": .string, "txHash": .string,
        "explorerUrl": .nullable(.string), "paymentId": .string, "createdAt": .dateTime, "confirmedAt": .dateTime,
    ])
}

extension AuditEntry {
    var json: JSON {
        ["id": .string(id), "action": .string(action), "resource": .string(resource), "resourceId": .optional(resourceId),
         "actorType": .string(actorType), "actorId": .string(actorId), "previousState": previousState ?? .null,
         "newState": newState ?? .null, "metadata": metadata, "ipAddress": .optional(ipAddress), "userAgent": .optional(userAgent),
         "previousHash": .string(previousHash), "hash": .string(hash), "createdAt": .date(createdAt)]
    }

    static let schema = Schema.record([
        "id": .string, "action": .string, "resource": .string, "resourceId": .nullable(.string), "actorType": .string,
        "actorId": .string, "previousState": .any, "newState": .any, "metadata": .map, "ipAddress": .nullable(.string),
        "userAgent": .nullable(.string), "previousHash": .string, "hash": .string, "createdAt": .dateTime,
    ])
}

extension Member {
    var json: JSON {
        ["id": .string(id), "userId": .string(userId), "name": .string(name), "email": .string(email), "role": .string(role),
         "createdAt": .date(createdAt)]
    }

    static let schema = Schema.record([
        "id": .string, "userId": .string, "name": .string, "email": .string, "role": .string, "createdAt": .dateTime,
    ])
}
