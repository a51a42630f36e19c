/// Errors crossing the Lua/Swift boundary.
public enum LuaError: Error, CustomStringConvertible {
    /// Lua code raised an error. `value` is the raised value (a string or a table with fields such
    /// as `code`, `status`, `message`); `message` is its text and `traceback` where it happened.
    case runtime(value: LuaValue, message: String, traceback: String)
    /// A chunk did not compile.
    case syntax(message: String)
    /// Lua ran out of the memory it is allowed (`not enough memory`).
    case memory(message: String)
    /// `--time-limit` or `--instruction-limit` ended the chunk (`time limit of 2 s reached`).
    case limit(message: String)
    /// A value cannot be converted (for example a table with a cycle).
    case conversion(String)
    /// A Swift function received a bad argument.
    case argument(position: Int, function: String, message: String)
    /// Generic failure with a message.
    case message(String)

    public var description: String {
        switch self {
        case .runtime(_, let message, _): return message
        case .syntax(let m), .memory(let m), .limit(let m), .conversion(let m), .message(let m): return m
        case .argument(let position, let function, let message):
            return "bad argument #\(position) to '\(function)' (\(message))"
        }
    }

    /// The value raised in Lua when this error crosses into Lua.
    public var luaValue: LuaValue {
        if case .runtime(let value, _, _) = self { return value }
        return .string(description)
    }
}

/// A Swift error that knows which Lua value to raise (for example a table with `code`, `status`,
/// `message`, `request_id`). Errors not conforming raise their description as a string.
public protocol LuaErrorConvertible: Error {
    var luaErrorValue: LuaValue { get }
}

extension LuaError: LuaErrorConvertible {
    public var luaErrorValue: LuaValue { luaValue }
}
