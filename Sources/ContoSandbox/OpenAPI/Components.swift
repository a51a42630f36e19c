/// Named schemas of `#/components/schemas`, referenced by the routes.
enum Components {
    static var all: [String: Schema] {
        [
            "Agent": Agent.schema,
            "AgentDetail": extending(Agent.schema, with: [
                "wallets": .array(.ref("WalletLink")), "policies": .array(.ref("Policy")),
                "_count": .record(["sentTransactions": .integer]),
            ]),
            "Wallet": Wallet.schema,
            "WalletLink": WalletLink.schema,
            "Policy": Policy.schema,
            "PolicyRule": PolicyRule.schema,
            "PolicyAssignment": AgentPolicy.schema,
            "SdkKey": SdkKey.schema,
            "SdkKeyCreated": extending(SdkKey.schema, with: ["key": .string, "message": .string]),
            "Counterparty": Counterparty.schema,
            "Alert": Alert.schema,
            "Transaction": PaymentTransaction.schema,
            "AuditLog": AuditEntry.schema,
            "Member": Member.schema,
            "Pagination": Envelope.paginationSchema,
            "Success": Envelope.successSchema,
            "Error": .record(["error": .string, "code": .string, "message": .string, "details": .array(.map), "requiredScope": .string],
                             optional: ["details", "requiredScope"]),
            "Violation": .record(["type": .string, "limit": .any, "current": .any, "message": .string]),
            "PaymentRequestResult": .record([
                "requestId": .string, "status": .enumeration(["APPROVED", "DENIED", "REQUIRES_APPROVAL", "EXECUTED"]),
                "wallet": .record(["id": .string, "address": .string, "chainId": .string, "custodyType": .cases(CustodyType.self),
                                   "availableBalance": .number]),
                "walletSelectionReason": .string, "currency": .string,
                "chain": .record(["chainId": .string, "chainName": .string, "chainType": .cases(ChainType.self), "explorerUrl": .nullable(.string)]),
                "reasons": .array(.string), "violations": .array(.ref("Violation")), "expiresAt": .nullable(.dateTime),
                "approvalRequestId": .string, "execution": .ref("Execution"), "autoExecuteError": .string,
            ], optional: ["approvalRequestId", "execution", "autoExecuteError"]),
            "PaymentApprovalResult": .record([
                "approved": .boolean, "reasons": .array(.string), "violations": .array(.ref("Violation")), "requiresHumanApproval": .boolean,
                "limits": .record(["dailyUsed": .number, "dailyLimit": .nullable(.number), "dailyRemaining": .nullable(.number)]),
                "walletId": .string, "approvalId": .string, "approvalToken": .string, "expiresAt": .dateTime, "confirmUrl": .string,
                "approvalRequestId": .string,
            ], optional: ["approvalId", "approvalToken", "expiresAt", "confirmUrl", "approvalRequestId"]),
            "PaymentConfirmation": .record([
                "confirmed": .boolean, "transactionId": .string, "status": .string, "amount": .number, "currency": .string,
                "recipient": .string, "txHash": .string, "explorerUrl": .nullable(.string),
            ]),
            "Execution": .record(["transactionId": .string, "txHash": .string, "explorerUrl": .nullable(.string), "status": .string]),
            "PaymentExecution": .record(["requestId": .string, "status": .string, "execution": .ref("Execution")]),
            "PaymentRecord": .record([
                "id": .string, "kind": .enumeration(["request", "approval"]), "status": .string, "amount": .number,
                "recipientAddress": .string, "walletId": .nullable(.string), "chainId": .string, "expiresAt": .nullable(.dateTime),
                "transactionId": .nullable(.string), "createdAt": .dateTime,
            ]),
        ]
    }

    /// `base` (an object schema) with more members, all required.
    static func extending(_ base: Schema, with more: [String: Schema]) -> Schema {
        guard case .object(let properties, let required) = base else { return base }
        return .object(properties.merging(more) { _, new in new }, required: (required + more.keys).sorted())
    }
}
