/// One operation of a vendor document, reduced to what the catalog must agree with.
struct SpecOperation: CustomStringConvertible {
    var method: String
    var path: String
    var operationId: String
    /// Query parameter name → enum values (empty if none).
    var query: [String: [String]] = [:]
    var requiredQuery: Set<String> = []
    /// Body property name → enum values (empty if none); nil when the body has no declared properties.
    var body: [String: [String]]?
    var requiredBody: Set<String> = []
    /// Extra facts (`x-required-scope` of the Conto document).
    var scope: String?

    var description: String { "\(method) \(path) (\(operationId))" }
}

extension SpecOperation {
    /// Operations of a Swagger 2.0 document under `prefix`, body schemas resolved through `definitions`.
    static func swagger(_ spec: JSONObject, under prefix: String) -> [SpecOperation] {
        let definitions = spec.object("definitions") ?? [:]
        func resolve(_ schema: JSONObject) -> JSONObject {
            guard let ref = schema.string("$ref") else { return schema }
            return definitions.object(String(ref.split(separator: "/").last ?? "")) ?? [:]
        }
        var result: [SpecOperation] = []
        for (path, item) in spec.object("paths") ?? [:] where path.hasPrefix(prefix) {
            for (method, value) in item as? JSONObject ?? [:] {
                guard let op = value as? JSONObject, method != "parameters" else { continue }
                var s = SpecOperation(method: method.uppercased(), path: path, operationId: op.string("operationId") ?? "?")
                for case let p as JSONObject in op.array("parameters") ?? [] {
                    let name = p.string("name") ?? ""
                    switch p.string("in") {
                    case "query":
                        s.query[name] = p.strings("enum")
                        if p["required"] as? Bool == true { s.requiredQuery.insert(name) }
                    case "body":
                        let schema = resolve(p.object("schema") ?? [:])
                        s.body = (schema.object("properties") ?? [:]).mapValues { ($0 as? JSONObject)?.strings("enum") ?? [] }
                        s.requiredBody = Set(schema.strings("required"))
                    default: break
                    }
                }
                result.append(s)
            }
        }
        return result
    }

    /// Operations of an OpenAPI 3 document whose path passes `include`.
    static func openAPI(_ document: JSONObject, include: (String) -> Bool) -> [SpecOperation] {
        var result: [SpecOperation] = []
        for (path, item) in document.object("paths") ?? [:] where include(path) {
            for (method, value) in item as? JSONObject ?? [:] {
                guard let op = value as? JSONObject else { continue }
                var s = SpecOperation(method: method.uppercased(), path: path, operationId: op.string("operationId") ?? "?")
                s.scope = op.string("x-required-scope")
                for case let p as JSONObject in op.array("parameters") ?? [] where p.string("in") == "query" {
                    let name = p.string("name") ?? ""
                    s.query[name] = p.object("schema")?.strings("enum") ?? []
                    if p["required"] as? Bool == true { s.requiredQuery.insert(name) }
                }
                if let schema = op.object("requestBody")?.object("content")?.object("application/json")?.object("schema") {
                    // A body may be one of several shapes (a rule, or {rules}): take every option's fields.
                    let options = (schema.array("oneOf") as? [JSONObject]) ?? [schema]
                    var properties: [String: [String]] = [:]
                    for option in options {
                        for (name, property) in option.object("properties") ?? [:] {
                            properties[name] = (property as? JSONObject)?.strings("enum") ?? []
                        }
                    }
                    s.body = properties
                    if options.count == 1 { s.requiredBody = Set(schema.strings("required")) }
                }
                result.append(s)
            }
        }
        return result
    }
}
