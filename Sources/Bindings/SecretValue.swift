import CLua
import CLuaShim
import LuaHost

/// A secret (API key, client secret, webhook secret, rollback token, SDK key) held in Lua as a
/// userdata that prints redacted (`ctio_…9f2c ‹secret›`). The full text comes out only through
/// `:reveal()`, or `tostring` when the host allows it (non-interactive scripts with a flag).
public final class SecretValue {
    public static let metatable = "adminsh.Secret"
    /// When true, `tostring(secret)` gives the full value (set by `adminsh run --reveal-secrets`).
    nonisolated(unsafe) public static var tostringReveals = false

    public let value: String
    public init(_ value: String) { self.value = value }

    /// `prefix_…last4 ‹secret›`: enough to tell two secrets apart, never enough to use one.
    public var redacted: String {
        let tail = value.count > 8 ? String(value.suffix(4)) : ""
        var head = ""
        if let underscore = value.firstIndex(of: "_"), value.distance(from: value.startIndex, to: underscore) <= 12 {
            head = String(value[...underscore])
        }
        return "\(head)…\(tail) ‹secret›"
    }

    /// Field names whose string values are secrets in API responses.
    static let secretFields: Set<String> = ["new_credential", "rollback_token", "api_key", "client_secret",
                                            "webhook_secret", "secret", "key", "orgApiKey", "org_api_key", "approvalToken"]

    /// Creates the metatable: `__tostring` redacts, `:reveal()` returns the text, `__eq` compares,
    /// `__concat` refuses (so a secret never leaks into a string by accident).
    static func installMetatable(in state: LuaState) throws {
        state.register("__adminsh.secret.new") { [unowned state] frame in
            let text = try frame.string(1)
            state.pushObject(SecretValue(text), metatable: metatable, onto: frame.L)
            return 1
        }
        state.register("__adminsh.secret.reveal") { [unowned state] frame in
            guard let secret = state.boxedObject(at: 1, metatable: metatable, as: SecretValue.self, of: frame.L) else {
                throw frame.badType(1, expected: "secret")
            }
            frame.push(.string(secret.value))
            return 1
        }
        state.register("__adminsh.secret.display") { [unowned state] frame in
            guard let secret = state.boxedObject(at: 1, metatable: metatable, as: SecretValue.self, of: frame.L) else {
                throw frame.badType(1, expected: "secret")
            }
            frame.push(.string(SecretValue.tostringReveals ? secret.value : secret.redacted))
            return 1
        }
        // Finish the metatable in Lua: methods and metamethods.
        try state.run("""
            local S = __adminsh.secret
            local probe = S.new("x")
            local mt = getmetatable(probe)
            mt.__name = "secret"
            mt.__tostring = S.display
            mt.__index = { reveal = S.reveal }
            mt.__eq = function(a, b) return S.reveal(a) == S.reveal(b) end
            mt.__concat = function() error("a secret does not concatenate: use :reveal() if you really need the text", 2) end
            mt.__metatable = "secret"
            function S.is(v) return type(v) == "userdata" and getmetatable(v) == "secret" end
            """, name: "=secret")
    }
}

extension LuaState {
    /// The secret text if the value at `index` is a secret.
    func secretText(at index: Int32, of L: OpaquePointer) -> String? {
        boxedObject(at: index, metatable: SecretValue.metatable, as: SecretValue.self, of: L)?.value
    }
}
