import Foundation
import SandboxCore

/// Validates JSON against the Swagger 2.0 schema subset the Contio spec uses:
/// `$ref`, `allOf`, `type`, `properties`, `required`, `items`, `additionalProperties`, `enum`,
/// `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`.
///
/// Swagger 2 cannot say "nullable"; the vendor's own examples send `null` for unset optional
/// fields (e.g. `webhook_filter`), so `null` is accepted for properties that are not `required`.
struct SwaggerSchemaChecker {
    let definitions: [String: JSONValue]

    func errors(_ value: JSONValue, schema: JSONValue, path: String = "$") -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = definitions[name] else { return ["\(path): unknown $ref \(ref)"] }
            return errors(value, schema: target, path: path)
        }
        var out: [String] = []
        for sub in schema["allOf"]?.arrayValue ?? [] { out += errors(value, schema: sub, path: path) }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            out.append("\(path): \(value.text) not in enum \(JSONValue.array(allowed).text)")
        }
        switch schema["type"]?.stringValue {
        case "object":
            guard case .object(let o) = value else { return out + ["\(path): expected object, got \(value.typeName)"] }
            for req in schema["required"]?.arrayValue ?? [] {
                if let key = req.stringValue, o[key] == nil || o[key] == .null { out.append("\(path).\(key): required") }
            }
            let props = schema["properties"]?.objectValue ?? [:]
            for (key, v) in o {
                if let p = props[key] {
                    if v == .null { continue }
                    out += errors(v, schema: p, path: "\(path).\(key)")
                } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                    out += errors(v, schema: extra, path: "\(path).\(key)")
                }
            }
        case "array":
            guard case .array(let a) = value else { return out + ["\(path): expected array, got \(value.typeName)"] }
            if let min = schema["minItems"]?.intValue, a.count < min { out.append("\(path): fewer than \(min) items") }
            if let max = schema["maxItems"]?.intValue, a.count > max { out.append("\(path): more than \(max) items") }
            if let items = schema["items"] {
                for (i, item) in a.enumerated() { out += errors(item, schema: items, path: "\(path)[\(i)]") }
            }
        case "string":
            guard case .string(let s) = value else { return out + ["\(path): expected string, got \(value.typeName)"] }
            if let min = schema["minLength"]?.intValue, s.count < min { out.append("\(path): shorter than \(min)") }
            if let max = schema["maxLength"]?.intValue, s.count > max { out.append("\(path): longer than \(max)") }
        case "integer":
            guard value.intValue != nil else { return out + ["\(path): expected integer, got \(value.text)"] }
            out += bounds(value, schema, path)
        case "number":
            guard value.numberValue != nil else { return out + ["\(path): expected number, got \(value.typeName)"] }
            out += bounds(value, schema, path)
        case "boolean":
            if value.boolValue == nil { out.append("\(path): expected boolean, got \(value.typeName)") }
        default:
            break
        }
        return out
    }

    private func bounds(_ value: JSONValue, _ schema: JSONValue, _ path: String) -> [String] {
        var out: [String] = []
        let n = value.numberValue ?? 0
        if let min = schema["minimum"]?.numberValue, n < min { out.append("\(path): below \(min)") }
        if let max = schema["maximum"]?.numberValue, n > max { out.append("\(path): above \(max)") }
        return out
    }
}

/// The vendor spec, found through `ADMINSH_SHARED` (default `../shared`); nil when absent.
enum ContioSpec {
    static var sharedDirectory: String {
        ProcessInfo.processInfo.environment["ADMINSH_SHARED"] ?? "../shared"
    }

    static func load() throws -> JSONValue? {
        let path = (sharedDirectory as NSString).appendingPathComponent("contracts/contio-partner-openapi.json")
        guard FileManager.default.fileExists(atPath: path) else {
            print("NOTICE: \(path) not found (set ADMINSH_SHARED); skipping spec conformance")
            return nil
        }
        return try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
