import AdminSurface
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

    /// Whether a field holds a secret where no single operation is known (plan listings): the
    /// union of every operation's declared secret response fields, the one rule there is. A
    /// result's own fields are wrapped by its operation's declaration (`adminsh.host.bindings`).
    public static func isSecretField(_ name: String) -> Bool {
        Catalog.secretFieldNames.contains(name)
    }

    /// A copy of `value` with the string values of secret fields replaced by their redacted text.
    public static func redactingSecretFields(_ value: LuaValue) -> LuaValue {
        switch value {
        case .table(let fields):
            var out: [LuaValue: LuaValue] = [:]
            for (key, field) in fields {
                if case .string(let name) = key, isSecretField(name), case .string(let text) = field {
                    out[key] = .string(SecretValue(text).redacted)
                } else {
                    out[key] = redactingSecretFields(field)
                }
            }
            return .table(out)
        case .array(let items): return .array(items.map(redactingSecretFields))
        default: return value
        }
    }

    /// The host functions behind the secret type; its metatable (`__tostring` redacts, `:reveal()`
    /// returns the text, `__eq` compares, `__concat` refuses, so a secret never leaks into a string
    /// by accident) is finished by `adminsh.host.secret`.
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
        // Methods and metamethods, and the public `secret` table: lua/adminsh/host/secret.lua.
        try state.require("adminsh.host.secret")
    }
}

extension LuaState {
    /// The secret text if the value at `index` is a secret.
    func secretText(at index: Int32, of L: OpaquePointer) -> String? {
        boxedObject(at: index, metatable: SecretValue.metatable, as: SecretValue.self, of: L)?.value
    }
}
