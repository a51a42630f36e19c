import SandboxCore

/// Recipient and wallet address formats [D]: EVM `0x` + 40 hex, Solana base58 of 32–44 characters.
enum AddressFormat {
    static let evm = "0x[0-9a-fA-F]{40}"
    static let solana = "[1-9A-HJ-NP-Za-km-z]{32,44}"
    static let any = "\(evm)|\(solana)"

    /// A fresh random address for a managed wallet of `chainType`.
    static func random(_ chainType: ChainType) -> String {
        switch chainType {
        case .evm: return "0x" + SecretHasher.token(prefix: "", byteCount: 20)
        case .solana:
            let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
            return String((0..<44).map { _ in alphabet.randomElement()! })
        }
    }

    /// True when `address` is valid for `chainType`.
    static func isValid(_ address: String, for chainType: ChainType) -> Bool {
        let pattern = chainType == .evm ? evm : solana
        return address.range(of: "^(\(pattern))$", options: .regularExpression) != nil
    }
}
