import Foundation

/// Typed, validating access to a JSON request body.
///
/// Every accessor throws a 400 `SandboxError` whose message starts with the field name
/// (`name: must be 1-255 characters`), so bad input never becomes a crash or a 500.
/// `code` is the API's validation code (e.g. Contio `validation_error`).
public struct BodyFields: Sendable {
    /// The whole body object.
    public let object: [String: JSONValue]
    /// Code used for validation failures.
    public let code: String

    /// Parses `data` as a JSON object. A missing body counts as `{}` when `allowEmpty`.
    public init(_ data: Data?, code: String = "validation_error", allowEmpty: Bool = true) throws {
        self.code = code
        guard let data, !data.isEmpty else {
            guard allowEmpty else { throw SandboxError(.badRequest, code: "invalid_request_body", "request body is required") }
            self.object = [:]
            return
        }
        guard case .object(let o) = try JSONValue.parse(data) else {
            throw SandboxError(.badRequest, code: "invalid_request_body", "request body must be a JSON object")
        }
        self.object = o
    }

    /// Wraps an already-parsed object (nested specs).
    public init(object: [String: JSONValue], code: String = "validation_error") {
        self.object = object
        self.code = code
    }

    /// True when the key is present (even as null).
    public func has(_ key: String) -> Bool { object[key] != nil }

    func fail(_ field: String, _ reason: String) -> SandboxError { .invalid(field, reason, code: code) }

    /// A string field; nil when absent (or null if `nullable`). Length limits in characters.
    public func string(_ key: String, required: Bool = false, min: Int = 0, max: Int? = nil,
                       nullable: Bool = false, oneOf allowed: [String]? = nil) throws -> String? {
        guard let v = object[key], !(nullable && v.isNull) else {
            if required { throw fail(key, "is required") }
            return nil
        }
        guard let s = v.stringValue else {
            if v.isNull && required { throw fail(key, "is required") }
            throw fail(key, "must be a string, got \(v.typeName)")
        }
        if s.count < min { throw fail(key, min == 1 ? "must not be empty" : "must be at least \(min) characters") }
        if let max, s.count > max { throw fail(key, "must be at most \(max) characters") }
        if let allowed, !allowed.contains(s) { throw fail(key, "must be one of \(allowed.joined(separator: ", "))") }
        return s
    }

    /// A string field that must be present.
    public func requiredString(_ key: String, min: Int = 0, max: Int? = nil, oneOf allowed: [String]? = nil) throws -> String {
        guard let value = try string(key, required: true, min: min, max: max, oneOf: allowed) else { throw fail(key, "is required") }
        return value
    }

    /// A boolean field that must be present.
    public func requiredBool(_ key: String) throws -> Bool {
        guard let value = try bool(key, required: true) else { throw fail(key, "is required") }
        return value
    }

    /// An integer field that must be present.
    public func requiredInt(_ key: String, min: Int? = nil, max: Int? = nil) throws -> Int {
        guard let value = try int(key, required: true, min: min, max: max) else { throw fail(key, "is required") }
        return value
    }

    /// An array of strings that must be present.
    public func requiredStrings(_ key: String, minCount: Int = 0) throws -> [String] {
        guard let value = try strings(key, required: true, minCount: minCount) else { throw fail(key, "is required") }
        return value
    }

    /// A nested array that must be present.
    public func requiredArray(_ key: String, minCount: Int = 0) throws -> [JSONValue] {
        guard let value = try array(key, required: true, minCount: minCount) else { throw fail(key, "is required") }
        return value
    }

    /// A boolean field; nil when absent.
    public func bool(_ key: String, required: Bool = false) throws -> Bool? {
        guard let v = object[key] else {
            if required { throw fail(key, "is required") }
            return nil
        }
        guard let b = v.boolValue else { throw fail(key, "must be a boolean, got \(v.typeName)") }
        return b
    }

    /// An integer field; nil when absent.
    public func int(_ key: String, required: Bool = false, min: Int? = nil, max: Int? = nil) throws -> Int? {
        guard let v = object[key] else {
            if required { throw fail(key, "is required") }
            return nil
        }
        guard let i = v.intValue else { throw fail(key, "must be an integer, got \(v.typeName)") }
        if let min, i < min { throw fail(key, "must be at least \(min)") }
        if let max, i > max { throw fail(key, "must be at most \(max)") }
        return i
    }

    /// An array of strings; nil when absent (or null if `nullable`).
    public func strings(_ key: String, required: Bool = false, minCount: Int = 0, nullable: Bool = false) throws -> [String]? {
        guard let v = object[key], !(nullable && v.isNull) else {
            if required { throw fail(key, "is required") }
            return nil
        }
        guard let a = v.arrayValue else { throw fail(key, "must be an array, got \(v.typeName)") }
        var out: [String] = []
        for (i, item) in a.enumerated() {
            guard let s = item.stringValue else { throw fail("\(key)[\(i)]", "must be a string, got \(item.typeName)") }
            out.append(s)
        }
        if out.count < minCount { throw fail(key, "must contain at least \(minCount) item(s)") }
        return out
    }

    /// A nested object; nil when absent.
    public func objectField(_ key: String, required: Bool = false) throws -> [String: JSONValue]? {
        guard let v = object[key] else {
            if required { throw fail(key, "is required") }
            return nil
        }
        guard let o = v.objectValue else { throw fail(key, "must be an object, got \(v.typeName)") }
        return o
    }

    /// A nested array; nil when absent.
    public func array(_ key: String, required: Bool = false, minCount: Int = 0) throws -> [JSONValue]? {
        guard let v = object[key] else {
            if required { throw fail(key, "is required") }
            return nil
        }
        guard let a = v.arrayValue else { throw fail(key, "must be an array, got \(v.typeName)") }
        if a.count < minCount { throw fail(key, "must contain at least \(minCount) item(s)") }
        return a
    }
}
