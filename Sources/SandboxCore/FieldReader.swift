import Foundation

/// The one reader of JSON request bodies of both emulators: typed, validating access to the
/// members of an object. Every failure names the field (`name`, `rules[2].value`) and is made by
/// the platform's `failure`, so each API answers in its own shape (Contio: `name: must not be
/// empty` under the route's validation code; Conto: `Invalid 'name': must not be empty`), never a
/// crash or a 500.
public struct FieldReader: Sendable {
    /// Makes the platform's error for a field and the reason it was refused.
    public typealias Failure = @Sendable (_ field: String, _ reason: String) -> Error

    /// The object being read.
    public let members: [String: JSONValue]
    /// Prefix of field names in messages, for nested objects (`rules[2]`).
    public let path: String
    /// Whether JSON null reads as an absent member (Conto, where PATCH tells "clear" by `isNull`)
    /// or as a value of the wrong type unless the field is `nullable` (Contio).
    public let nullIsAbsent: Bool
    private let failure: Failure

    public init(members: [String: JSONValue], path: String = "", nullIsAbsent: Bool, failure: @escaping Failure) {
        self.members = members
        self.path = path
        self.nullIsAbsent = nullIsAbsent
        self.failure = failure
    }

    /// Wraps a parsed body or nested value; anything but an object fails on `body` (or `path`).
    public init(body: JSONValue, path: String = "", nullIsAbsent: Bool, failure: @escaping Failure) throws {
        guard case .object(let members) = body else { throw failure(path.isEmpty ? "body" : path, "must be a JSON object") }
        self.init(members: members, path: path, nullIsAbsent: nullIsAbsent, failure: failure)
    }

    /// Parses request body bytes. A missing body reads as `{}` when `allowEmpty`; bytes that are
    /// not a JSON object are a 400 `invalid_request_body`.
    public init(data: Data?, allowEmpty: Bool = true, nullIsAbsent: Bool, failure: @escaping Failure) throws {
        guard let data, !data.isEmpty else {
            guard allowEmpty else { throw SandboxError(.badRequest, code: "invalid_request_body", "request body is required") }
            self.init(members: [:], nullIsAbsent: nullIsAbsent, failure: failure)
            return
        }
        guard case .object(let members) = try JSONValue.parse(data) else {
            throw SandboxError(.badRequest, code: "invalid_request_body", "request body must be a JSON object")
        }
        self.init(members: members, nullIsAbsent: nullIsAbsent, failure: failure)
    }

    /// A reader of a nested object with the same rules (`path` names it in messages).
    public func nested(_ members: [String: JSONValue], path: String) -> FieldReader {
        FieldReader(members: members, path: path, nullIsAbsent: nullIsAbsent, failure: failure)
    }

    /// The full field name for messages.
    public func name(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    /// The platform's error for `field` (named with the path) and `reason`.
    public func fail(_ field: String, _ reason: String) -> Error { failure(name(field), reason) }

    /// True when the member is present (even as null): PATCH uses this to tell "absent" from "clear".
    public func has(_ field: String) -> Bool { members[field] != nil }

    /// True when the member is present and JSON null.
    public func isNull(_ field: String) -> Bool { members[field] == .null }

    /// The member to check: nil when absent, or null that reads as absent; a failure when required.
    private func value(_ field: String, required: Bool, nullable: Bool = false) throws -> JSONValue? {
        guard let value = members[field], !(value.isNull && (nullIsAbsent || nullable)) else {
            if required { throw fail(field, "is required") }
            return nil
        }
        if value.isNull && required { throw fail(field, "is required") }
        return value
    }

    // MARK: strings

    /// A string; `min`/`max` (or `length`) bound its length in characters, `oneOf` its values.
    public func string(_ field: String, required: Bool = false, min: Int = 0, max: Int? = nil, length: ClosedRange<Int>? = nil,
                       nullable: Bool = false, oneOf allowed: [String]? = nil) throws -> String? {
        guard let value = try value(field, required: required, nullable: nullable) else { return nil }
        guard let text = value.stringValue else { throw fail(field, "must be a string, got \(value.typeName)") }
        let lower = length?.lowerBound ?? min, upper = length?.upperBound ?? max
        if text.count < lower || upper.map({ text.count > $0 }) ?? false {
            throw fail(field, Self.lengthRule(lower, upper))
        }
        if let allowed, !allowed.contains(text) { throw fail(field, "must be one of \(allowed.joined(separator: ", "))") }
        return text
    }

    /// A string that must be present.
    public func requiredString(_ field: String, min: Int = 0, max: Int? = nil, length: ClosedRange<Int>? = nil,
                               oneOf allowed: [String]? = nil) throws -> String {
        guard let text = try string(field, required: true, min: min, max: max, length: length, oneOf: allowed) else {
            throw fail(field, "is required")
        }
        return text
    }

    /// A string matching the regular expression `pattern`, described as `what` in errors.
    public func pattern(_ field: String, _ pattern: String, what: String, required: Bool = false) throws -> String? {
        guard let text = try string(field, required: required) else { return nil }
        guard text.range(of: "^(\(pattern))$", options: .regularExpression) != nil else { throw fail(field, "must be \(what)") }
        return text
    }

    /// One of an enumeration's raw values.
    public func enumeration<E: RawRepresentable & CaseIterable>(_ field: String, _ type: E.Type, required: Bool = false) throws -> E?
    where E.RawValue == String {
        guard let text = try string(field, required: required) else { return nil }
        guard let value = E(rawValue: text) else {
            throw fail(field, "must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    // MARK: numbers and flags

    /// A finite number.
    public func number(_ field: String, required: Bool = false) throws -> Double? {
        guard let value = try value(field, required: required) else { return nil }
        guard case .number(let number) = value, number.isFinite else { throw fail(field, "must be a number, got \(value.typeName)") }
        return number
    }

    /// A whole number; `min`/`max` (or `range`) bound it.
    public func int(_ field: String, required: Bool = false, min: Int? = nil, max: Int? = nil, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let value = try value(field, required: required) else { return nil }
        guard let integer = value.intValue else { throw fail(field, "must be an integer, got \(value.typeName)") }
        let lower = range?.lowerBound ?? min, upper = range?.upperBound ?? max
        if let lower, let upper, !(lower...upper).contains(integer) { throw fail(field, "must be between \(lower) and \(upper)") }
        if let lower, upper == nil, integer < lower { throw fail(field, "must be at least \(lower)") }
        if let upper, lower == nil, integer > upper { throw fail(field, "must be at most \(upper)") }
        return integer
    }

    /// A whole number that must be present.
    public func requiredInt(_ field: String, min: Int? = nil, max: Int? = nil) throws -> Int {
        guard let integer = try int(field, required: true, min: min, max: max) else { throw fail(field, "is required") }
        return integer
    }

    /// A boolean.
    public func bool(_ field: String, required: Bool = false) throws -> Bool? {
        guard let value = try value(field, required: required) else { return nil }
        guard let flag = value.boolValue else { throw fail(field, "must be a boolean, got \(value.typeName)") }
        return flag
    }

    /// A boolean that must be present.
    public func requiredBool(_ field: String) throws -> Bool {
        guard let flag = try bool(field, required: true) else { throw fail(field, "is required") }
        return flag
    }

    // MARK: collections

    /// An array of strings with at least `minCount` items.
    public func strings(_ field: String, required: Bool = false, minCount: Int = 0, nullable: Bool = false) throws -> [String]? {
        guard let value = try value(field, required: required, nullable: nullable) else { return nil }
        guard let items = value.arrayValue else { throw fail(field, "must be an array of strings, got \(value.typeName)") }
        let texts = try items.enumerated().map { index, item -> String in
            guard let text = item.stringValue else { throw failure("\(name(field))[\(index)]", "must be a string, got \(item.typeName)") }
            return text
        }
        if texts.count < minCount { throw fail(field, "must contain at least \(minCount) item(s)") }
        return texts
    }

    /// An array of strings that must be present.
    public func requiredStrings(_ field: String, minCount: Int = 0) throws -> [String] {
        guard let texts = try strings(field, required: true, minCount: minCount) else { throw fail(field, "is required") }
        return texts
    }

    /// A nested object, as it is.
    public func object(_ field: String, required: Bool = false) throws -> [String: JSONValue]? {
        guard let value = try value(field, required: required) else { return nil }
        guard let members = value.objectValue else { throw fail(field, "must be an object, got \(value.typeName)") }
        return members
    }

    /// A nested array with at least `minCount` items.
    public func array(_ field: String, required: Bool = false, minCount: Int = 0) throws -> [JSONValue]? {
        guard let value = try value(field, required: required) else { return nil }
        guard let items = value.arrayValue else { throw fail(field, "must be an array, got \(value.typeName)") }
        if items.count < minCount { throw fail(field, "must contain at least \(minCount) item(s)") }
        return items
    }

    /// An array of objects, each read with an indexed path (`rules[2]`).
    public func objects(_ field: String, required: Bool = false) throws -> [FieldReader]? {
        guard let items = try array(field, required: required) else { return nil }
        return try items.enumerated().map { index, item in
            let path = "\(name(field))[\(index)]"
            guard let members = item.objectValue else { throw failure(path, "must be an object, got \(item.typeName)") }
            return nested(members, path: path)
        }
    }

    /// The message of a length outside `lower...upper` characters.
    static func lengthRule(_ lower: Int, _ upper: Int?) -> String {
        switch (lower, upper) {
        case (0, let upper?): return "must be at most \(upper) characters"
        case (1, nil): return "must not be empty"
        case (let lower, nil): return "must be at least \(lower) characters"
        case (let lower, let upper?): return "must be \(lower)-\(upper) characters"
        }
    }
}
