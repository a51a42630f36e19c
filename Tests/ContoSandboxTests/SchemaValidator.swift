import Foundation
import SandboxCore

/// Validates JSON against the JSON Schema subset the OpenAPI document uses: `type` (one or a
/// list), `properties`, `required`, `items`, `enum`, `$ref` to `#/components/schemas`, `anyOf`,
/// `oneOf` and `format: date-time`. Returns the problems found, each with its JSON path.
struct SchemaValidator {
    let components: [String: JSONValue]

    func problems(_ value: JSONValue, _ schema: JSONValue, path: String = "$") -> [String] {
        guard case .object(let rules) = schema else { return ["\(path): schema is not an object"] }
        if let ref = rules["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = components[name] else { return ["\(path): unknown $ref \(ref)"] }
            return problems(value, target, path: path)
        }
        if let options = rules["anyOf"]?.arrayValue {
            return options.contains { problems(value, $0, path: path).isEmpty } ? [] : ["\(path): matches no anyOf option"]
        }
        if let options = rules["oneOf"]?.arrayValue {
            let matches = options.filter { problems(value, $0, path: path).isEmpty }.count
            return matches == 1 ? [] : ["\(path): matches \(matches) oneOf options, not exactly 1"]
        }
        var found: [String] = []
        if let typeRule = rules["type"] {
            let allowed = typeRule.arrayValue?.compactMap(\.stringValue) ?? [typeRule.stringValue ?? ""]
            guard allowed.contains(where: { matches(value, type: $0) }) else {
                return ["\(path): expected \(allowed.joined(separator: "|")), got \(value.typeName)"]
            }
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            found.append("\(path): \(value.text) is not one of \(JSONValue.array(options).text)")
        }
        if rules["format"]?.stringValue == "date-time", let text = value.stringValue, SandboxTime.parse(text) == nil {
            found.append("\(path): \(text) is not a date-time")
        }
        if case .object(let members) = value {
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where members[name] == nil {
                found.append("\(path).\(name): required member missing")
            }
            for (name, propertySchema) in rules["properties"]?.objectValue ?? [:] {
                if let member = members[name] { found += problems(member, propertySchema, path: "\(path).\(name)") }
            }
        }
        if case .array(let items) = value, let itemSchema = rules["items"] {
            for (index, item) in items.enumerated() { found += problems(item, itemSchema, path: "\(path)[\(index)]") }
        }
        return found
    }

    private func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number == number.rounded()
        default:
            return false
        }
    }
}
