import Foundation

/// A duration given on the command line (`adminsh log --since`, `run --max-age`): "90s", "15m",
/// "2h", "1h30m", "2d", "1w" or a number of seconds.
enum DurationArgument {
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let n = Double(trimmed), n >= 0 { return n }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
        var total = 0.0, number = "", sawPart = false
        for c in trimmed where c != " " {
            if c.isNumber || c == "." { number.append(c); continue }
            guard let unit = units[c], let n = Double(number) else { return nil }
            total += n * unit
            number = ""
            sawPart = true
        }
        return number.isEmpty && sawPart ? total : nil
    }
}
