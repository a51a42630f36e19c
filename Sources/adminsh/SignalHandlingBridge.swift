import LuaHost
import Shell

/// Ctrl-C for commands that run Lua without a full session.
enum SignalHandlingBridge {
    static func install(_ state: LuaState) {
        SignalHandling.install(interrupt: state.interruptHandle)
    }
}
