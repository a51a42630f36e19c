/// The documented chains (contract §4.4): name, currency and explorer per chain id.
enum Chains {
    struct Info {
        var chainId: String
        var name: String
        var type: ChainType
        var currency: String
        var explorer: String
    }

    static let all: [Info] = [
        Info(chainId: "42431", name: "Tempo Testnet", type: .evm, currency: "pathUSD", explorer: "https://explore.moderato.tempo.xyz"),
        Info(chainId: "4217", name: "Tempo Mainnet", type: .evm, currency: "USDC.e", explorer: "https://explore.tempo.xyz"),
        Info(chainId: "8453", name: "Base", type: .evm, currency: "USDC", explorer: "https://basescan.org"),
        Info(chainId: "84532", name: "Base Sepolia", type: .evm, currency: "USDC", explorer: "https://sepolia.basescan.org"),
        Info(chainId: "1", name: "Ethereum", type: .evm, currency: "USDC", explorer: "https://etherscan.io"),
        Info(chainId: "42161", name: "Arbitrum One", type: .evm, currency: "USDC", explorer: "https://arbiscan.io"),
        Info(chainId: "137", name: "Polygon", type: .evm, currency: "USDC", explorer: "https://polygonscan.com"),
        Info(chainId: "solana-mainnet", name: "Solana Mainnet", type: .solana, currency: "USDC", explorer: "https://solscan.io"),
        Info(chainId: "solana-devnet", name: "Solana Devnet", type: .solana, currency: "USDC", explorer: "https://solscan.io"),
    ]

    /// The API's default chain: Tempo Testnet [D].
    static let defaultChainId = "42431"

    /// The chain for `id`; [I] unknown chain ids are accepted and reported as USDC chains without explorer.
    static func info(_ id: String) -> Info {
        all.first { $0.chainId == id } ?? Info(chainId: id, name: "Chain \(id)", type: id.hasPrefix("solana") ? .solana : .evm,
                                                currency: "USDC", explorer: "")
    }

    /// Explorer link for a transaction hash.
    static func explorerURL(chainId: String, txHash: String) -> String? {
        let explorer = info(chainId).explorer
        return explorer.isEmpty ? nil : "\(explorer)/tx/\(txHash)"
    }
}
