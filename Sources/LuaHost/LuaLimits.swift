/// Resource limits of a Lua state. Every limit is configurable; the memory cap is on by default.
public struct LuaLimits: Sendable {
    /// Default memory cap: 1 GiB.
    public static let defaultMemoryLimit = 1 << 30

    /// Bytes Lua may allocate; 0 disables the cap.
    public var memoryLimit: Int = LuaLimits.defaultMemoryLimit
    /// Lua VM instructions one chunk may execute; 0 = unlimited.
    public var instructionLimit: Int64 = 0
    /// Wall-clock seconds one chunk may run; 0 = unlimited. Time spent waiting on Swift async
    /// work counts too.
    public var timeLimit: Double = 0

    public init(memoryLimit: Int = LuaLimits.defaultMemoryLimit, instructionLimit: Int64 = 0, timeLimit: Double = 0) {
        self.memoryLimit = memoryLimit
        self.instructionLimit = instructionLimit
        self.timeLimit = timeLimit
    }

    /// Seconds as messages show them: `2`, `0.25`.
    public static func secondsText(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }

    /// Accepted `memoryLimit` values besides 0 (unlimited): 8 MiB (the host's own modules need a few) to 1 TiB.
    public static let memoryLimitRange: ClosedRange<Int> = (8 << 20)...(1 << 40)
    /// Accepted `instructionLimit` values besides 0: at least 10,000 (the hook counts in steps of
    /// 1,000, and printing a result takes a few thousand), at most 10^15.
    public static let instructionLimitRange: ClosedRange<Int64> = 10_000...1_000_000_000_000_000
    /// Accepted `timeLimit` values besides 0: 0.1 s to 7 days.
    public static let timeLimitRange: ClosedRange<Double> = 0.1...604_800

    /// Parses sizes such as `512M`, `1G`, `64k`, `1048576` or `0` (unlimited); nil for text that
    /// is not a size or a size too large to count in bytes (`9000000000G`).
    public static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        let units: [(String, Int)] = [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10),
                                      ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
                                      ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count)), n >= 0 else { return nil }
            return Int(exactly: (n * Double(factor)).rounded(.down))
        }
        return Int(t).flatMap { $0 >= 0 ? $0 : nil }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: CharacterSetLite) -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

fileprivate enum CharacterSetLite { case whitespaces }
