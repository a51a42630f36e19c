import Foundation
import SandboxCore

/// The shared body reader under the name every Conto file sees (with or without importing the core).
typealias FieldReader = SandboxCore.FieldReader

extension FieldReader {
    /// A Conto body: JSON null reads as absent (PATCH tells "clear" with `isNull`) and every
    /// failure is `VALIDATION_FAILED` with `Invalid 'field': reason`.
    init(body: JSON, path: String = "") throws {
        try self.init(body: body, path: path, nullIsAbsent: true, failure: { ContoError.validation($0, $1) })
    }

    /// A money amount (Decimal from the number's shortest spelling), optionally above `min`.
    func money(_ field: String, required: Bool = false, min: Decimal? = nil, exclusiveMin: Bool = false) throws -> Decimal? {
        guard let number = try number(field, required: required) else { return nil }
        let amount = Decimal(jsonNumber: number)
        if let min {
            if exclusiveMin, amount <= min { throw fail(field, "must be greater than \(min)") }
            if !exclusiveMin, amount < min { throw fail(field, "must be at least \(min)") }
        }
        return amount
    }
}

/// Reads query parameters with the same field-naming validation.
public struct QueryReader {
    /// Raw query items (last one wins).
    public let items: [String: String]

    /// Wraps parsed query items.
    public init(_ items: [String: String]) { self.items = items }

    /// A free-text parameter.
    public func string(_ field: String) -> String? {
        guard let value = items[field], !value.isEmpty else { return nil }
        return value
    }

    /// An enumeration parameter.
    public func enumeration<E: RawRepresentable & CaseIterable>(_ field: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let text = string(field) else { return nil }
        guard let value = E(rawValue: text) else {
            throw ContoError.validation(field, "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// An integer parameter within a range. [I] Out-of-range `limit`/`offset` is a 400, not clamped.
    public func int(_ field: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(field) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ContoError.validation(field, "must be an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// `limit` (1–100, default 50) and `offset` (≥ 0, default 0).
    public func page() throws -> (limit: Int, offset: Int) {
        (try int("limit", default: 50, range: 1...100), try int("offset", default: 0, range: 0...Int(Int32.max)))
    }
}
