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

    /// Parses sizes such as `512M`, `1G`, `64k`, `1048576` or `0` (unlimited).
    public static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return nil }
        let units: [(String, Int)] = [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10),
                                      ("gb", 1 << 30), ("mb", 1 << 20), ("kb", 1 << 10),
                                      ("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count)), n >= 0 else { return nil }
            return Int(n * Double(factor))
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
