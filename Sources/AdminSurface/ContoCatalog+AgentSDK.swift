extension ContoCatalog {
    /// Fields of a payment request or approval (`POST /api/sdk/payments/request|approve`).
    static let paymentFields: [Parameter] = [
        Parameter("amount", .number, required: true, "Amount in the wallet's currency (> 0)"),
        Parameter("recipientAddress", .string, required: true, "EVM address (0x + 40 hex) or Solana address"),
        Parameter("recipientName", .string, "Counterparty name, for audit and policies"),
        Parameter("purpose", .string, "Why the agent pays"),
        Parameter("category", .string, "Spend category (policies can allow or block categories)"),
        Parameter("context", .object, "Free-form context recorded with the payment"),
        Parameter("walletId", .string, "Wallet to pay from (default: chosen among the agent's links)"),
        Parameter("senderAddress", .string, "Address of the paying wallet (approve: the external wallet)"),
        Parameter("chainId", .any, "Chain id, e.g. 42431 (number or string)"),
        Parameter("urgency", .enumeration(["LOW", "NORMAL", "HIGH", "CRITICAL"]), "Urgency shown to human approvers"),
        Parameter("autoExecute", .boolean, "request: execute at once when approved (needs payments:execute)"),
        Parameter("targetContractAddress", .string, "Contract the payment calls, for contract policies"),
        Parameter("functionSelector", .string, "4-byte selector of the called function (0x + 8 hex)"),
        Parameter("idempotencyKey", .string, "Same key and body: the original answer; different body: 409"),
    ]

    /// The agent side (`/api/sdk/*`), authenticated with an agent SDK key passed as the first
    /// argument: what an agent would be told, used to check a provisioned agent's limits and
    /// policies end to end. [I] Named under `conto.sdk`, beside the admin namespaces.
    static let agentSDK: [AdminOperation] = [
        op("sdk.payments.request", .post, "/api/sdk/payments/request", scope: "payments:request", paymentFields,
           authentication: .agentKey,
           undo: .none(reason: "payment requests are the agent's; an approval expires if it is not confirmed"), secrets: ["approvalToken"],
           summary: "As the agent: ask to pay from a managed wallet; returns the policy decision.",
           help: "conto.sdk.payments.request(sdkKey, {amount=, recipientAddress=, ...}) -> {requestId, status=APPROVED|DENIED|PENDING_APPROVAL, reasons, violations, wallet}.\nDecisions come back as results, not errors."),
        op("sdk.payments.approve", .post, "/api/sdk/payments/approve", scope: "payments:approve", paymentFields,
           authentication: .agentKey,
           undo: .none(reason: "nothing to undo: it evaluates a payment and changes nothing"), secrets: ["approvalToken"],
           summary: "As the agent: pre-approve a payment from an external wallet (limits, then policies).",
           help: "Approved: {approved=true, approvalId, approvalToken, expiresAt, limits}. Denied: {approved=false, reasons, violations={{type, limit, current, message}}, requiresHumanApproval}.\nThe SDK key needs the payments:approve scope."),
        op("sdk.payments.confirm", .post, "/api/sdk/payments/{paymentId}/confirm", scope: "payments:confirm", [
            Parameter("txHash", .string, "Hash of the on-chain transaction"),
            Parameter("approvalToken", .string, "The approvalToken of the approval (required for approvals)"),
        ], authentication: .agentKey,
           undo: .none(reason: "a confirmed payment is recorded; it cannot be unconfirmed"), destructive: true,
           summary: "As the agent: confirm an approved payment; it counts toward the limits.",
           help: "Returns {confirmed=true, transactionId, status, amount, currency, recipient, txHash, explorerUrl}."),
        op("sdk.payments.execute", .post, "/api/sdk/payments/{paymentId}/execute", scope: "payments:execute",
           authentication: .agentKey,
           undo: .none(reason: "money that moved cannot be moved back by the API"), destructive: true,
           summary: "As the agent: execute an approved request from its managed wallet.",
           help: "Returns {requestId, status=EXECUTED, execution}."),
        op("sdk.payments.get", .get, "/api/sdk/payments/{paymentId}", scope: "payments:request",
           authentication: .agentKey,
           summary: "As the agent: one of its payment requests or approvals.",
           help: "Returns {id, kind, status, amount, recipientAddress, walletId, chainId, expiresAt, transactionId, createdAt}."),
        op("sdk.policies.list", .get, "/api/sdk/policies", scope: "policies:read", [
            .query("walletId", .string, "Also return the limits of the agent's link to this wallet"),
        ], authentication: .agentKey,
           summary: "As the agent: its effective policies (assigned and org-wide), in evaluation order.",
           help: "Returns {policies, walletLimits}."),
    ]
}
