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
        state.push(.table(fields), onto: L)
        lua_getfield(L, adminsh_registryindex(), ErrorMetatable.key)
        lua_setmetatable(L, -2)
    }
}

enum ErrorMetatable {
    static let key = "adminsh.AdminError"

    /// Keeps the formatter's metatable in the registry, where pushing an error finds it without
    /// running Lua.
    static func install(in state: LuaState) throws {
        try state.run("debug.getregistry()[...] = require('adminsh.host.errors').metatable",
                      name: "=errors", arguments: [.string(key)])
    }
}
