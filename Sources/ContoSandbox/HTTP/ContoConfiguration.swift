import Foundation

/// Process-wide defaults of the Conto emulator; an org can override them through
/// `PATCH /__sandbox/conto/settings`.
public struct ContoConfiguration: Codable, Equatable, Sendable {
    /// Balance of a new wallet, in the wallet's currency. Default 10,000.
    public var defaultBalance: Decimal
    /// Requests per window for org-key admin routes. Default 100 ([I] "dashboard API" limit).
    public var adminRequestsPerWindow: Int
    /// Requests per window for `/api/sdk/payments/*`. Default 60 [D].
    public var paymentRequestsPerWindow: Int
    /// Requests per window for other `/api/sdk/*` reads. Default 120 [D].
    public var sdkReadRequestsPerWindow: Int
    /// Sliding window length in seconds. Default 60 [D].
    public var windowSeconds: Int

    /// The contract's defaults.
    public static let contractDefaults = ContoConfiguration(
        defaultBalance: 10_000, adminRequestsPerWindow: 100, paymentRequestsPerWindow: 60,
        sdkReadRequestsPerWindow: 120, windowSeconds: 60)

    public init(defaultBalance: Decimal, adminRequestsPerWindow: Int, paymentRequestsPerWindow: Int,
                sdkReadRequestsPerWindow: Int, windowSeconds: Int) {
        self.defaultBalance = defaultBalance
        self.adminRequestsPerWindow = adminRequestsPerWindow
        self.paymentRequestsPerWindow = paymentRequestsPerWindow
        self.sdkReadRequestsPerWindow = sdkReadRequestsPerWindow
        self.windowSeconds = windowSeconds
    }

    /// The contract defaults overridden by environment variables `ADMINSH_CONTO_DEFAULT_BALANCE`,
    /// `ADMINSH_CONTO_RATE_ADMIN`, `ADMINSH_CONTO_RATE_PAYMENTS`, `ADMINSH_CONTO_RATE_SDK_READS`,
    /// `ADMINSH_CONTO_RATE_WINDOW_SECONDS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ContoConfiguration {
        var configuration = contractDefaults
        if let text = environment["ADMINSH_CONTO_DEFAULT_BALANCE"], let value = Decimal(string: text), value >= 0 {
            configuration.defaultBalance = value
        }
        func positive(_ name: String) -> Int? { environment[name].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } }
        configuration.adminRequestsPerWindow = positive("ADMINSH_CONTO_RATE_ADMIN") ?? configuration.adminRequestsPerWindow
        configuration.paymentRequestsPerWindow = positive("ADMINSH_CONTO_RATE_PAYMENTS") ?? configuration.paymentRequestsPerWindow
        configuration.sdkReadRequestsPerWindow = positive("ADMINSH_CONTO_RATE_SDK_READS") ?? configuration.sdkReadRequestsPerWindow
        configuration.windowSeconds = positive("ADMINSH_CONTO_RATE_WINDOW_SECONDS") ?? configuration.windowSeconds
        return configuration
    }
}
