/// A Lua value copied into Swift. Tables are copied deeply; functions and userdata stay in the
/// Lua state and are held by reference.
public enum LuaValue: Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A table whose keys are exactly 1...n (a Lua sequence / JSON array).
    case array([LuaValue])
    /// Any other table; an empty Lua table arrives here unless it carries the JSON array marker.
    case table([LuaValue: LuaValue])
    case function(LuaReference)
    case userdata(LuaReference)
    /// JSON `null`, which a Lua `nil` cannot represent inside a table (`json.null` in Lua).
    case null

    /// The value as a Swift string when it is a Lua string (numbers are not converted).
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an integer when it is an integer, or a float with an exact integer value.
    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d) where d.rounded() == d && abs(d) < 9.2e18: return Int64(d)
        default: return nil
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .boolean(let b) = self { return b }
        return nil
    }

    /// Field lookup for `.table` values with string keys.
    public subscript(key: String) -> LuaValue {
        if case .table(let t) = self { return t[.string(key)] ?? .nil }
        return .nil
    }

    /// Element lookup (1-based like Lua) for arrays.
    public subscript(index: Int) -> LuaValue {
        if case .array(let a) = self, index >= 1, index <= a.count { return a[index - 1] }
        if case .table(let t) = self { return t[.integer(Int64(index))] ?? .nil }
        return .nil
    }

    /// Lua's name for the type of this value (`null` reports as `userdata`, as `json.null` is one).
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .integer, .number: return "number"
        case .string: return "string"
        case .array, .table: return "table"
        case .function: return "function"
        case .userdata, .null: return "userdata"
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        var t: [LuaValue: LuaValue] = [:]
        for (k, v) in elements { t[.string(k)] = v }
        self = .table(t)
    }
    public init(nilLiteral: ()) { self = .nil }
}
