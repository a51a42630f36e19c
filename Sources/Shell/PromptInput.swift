import CTerminal
import Glibc

/// The characters libedit reads at the prompt, fetched so that Ctrl-C can never be lost.
///
/// SIGINT stays blocked on the prompt thread while libedit works and is let in only inside
/// `ppoll` (`terminal_wait_readable_sigint`), atomically, while the thread waits for input. A Ctrl-C that lands while libedit is
/// busy (echoing, redrawing) therefore stays pending and ends the very next wait, instead of
/// arriving between two reads and leaving the next `read` blocked on an input queue that the
/// terminal has just flushed.
enum PromptInput {
    /// Installed as libedit's `rl_getc_function` (before `rl_initialize`).
    static let getCharacter: @convention(c) (UnsafeMutablePointer<FILE>?) -> Int32 = { file in
        PromptInput.next(fd: file.map { fileno($0) } ?? STDIN_FILENO)
    }

    /// Runs `body` (a `readline` call) with SIGINT blocked on this thread; a Ctrl-C pending when
    /// it returns is taken while still at the prompt, so it cannot interrupt the next chunk.
    static func withInterruptsAtWaits<T>(_ body: () -> T) -> T {
        var sigint = sigset_t()
        sigemptyset(&sigint)
        sigaddset(&sigint, SIGINT)
        pthread_sigmask(SIG_BLOCK, &sigint, nil)
        let result = body()
        pthread_sigmask(SIG_UNBLOCK, &sigint, nil)
        return result
    }

    /// One character (a Unicode scalar: libedit stores the value as a wide character), or -1 for
    /// end of input and for Ctrl-C (`SignalHandling.promptInterrupted` tells them apart).
    static func next(fd: Int32) -> Int32 {
        guard let lead = byte(fd) else { return -1 }
        // In a single-byte locale libedit takes bytes, as its own reader would give them.
        if __ctype_get_mb_cur_max() == 1 { return Int32(lead) }
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return Int32(lead)   // ASCII, or a stray byte passed through as it is
        }
        var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for _ in 1..<length {
            guard let continuation = byte(fd) else { return -1 }
            guard continuation & 0xC0 == 0x80 else { return Int32(continuation) }
            scalar = scalar << 6 | UInt32(continuation & 0x3F)
        }
        return Int32(bitPattern: scalar)
    }

    /// A second, non-blocking open file description of the terminal (descriptor flags are shared
    /// by every process on a description, so the shell's stdin is left as it is): a Ctrl-C makes
    /// the terminal flush its input, and a byte that `ppoll` announced may be gone by the `read`.
    nonisolated(unsafe) private static var nonBlocking: [Int32: Int32] = [:]

    private static func nonBlockingDescriptor(for fd: Int32) -> Int32 {
        if let known = nonBlocking[fd] { return known }
        var reopened = open("/proc/self/fd/\(fd)", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if reopened < 0, let name = ttyname(fd) { reopened = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        nonBlocking[fd] = reopened
        return reopened
    }

    /// Waits for and reads one byte; nil at end of input, on an error, or after a Ctrl-C.
    private static func byte(_ fd: Int32) -> UInt8? {
        let source = nonBlockingDescriptor(for: fd)
        while true {
            if SignalHandling.promptInterrupted != 0 { return nil }
            switch terminal_wait_readable_sigint(fd) {
            case 0: continue    // a signal: the loop head sees a Ctrl-C; others wait again
            case 1: break
            default: return nil
            }
            var value: UInt8 = 0
            // Without a second description (no /proc, no tty name) the read may block: as before.
            let count = read(source >= 0 ? source : fd, &value, 1)
            if count == 1 { return value }
            if count < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) { continue }
            return nil
        }
    }
}
