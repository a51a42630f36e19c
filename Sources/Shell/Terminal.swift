import Glibc

/// Facts about the terminal that decide colours, line editing and progress output.
public enum Terminal {
    public static var stdinIsTTY: Bool { isatty(0) != 0 }
    public static var stdoutIsTTY: Bool { isatty(1) != 0 }
    public static var stderrIsTTY: Bool { isatty(2) != 0 }

    /// Colours only on a TTY, never with `NO_COLOR` set (any value), never for `TERM=dumb`.
    public static func colorEnabled(forStdout: Bool = true) -> Bool {
        if getenv("NO_COLOR") != nil { return false }
        if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
        return forStdout ? stdoutIsTTY : stderrIsTTY
    }

    /// Whether an answer to a `[y/N]` question agrees: only "y" or "yes", any case.
    public static func agrees(_ answer: String) -> Bool {
        ["y", "yes"].contains(answer.trimmingSpaces.lowercased())
    }

    static func write(_ text: String, to fd: Int32 = 1) {
        var text = text
        text.withUTF8 { buf in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
