import Foundation

/// Reads a rule from a request body and validates it for its rule type.
enum RuleInput {
    static let schema = Schema.record(["ruleType": .cases(RuleType.self), "operator": .string, "value": .any, "action": .cases(RuleAction.self)],
                                      optional: ["operator", "action"])

    /// A new rule from `body` (its fields named under `body.path`).
    static func parse(_ body: FieldReader, now: Date) throws -> PolicyRule {
        let typeText = try body.string("ruleType", required: true)!
        guard let type = RuleType(wire: typeText) else {
            throw ContoError.validation(body.name("ruleType"), "unknown rule type \(typeText)")
        }
        var rule = PolicyRule(id: ContoKeys.id("rule"), ruleType: type, operator: type.defaultOperator, value: "",
                              action: type.defaultAction, createdAt: now)
        try apply(body, to: &rule, requireValue: true)
        return rule
    }

    /// Applies present members to `rule` and re-validates the combination.
    static func apply(_ body: FieldReader, to rule: inout PolicyRule, requireValue: Bool) throws {
        if let typeText = try body.string("ruleType") {
            guard let type = RuleType(wire: typeText) else { throw ContoError.validation(body.name("ruleType"), "unknown rule type \(typeText)") }
            rule.ruleType = type
        }
        if let text = try body.string("operator") {
            guard let op = RuleOperator(wire: text) else {
                throw ContoError.validation(body.name("operator"), "must be one of \(RuleOperator.accepted.joined(separator: ", "))")
            }
            rule.operator = op
        }
        guard rule.ruleType.operators.contains(rule.operator) else {
            throw ContoError.validation(body.name("operator"), "\(rule.operator.rawValue) does not apply to \(rule.ruleType.rawValue); use one of \(rule.ruleType.operators.map(\.rawValue).joined(separator: ", "))")
        }
        if let action = try body.enumeration("action", RuleAction.self) { rule.action = action }
        switch body.members["value"] {
        case nil, .null?:
            if requireValue { throw ContoError.validation(body.name("value"), "is required") }
        case .string(let text)?:
            rule.value = text
        case let other?:
            // Structures sent as JSON are kept as their JSON text: `value` is always a string on the wire.
            rule.value = other.text
        }
        // Validates the (possibly unchanged) value against the (possibly changed) type.
        _ = try RuleValue.parse(rule.value, for: rule.ruleType, field: body.name("value"))
    }
}
