import Foundation

/// Reads and validates members of a JSON object; every failure is a 400 naming the field.
///
/// `path` prefixes field names for nested objects (`rules[2].value`).
public struct FieldReader {
    /// The object being read.
    public let members: [String: JSON]
    /// Prefix for field names in messages.
    public let path: String

    /// Wraps a request body; a non-object body is a validation error on `body`.
    public init(body: JSON, path: String = "") throws {
        guard case .object(let members) = body else {
            throw ContoError.validation(path.isEmpty ? "body" : path, "must be a JSON object")
        }
        self.members = members
        self.path = path
    }

    /// The full field name for messages.
    public func name(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    /// True when the member is present (even as null): PATCH uses this to tell "absent" from "clear".
    public func has(_ field: String) -> Bool { members[field] != nil }

    /// True when the member is present and JSON null.
    public func isNull(_ field: String) -> Bool { members[field] == .null }

    private func present(_ field: String) -> JSON? {
        guard let value = members[field], value != .null else { return nil }
        return value
    }

    /// A string with an optional length range; `required` makes absence an error.
    public func string(_ field: String, required: Bool = false, length: ClosedRange<Int>? = nil) throws -> String? {
        guard let value = present(field) else {
            if required { throw ContoError.validation(name(field), "is required") }
            return nil
        }
        guard case .string(let text) = value else { throw ContoError.validation(name(field), "must be a string") }
        if let length, !length.contains(text.count) {
            let rule = length.lowerBound == 0 ? "at most \(length.upperBound)" : "\(length.lowerBound)-\(length.upperBound)"
            throw ContoError.validation(name(field), "must be \(rule) characters")
        }
        return text
    }

    /// A string that must match `pattern` (a regular expression), described as `what` in errors.
    public func pattern(_ field: String, _ pattern: String, what: String, required: Bool = false) throws -> String? {
        guard let text = try string(field, required: required) else { return nil }
        guard text.range(of: "^(\(pattern))$", options: .regularExpression) != nil else {
            throw ContoError.validation(name(field), "must be \(what)")
        }
        return text
    }

    /// One of an enumeration's raw values.
    public func enumeration<E: RawRepresentable & CaseIterable>(_ field: String, _ type: E.Type, required: Bool = false) throws -> E?
    where E.RawValue == String {
        guard let text = try string(field, required: required) else { return nil }
        guard let value = E(rawValue: text) else {
            throw ContoError.validation(name(field), "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A number (money) within an optional range.
    public func money(_ field: String, required: Bool = false, min: Decimal? = nil, exclusiveMin: Bool = false) throws -> Decimal? {
        guard let value = present(field) else {
            if required { throw ContoError.validation(name(field), "is required") }
            return nil
        }
        guard case .number(let number) = value, number.isFinite else { throw ContoError.validation(name(field), "must be a number") }
        let amount = Decimal(jsonNumber: number)
        if let min {
            if exclusiveMin, amount <= min { throw ContoError.validation(name(field), "must be greater than \(min)") }
            if !exclusiveMin, amount < min { throw ContoError.validation(name(field), "must be at least \(min)") }
        }
        return amount
    }

    /// A whole number within an optional range.
    public func int(_ field: String, required: Bool = false, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let value = present(field) else {
            if required { throw ContoError.validation(name(field), "is required") }
            return nil
        }
        guard case .number(let number) = value, number.isFinite, number == number.rounded(), abs(number) < 1e15 else {
            throw ContoError.validation(name(field), "must be an integer")
        }
        let integer = Int(number)
        if let range, !range.contains(integer) {
            throw ContoError.validation(name(field), "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return integer
    }

    /// A boolean.
    public func bool(_ field: String) throws -> Bool? {
        guard let value = present(field) else { return nil }
        guard case .bool(let flag) = value else { throw ContoError.validation(name(field), "must be a boolean") }
        return flag
    }

    /// An array of strings.
    public func strings(_ field: String, required: Bool = false) throws -> [String]? {
        guard let value = present(field) else {
            if required { throw ContoError.validation(name(field), "is required") }
            return nil
        }
        guard case .array(let items) = value else { throw ContoError.validation(name(field), "must be an array of strings") }
        return try items.enumerated().map { index, item in
            guard case .string(let text) = item else { throw ContoError.validation("\(name(field))[\(index)]", "must be a string") }
            return text
        }
    }

    /// An arbitrary JSON object member.
    public func object(_ field: String) throws -> [String: JSON]? {
        guard let value = present(field) else { return nil }
        guard case .object(let members) = value else { throw ContoError.validation(name(field), "must be an object") }
        return members
    }

    /// An array of objects, each wrapped in a reader with an indexed path.
    public func objects(_ field: String) throws -> [FieldReader]? {
        guard let value = present(field) else { return nil }
        guard case .array(let items) = value else { throw ContoError.validation(name(field), "must be an array") }
        return try items.enumerated().map { try FieldReader(body: $1, path: "\(name(field))[\($0)]") }
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
