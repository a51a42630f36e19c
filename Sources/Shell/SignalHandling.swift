import Glibc
import LuaHost

/// SIGINT handling: while a chunk runs, Ctrl-C interrupts it through the Lua hook (the handler
/// never touches the Lua state itself); at the prompt it clears the line.
enum SignalHandling {
    nonisolated(unsafe) static var interrupt: InterruptHandle?
    nonisolated(unsafe) static var atPrompt = false
    nonisolated(unsafe) static var promptInterrupted: sig_atomic_t = 0

    static func install(interrupt handle: InterruptHandle) {
        interrupt = handle
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            if SignalHandling.atPrompt {
                SignalHandling.promptInterrupted = 1
            } else {
                SignalHandling.interrupt?.interrupt()
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0 // no SA_RESTART: a blocked read() returns EINTR so readline gives up the line
        sigaction(SIGINT, &action, nil)
    }
}
