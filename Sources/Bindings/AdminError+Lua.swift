import Foundation
import AdminClient
import CLua
import CLuaShim
import LuaHost

/// API errors become Lua error tables `{code, status, message, request_id, retryable, platform,
/// operation}` whose `__tostring` is the host's one error formatter (`adminsh.host.errors`).
extension AdminError: LuaErrorPushable {
    public func pushLuaError(state: LuaState, onto L: OpaquePointer) {
        var fields: [LuaValue: LuaValue] = [
            "code": .string(code), "message": .string(message), "retryable": .boolean(retryable),
            "platform": .string(platform.rawValue), "operation": .string(operation),
        ]
        if let status { fields["status"] = .integer(Int64(status)) }
        if let requestID { fields["request_id"] = .string(requestID) }
        for (k, v) in details where fields[.string(k)] == nil { fields[.string(k)] = .string(v) }
        if let text = details["retry_after"] { fields["retry_after"] = AdminError.retryAfterValue(text) }
        state.push(.table(fields), onto: L)
        lua_getfield(L, adminsh_registryindex(), ErrorMetatable.key)
        lua_setmetatable(L, -2)
    }
}

extension AdminError {
    /// `retry_after` as a number of seconds (`Retry-After: 86396` → 86396); a value that is not a
    /// number of seconds (an HTTP date) stays text.
    static func retryAfterValue(_ text: String) -> LuaValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Int64(trimmed), seconds >= 0 { return .integer(seconds) }
        if let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 { return .number(seconds) }
        return .string(text)
    }
}

enum ErrorMetatable {
    static let key = "adminsh.AdminError"

    /// Keeps the formatter's metatable in the registry, where pushing an error finds it without
    /// running Lua.
    static func install(in state: LuaState) throws {
        try state.setRegistryField(key, toValueOf: "require('adminsh.host.errors').metatable")
    }
}
