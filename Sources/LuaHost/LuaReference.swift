import CLua
import CLuaShim

/// A registry reference to a Lua value (function or userdata) that stays inside its state.
/// The reference is released when the last Swift copy goes away, if the state is still open.
public final class LuaReference: Hashable {
    let ref: Int32
    weak var owner: LuaState?

    init(ref: Int32, owner: LuaState) {
        self.ref = ref
        self.owner = owner
    }

    deinit {
        if let owner, let L = owner.rawState {
            luaL_unref(L, adminsh_registryindex(), ref)
        }
    }

    /// Pushes the referenced value onto `L` (which must belong to the owning state).
    func push(onto L: OpaquePointer) {
        lua_rawgeti(L, adminsh_registryindex(), lua_Integer(ref))
    }

    public static func == (a: LuaReference, b: LuaReference) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }
}
