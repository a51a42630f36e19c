import Foundation
import SandboxCore

/// The steps shared by the agent payment endpoints: reading the request, choosing the wallet,
/// evaluating, settling.
enum PaymentFlow {
    /// A parsed `/request` or `/approve` body.
    struct Request {
        var attempt: PaymentAttempt
        var walletId: String?
        var senderAddress: String?
        var chainId: String?
        var purpose: String?
        var idempotencyKey: String?
        var autoExecute: Bool
    }

    static func parse(_ body: FieldReader) throws -> Request {
        let amount = try body.money("amount", required: true, min: 0, exclusiveMin: true)!
        let recipient = try body.pattern("recipientAddress", AddressFormat.any, what: "an EVM (0x + 40 hex) or Solana address", required: true)!
        let context = try body.object("context")
        var chainId: String?
        if body.has("chainId"), !body.isNull("chainId") {
            // A number in Conto's /approve bodies, a string in wallet objects: accept both. [I]
            switch body.members["chainId"] {
            case .number(let number)?: chainId = String(Int(number))
            case .string(let text)?: chainId = text
            default: throw ContoError.validation("chainId", "must be a number or string chain id")
            }
        }
        _ = try body.enumeration("urgency", PaymentUrgency.self)
        _ = try body.pattern("functionSelector", "0x[0-9a-fA-F]{8}", what: "a 4-byte selector (0x + 8 hex)")
        return Request(
            attempt: PaymentAttempt(
                amount: amount, recipientAddress: recipient, recipientName: try body.string("recipientName", length: 0...200),
                category: try body.string("category", length: 0...100),
                targetContractAddress: try body.pattern("targetContractAddress", AddressFormat.evm, what: "an EVM address (0x + 40 hex)"),
                country: context?["country"]?.stringValue?.uppercased()),
            walletId: try body.string("walletId"),
            senderAddress: try body.pattern("senderAddress", AddressFormat.any, what: "an EVM or Solana address"),
            chainId: chainId, purpose: try body.string("purpose", length: 0...500),
            idempotencyKey: try body.string("idempotencyKey", length: 1...200), autoExecute: try body.bool("autoExecute") ?? false)
    }

    /// The wallet to pay from and why: an explicit walletId/senderAddress, else the documented
    /// custody order PRIVY > SPONGE > SMART_CONTRACT > EXTERNAL among the agent's active links.
    static func chooseWallet(_ call: ContoCall, agent: Agent, request: Request, managedOnly: Bool) throws -> (Wallet, WalletLink, String) {
        let links = try Lookups.links(call.docs, org: call.org, agentId: agent.id)
        let candidates = try links.compactMap { link -> (Wallet, WalletLink)? in
            guard let wallet = try call.docs.get(Wallet.self, link.walletId, org: call.org), wallet.deletedAt == nil else { return nil }
            return (wallet, link)
        }
        guard !candidates.isEmpty else { throw ContoError.badRequest("NO_WALLET", "Agent \(agent.id) has no linked wallet") }
        if let walletId = request.walletId {
            guard let match = candidates.first(where: { $0.0.id == walletId }) else {
                throw ContoError.badRequest("NO_WALLET", "Wallet \(walletId) is not linked to agent \(agent.id)")
            }
            return (match.0, match.1, "Wallet chosen by walletId")
        }
        if let sender = request.senderAddress {
            guard let match = candidates.first(where: { $0.0.address.lowercased() == sender.lowercased() }) else {
                throw ContoError.badRequest("NO_WALLET", "No wallet with address \(sender) is linked to agent \(agent.id)")
            }
            return (match.0, match.1, "Wallet chosen by senderAddress")
        }
        let usable = candidates.filter { !managedOnly || $0.0.custodyType != .external }
        guard let best = usable.min(by: { ($0.0.custodyType.selectionRank, $0.1.createdAt) < ($1.0.custodyType.selectionRank, $1.1.createdAt) }) else {
            throw ContoError.badRequest("EXTERNAL_WALLET", "The agent's wallets are EXTERNAL: use /api/sdk/payments/approve and /confirm")
        }
        return (best.0, best.1, "Highest-priority linked wallet (\(best.0.custodyType.rawValue))")
    }

    /// Runs the engine for `request` from `wallet`.
    static func decide(_ call: ContoCall, agent: Agent, wallet: Wallet, link: WalletLink, request: Request) throws -> PolicyDecision {
        let input = EvaluationInput(
            agent: agent, wallet: wallet, link: link, attempt: request.attempt,
            counterparty: try CounterpartyRoutes.facts(call.docs, org: call.org, address: request.attempt.recipientAddress),
            ledger: try Ledgers.spend(call.docs, org: call.org, agentId: agent.id),
            policies: try Ledgers.effectivePolicies(call.docs, org: call.org, agentId: agent.id), now: call.now)
        return PolicyEngine.decide(input)
    }

    /// Records the side effects of a refusal: a POLICY_VIOLATION alert and a PAYMENT_DENIED audit entry.
    static func recordDenial(_ call: ContoCall, agent: Agent, wallet: Wallet, payment: PaymentRecord, decision: PolicyDecision) throws {
        let violation = decision.violations.first
        try Alerts.raise(call, .policyViolation, .warning, title: "Payment denied", message: decision.reasons.first ?? "Payment denied",
                         agentId: agent.id, walletId: wallet.id,
                         metadata: ["paymentId": .string(payment.id), "violationType": .optional(violation?.type), "amount": .money(payment.amount)])
        try call.audit("PAYMENT_DENIED", "payment_request", payment.id,
                       metadata: ["reasons": .strings(decision.reasons), "violations": .array(decision.violations.map(\.json))])
    }

    /// Settles an approved payment: re-checks what may have changed since approval, then writes
    /// the transaction, lowers the balance and returns it.
    static func settle(_ call: ContoCall, payment: inout PaymentRecord, txHash: String?, finalStatus: String) throws -> PaymentTransaction {
        guard payment.status == "APPROVED" else {
            throw ContoError.badRequest("INVALID_STATUS", "Payment \(payment.id) is \(payment.status); only APPROVED payments can be settled")
        }
        if let expiry = payment.expiresAt, expiry <= call.now {
            throw ContoError.badRequest("EXPIRED", "Payment \(payment.id) expired at \(ISO8601.format(expiry))")
        }
        let agent = try call.docs.require(Agent.self, payment.agentId, org: call.org)
        guard agent.status == .active else {
            throw ContoError.badRequest("INVALID_STATUS", "Agent \(agent.id) is \(agent.status.rawValue); payments are blocked")
        }
        guard var wallet = try call.docs.get(Wallet.self, payment.walletId ?? "", org: call.org), wallet.deletedAt == nil, wallet.status == .active else {
            throw ContoError.badRequest("INVALID_STATUS", "The payment's wallet can no longer send")
        }
        guard wallet.balance >= payment.amount else {
            throw ContoError.badRequest("INSUFFICIENT_BALANCE", "Wallet \(wallet.id) has $\(wallet.balance.plain); payment needs $\(payment.amount.plain)")
        }
        wallet.balance -= payment.amount
        wallet.updatedAt = call.now
        try call.docs.save(wallet)
        let hash = txHash ?? (wallet.chainType == .evm ? "0x" + SecretHasher.token(prefix: "", byteCount: 32) : AddressFormat.random(.solana) + AddressFormat.random(.solana))
        let transaction = PaymentTransaction(
            id: ContoKeys.id("tx"), orgId: call.org, agentId: agent.id, walletId: wallet.id, amount: payment.amount,
            currency: Chains.info(wallet.chainId).currency, chainId: wallet.chainId, recipientAddress: payment.recipientAddress,
            recipientName: payment.recipientName, purpose: payment.purpose, category: payment.category, status: "CONFIRMED",
            txHash: hash, explorerUrl: Chains.explorerURL(chainId: wallet.chainId, txHash: hash), paymentId: payment.id,
            createdAt: payment.createdAt, confirmedAt: call.now)
        try call.docs.save(transaction)
        payment.status = finalStatus
        payment.transactionId = transaction.id
        try call.docs.save(payment)
        try warnNearDailyLimit(call, agent: agent, wallet: wallet, amount: payment.amount)
        try call.audit(payment.kind == .approval ? "EXTERNAL_PAYMENT_CONFIRMED" : "PAYMENT_CONFIRMED", "transaction", transaction.id,
                       new: transaction.json, metadata: ["paymentId": .string(payment.id)])
        return transaction
    }

    /// SPEND_LIMIT_WARNING when this payment carries the link's daily spend across 80% [D].
    private static func warnNearDailyLimit(_ call: ContoCall, agent: Agent, wallet: Wallet, amount: Decimal) throws {
        guard let link = try Lookups.link(call.docs, org: call.org, agentId: agent.id, walletId: wallet.id, activeOnly: false),
              let daily = link.spendLimitDaily, daily > 0 else { return }
        let today = try Ledgers.spend(call.docs, org: call.org, agentId: agent.id).total(since: SpendWindow.start(of: .daily, at: call.now), walletId: wallet.id)
        let threshold = daily * Decimal(0.8)
        guard today >= threshold, today - amount < threshold else { return }
        try Alerts.raise(call, .spendLimitWarning, .warning, title: "Daily spend limit 80% used",
                         message: "Agent \(agent.name) has spent $\(today.plain) of $\(daily.plain) today on wallet \(wallet.name)",
                         agentId: agent.id, walletId: wallet.id, metadata: ["spentToday": .money(today), "dailyLimit": .money(daily)])
    }

    /// Fingerprint of a request body, for idempotency-key reuse checks.
    static func fingerprint(_ body: JSON?) -> String {
        guard case .object(var members)? = body else { return SecretHasher.hash(body?.text ?? "") }
        members["idempotencyKey"] = nil
        return SecretHasher.hash(JSON.object(members).text)
    }

    static func chainJSON(_ chainId: String) -> JSON {
        let chain = Chains.info(chainId)
        return ["chainId": .string(chain.chainId), "chainName": .string(chain.name), "chainType": .string(chain.type.rawValue),
                "explorerUrl": chain.explorer.isEmpty ? .null : .string(chain.explorer)]
    }
}
