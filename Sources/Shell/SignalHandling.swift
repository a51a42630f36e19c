import CTerminal
import Glibc
import LuaHost

/// SIGINT handling. `blockForNewThreads()` runs first in `main`, so only the Lua thread, which
/// `install` unblocks, ever takes a Ctrl-C. While a chunk runs, Ctrl-C interrupts it through the
/// Lua hook (the handler never touches the Lua state itself); during bulk work the first one
/// only asks the work to start no new items (`InterruptHandle.userInterrupt`); at the prompt it
/// clears the line.
public enum SignalHandling {
    nonisolated(unsafe) static var interrupt: InterruptHandle?
    nonisolated(unsafe) static var atPrompt = false
    nonisolated(unsafe) static var promptInterrupted: sig_atomic_t = 0

    nonisolated(unsafe) static var lastInterrupt: Double = 0
    /// The thread that runs Lua and reads the prompt; a signal landing elsewhere is forwarded to
    /// it so a blocked read() returns EINTR there.
    nonisolated(unsafe) static var luaThread: pthread_t = pthread_self()
    /// Outside the REPL a second Ctrl-C within two seconds ends the process (exit 130).
    nonisolated(unsafe) public static var secondInterruptExits = false

    /// Blocks SIGINT on the calling thread, and so on every thread created after it. Call it
    /// first thing in `main`, before any other thread exists (see docs/architecture.md
    /// "Signals"); a program that never calls it keeps its signal handling as it was.
    public static func blockForNewThreads() {
        terminal_block_sigint()
    }

    /// Routes Ctrl-C to `handle` (call on the thread that runs Lua, once per process).
    public static func install(interrupt handle: InterruptHandle) {
        interrupt = handle
        var action = sigaction()
        luaThread = pthread_self()
        action.__sigaction_handler.sa_handler = { signal in
            if pthread_equal(pthread_self(), SignalHandling.luaThread) == 0 {
                pthread_kill(SignalHandling.luaThread, signal)
                return
            }
            if SignalHandling.atPrompt {
                SignalHandling.promptInterrupted = 1
            } else {
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let seconds = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
                if SignalHandling.secondInterruptExits && seconds - SignalHandling.lastInterrupt < 2 { _exit(130) }
                SignalHandling.lastInterrupt = seconds
                SignalHandling.interrupt?.userInterrupt()
            }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0 // no SA_RESTART: a blocked read() returns EINTR so readline gives up the line
        sigaction(SIGINT, &action, nil)
        terminal_accept_sigint()
    }
}
