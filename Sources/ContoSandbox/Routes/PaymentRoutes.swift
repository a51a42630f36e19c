import Foundation
import SandboxCore

/// `/api/sdk/*`: the agent-key endpoints that make policies observable (contract §5.1).
///
/// Decisions come back as 200 bodies with a status field; only malformed requests and
/// impossible flows (no wallet, wrong state, expired) are errors.
enum PaymentRoutes {
    static var all: [ContoRoute] { [request, approve, confirm, execute, get, policies] }

    static let body = Schema.record([
        "amount": .number, "recipientAddress": .string, "recipientName": .string, "purpose": .string, "category": .string,
        "context": .map, "walletId": .string, "senderAddress": .string, "chainId": .oneOf([.string, .integer]),
        "urgency": .cases(PaymentUrgency.self), "autoExecute": .boolean, "targetContractAddress": .string,
        "functionSelector": .string, "idempotencyKey": .string,
    ], optional: ["recipientName", "purpose", "category", "context", "walletId", "senderAddress", "chainId", "urgency",
                  "autoExecute", "targetContractAddress", "functionSelector", "idempotencyKey"])

    static let example: JSON = ["amount": 25, "recipientAddress": "0x2222222222222222222222222222222222222222",
                                "recipientName": "Acme Cloud", "category": "CLOUD", "purpose": "Monthly invoice"]

    static let request = ContoRoute.send(
        .post, "/api/sdk/payments/request", "sdk.payments.request", "Ask to pay from a managed wallet; returns the policy decision",
        tag: "Payments (agent key)", access: .agent("payments:request"), body: body, example: example, response: .ref("PaymentRequestResult")
    ) { call in
        let (key, agent) = try caller(call)
        let request = try PaymentFlow.parse(try call.fields())
        if let replay = try replay(call, agentId: agent.id, key: request.idempotencyKey) { return replay }
        let (wallet, link, reason) = try PaymentFlow.chooseWallet(call, agent: agent, request: request, managedOnly: true)
        let decision = try PaymentFlow.decide(call, agent: agent, wallet: wallet, link: link, request: request)
        var payment = record(call, agent: agent, wallet: wallet, request: request, kind: .request, status: decision.outcome.rawValue,
                             lifetime: 5 * 60)
        var response: [String: JSON] = [
            "requestId": .string(payment.id), "status": .string(decision.outcome.rawValue),
            "wallet": ["id": .string(wallet.id), "address": .string(wallet.address), "chainId": .string(wallet.chainId),
                       "custodyType": .string(wallet.custodyType.rawValue), "availableBalance": .money(wallet.balance)],
            "walletSelectionReason": .string(reason), "currency": .string(Chains.info(wallet.chainId).currency),
            "chain": PaymentFlow.chainJSON(wallet.chainId), "reasons": .strings(decision.reasons),
            "violations": .array(decision.violations.map(\.json)), "expiresAt": .date(payment.expiresAt),
        ]
        if decision.outcome == .requiresApproval { response["approvalRequestId"] = .string(payment.id) }
        if decision.outcome == .approved, request.autoExecute {
            // autoExecute needs payments:execute [D]; without it the request stays APPROVED.
            if key.scopes.contains("payments:execute") {
                payment.response = .object(response)
                let transaction = try PaymentFlow.settle(call, payment: &payment, txHash: nil, finalStatus: "EXECUTED")
                response["status"] = "EXECUTED"
                response["execution"] = execution(transaction)
            } else {
                response["autoExecuteError"] = "autoExecute requires the payments:execute scope"
            }
        }
        payment.response = .object(response)
        try call.docs.save(payment)
        if decision.outcome == .denied { try PaymentFlow.recordDenial(call, agent: agent, wallet: wallet, payment: payment, decision: decision) }
        return .object(response)
    }

    static let approve = ContoRoute.send(
        .post, "/api/sdk/payments/approve", "sdk.payments.approve", "Pre-approve a payment from an external wallet; returns a token for /confirm",
        tag: "Payments (agent key)", access: .agent("payments:approve"), body: body, example: example, response: .ref("PaymentApprovalResult")
    ) { call in
        let (_, agent) = try caller(call)
        let request = try PaymentFlow.parse(try call.fields())
        if let replay = try replay(call, agentId: agent.id, key: request.idempotencyKey) { return replay }
        let (wallet, link, _) = try PaymentFlow.chooseWallet(call, agent: agent, request: request, managedOnly: false)
        if let chainId = request.chainId, chainId != wallet.chainId {
            throw ContoError.validation("chainId", "wallet \(wallet.id) is on chain \(wallet.chainId), not \(chainId)")
        }
        let decision = try PaymentFlow.decide(call, agent: agent, wallet: wallet, link: link, request: request)
        var payment = record(call, agent: agent, wallet: wallet, request: request, kind: .approval, status: decision.outcome.rawValue,
                             lifetime: 10 * 60)
        var response: [String: JSON] = ["approved": .bool(decision.outcome == .approved), "reasons": .strings(decision.reasons),
                                        "violations": .array(decision.violations.map(\.json)),
                                        "requiresHumanApproval": .bool(decision.outcome == .requiresApproval), "limits": decision.limits,
                                        "walletId": .string(wallet.id)]
        switch decision.outcome {
        case .approved:
            // The token binds this approval (amount, recipient, chain are on the record); 64 hex [C].
            let token = SecretHasher.token(prefix: "", byteCount: 32)
            payment.tokenHash = SecretHasher.hash(token)
            response["approvalId"] = .string(payment.id)
            response["approvalToken"] = .string(token)
            response["expiresAt"] = .date(payment.expiresAt)
            response["confirmUrl"] = .string("/api/sdk/payments/\(payment.id)/confirm")
        case .requiresApproval:
            response["approvalRequestId"] = .string(payment.id)
        case .denied:
            break
        }
        // The token is returned once and never replayed: the stored response omits it.
        var stored = response
        stored["approvalToken"] = nil
        payment.response = .object(stored)
        try call.docs.save(payment)
        if decision.outcome == .denied { try PaymentFlow.recordDenial(call, agent: agent, wallet: wallet, payment: payment, decision: decision) }
        return .object(response)
    }

    static let confirm = ContoRoute.send(
        .post, "/api/sdk/payments/{paymentId}/confirm", "sdk.payments.confirm", "Confirm an approved payment: it settles, counts toward limits and lowers the balance",
        tag: "Payments (agent key)", access: .agent("payments:confirm"),
        body: .object(["txHash": .string, "approvalToken": .string], required: []),
        example: ["txHash": "0x3333333333333333333333333333333333333333333333333333333333333333", "approvalToken": "{approvalToken}"],
        response: .ref("PaymentConfirmation")
    ) { call in
        let (_, agent) = try caller(call)
        var payment = try ownPayment(call, agent: agent)
        let body = try call.fields()
        let txHash = try body.string("txHash", length: 1...200)
        if payment.kind == .approval {
            let token = try body.string("approvalToken", required: true) ?? ""
            guard let stored = payment.tokenHash, SecretHasher.matches(token, storedHash: stored) else {
                throw ContoError.validation("approvalToken", "does not match this approval")
            }
        }
        // [I] The sandbox has no chain: the payment settles at once (transactions list CONFIRMED),
        // while the response keeps the contract's CONFIRMING.
        let transaction = try PaymentFlow.settle(call, payment: &payment, txHash: txHash, finalStatus: "CONFIRMED")
        return ["confirmed": true, "transactionId": .string(transaction.id), "status": "CONFIRMING", "amount": .money(transaction.amount),
                "currency": .string(transaction.currency), "recipient": .string(transaction.recipientAddress),
                "txHash": .string(transaction.txHash), "explorerUrl": .optional(transaction.explorerUrl)]
    }

    static let execute = ContoRoute.send(
        .post, "/api/sdk/payments/{paymentId}/execute", "sdk.payments.execute", "Execute an approved /request payment from its managed wallet",
        tag: "Payments (agent key)", access: .agent("payments:execute"), response: .ref("PaymentExecution")
    ) { call in
        let (_, agent) = try caller(call)
        var payment = try ownPayment(call, agent: agent)
        guard payment.kind == .request else {
            throw ContoError.badRequest("EXTERNAL_WALLET", "Payment \(payment.id) came from /approve; confirm it with /confirm")
        }
        let transaction = try PaymentFlow.settle(call, payment: &payment, txHash: nil, finalStatus: "EXECUTED")
        return ["requestId": .string(payment.id), "status": "EXECUTED", "execution": execution(transaction)]
    }

    static let get = ContoRoute.get(
        "/api/sdk/payments/{paymentId}", "sdk.payments.get", "Get one of the agent's payment requests", tag: "Payments (agent key)",
        access: .agent("payments:request"), response: .ref("PaymentRecord")
    ) { call in
        let (_, agent) = try caller(call)
        let payment = try ownPayment(call, agent: agent)
        let expired = payment.status == "APPROVED" && (payment.expiresAt.map { $0 <= call.now } ?? false)
        return ["id": .string(payment.id), "kind": .string(payment.kind.rawValue), "status": .string(expired ? "EXPIRED" : payment.status),
                "amount": .money(payment.amount), "recipientAddress": .string(payment.recipientAddress), "walletId": .optional(payment.walletId),
                "chainId": .string(payment.chainId), "expiresAt": .date(payment.expiresAt), "transactionId": .optional(payment.transactionId),
                "createdAt": .date(payment.createdAt)]
    }

    static let policies = ContoRoute.get(
        "/api/sdk/policies", "sdk.policies.list", "The calling agent's effective policies (assigned and org-wide), in evaluation order",
        tag: "Payments (agent key)", access: .agent("policies:read"),
        query: [.filter("walletId", "Also return the limits of the agent's link to this wallet")],
        response: .record(["policies": .array(.ref("Policy")), "walletLimits": .nullable(.ref("WalletLink"))])
    ) { call in
        let (_, agent) = try caller(call)
        let policies = try Ledgers.effectivePolicies(call.docs, org: call.org, agentId: agent.id)
        var limits: JSON = .null
        if let walletId = call.query.string("walletId") {
            guard let link = try Lookups.link(call.docs, org: call.org, agentId: agent.id, walletId: walletId, activeOnly: true) else {
                throw ContoError.notFound("Wallet link", walletId)
            }
            limits = try Ledgers.linkJSON(call, link)
        }
        return ["policies": .array(try policies.map { try Ledgers.policyJSON(call, $0) }), "walletLimits": limits]
    }

    // MARK: helpers

    private static func caller(_ call: ContoCall) throws -> (SdkKey, Agent) {
        guard case .agent(let key)? = call.caller else { throw ContoError.authFailed() }
        return (key, try call.docs.require(Agent.self, key.agentId, org: call.org))
    }

    private static func ownPayment(_ call: ContoCall, agent: Agent) throws -> PaymentRecord {
        guard let payment = try call.docs.get(PaymentRecord.self, call.param("paymentId"), org: call.org), payment.agentId == agent.id else {
            throw ContoError.notFound("Payment", call.param("paymentId"))
        }
        return payment
    }

    private static func record(_ call: ContoCall, agent: Agent, wallet: Wallet, request: PaymentFlow.Request, kind: PaymentRecord.Kind,
                               status: String, lifetime: TimeInterval) -> PaymentRecord {
        PaymentRecord(id: ContoKeys.id("pay"), orgId: call.org, agentId: agent.id, walletId: wallet.id, kind: kind,
                      amount: request.attempt.amount, recipientAddress: request.attempt.recipientAddress,
                      recipientName: request.attempt.recipientName, purpose: request.purpose, category: request.attempt.category,
                      chainId: wallet.chainId, status: status, tokenHash: nil,
                      expiresAt: status == "DENIED" ? nil : call.now.addingTimeInterval(lifetime), transactionId: nil,
                      idempotencyKey: request.idempotencyKey, bodyHash: PaymentFlow.fingerprint(call.body), response: .null, createdAt: call.now)
    }

    /// Same idempotency key and body → the first response; same key, other body → 409 [I].
    private static func replay(_ call: ContoCall, agentId: String, key: String?) throws -> JSON? {
        guard let key, let earlier = try call.docs.find(PaymentRecord.self, lookup: "\(agentId):\(key)") else { return nil }
        guard earlier.bodyHash == PaymentFlow.fingerprint(call.body) else {
            throw ContoError.conflict("IDEMPOTENCY_CONFLICT", "idempotencyKey \(key) was used with a different request body")
        }
        return earlier.response
    }

    private static func execution(_ transaction: PaymentTransaction) -> JSON {
        ["transactionId": .string(transaction.id), "txHash": .string(transaction.txHash), "explorerUrl": .optional(transaction.explorerUrl),
         "status": .string(transaction.status)]
    }
}
