import Foundation

/// The payment being evaluated, as the agent described it.
public struct PaymentAttempt: Sendable {
    public var amount: Decimal
    public var recipientAddress: String
    public var recipientName: String?
    public var category: String?
    public var targetContractAddress: String?
    /// Country of the payee, from `context.country` when the agent sends it. [I]
    public var country: String?

    public init(amount: Decimal, recipientAddress: String, recipientName: String? = nil, category: String? = nil,
                targetContractAddress: String? = nil, country: String? = nil) {
        self.amount = amount
        self.recipientAddress = recipientAddress
        self.recipientName = recipientName
        self.category = category
        self.targetContractAddress = targetContractAddress
        self.country = country
    }
}

/// What the org knows about the payee (its counterparty record, if any).
public struct CounterpartyFacts: Sendable {
    public var id: String?
    public var name: String?
    public var level: TrustLevel
    public var trustScore: Decimal
    public var country: String?

    /// [I] A payee with no counterparty record is UNKNOWN with trust score 0.
    public static let unknown = CounterpartyFacts(id: nil, name: nil, level: .unknown, trustScore: 0, country: nil)

    public init(id: String?, name: String?, level: TrustLevel, trustScore: Decimal, country: String?) {
        self.id = id
        self.name = name
        self.level = level
        self.trustScore = trustScore
        self.country = country
    }
}

/// Everything one evaluation reads; the engine itself touches no store and no clock.
public struct EvaluationInput: Sendable {
    public var agent: Agent
    public var wallet: Wallet
    public var link: WalletLink
    public var attempt: PaymentAttempt
    public var counterparty: CounterpartyFacts
    /// The agent's confirmed payments (all wallets).
    public var ledger: SpendLedger
    /// Policies applying to the agent; the engine orders them.
    public var policies: [Policy]
    /// The tenant clock's now.
    public var now: Date

    public init(agent: Agent, wallet: Wallet, link: WalletLink, attempt: PaymentAttempt, counterparty: CounterpartyFacts,
                ledger: SpendLedger, policies: [Policy], now: Date) {
        self.agent = agent
        self.wallet = wallet
        self.link = link
        self.attempt = attempt
        self.counterparty = counterparty
        self.ledger = ledger
        self.policies = policies
        self.now = now
    }
}
