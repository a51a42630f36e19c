import AdminClient
import CLua
import CLuaShim
import LuaHost

/// API errors become Lua error tables `{code, status, message, request_id, retryable, platform,
/// operation}` with a `__tostring` giving one line.
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

    static func install(in state: LuaState) throws {
        try state.run("""
            local key = ...
            local mt = {
              __name = "AdminError",
              __tostring = function(e)
                local origin = e.status and ("HTTP " .. e.status) or "client"
                local text = string.format("%s (%s): %s", tostring(e.code), origin, tostring(e.message))
                if e.request_id then text = text .. " [" .. e.request_id .. "]" end
                return text
              end,
            }
            debug.getregistry()[key] = mt
            """, name: "=errors", arguments: [.string(key)])
    }
}
