import Foundation

// Money is Decimal end to end: JSON numbers arrive as Double, so they are converted through their
// shortest decimal spelling (0.1 stays 0.1) and sums of cents never drift.
extension Decimal {
    /// The decimal with the same shortest spelling as `double`.
    public init(jsonNumber double: Double) {
        self = Decimal(string: "\(double)") ?? Decimal(double)
    }

    /// The nearest Double, for JSON output.
    public var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }

    /// Plain text without exponent, for messages ("$250").
    public var plain: String {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 2, .plain)
        return NSDecimalNumber(decimal: rounded).stringValue
    }
}
