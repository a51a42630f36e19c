import CEditline
import Glibc
import LuaHost

/// Tab completion: the overridable Lua function `shell.complete(text, line)` (`require "adminsh.shell"`;
/// by default lua/adminsh/host/complete.lua) sees the word before the cursor and the line up to
/// it: argument-table keys, enum values and seen ids inside calls, else names from `_G`, dotted
/// and `:` paths and `__index` metatables.
final class Completer {
    nonisolated(unsafe) static var current: Completer?
    unowned let state: LuaState

    /// One completion: the text that replaces the word, and what a list of several shows.
    struct Candidate: Equatable {
        var insert: String
        var label: String
    }

    init(state: LuaState) {
        self.state = state
    }

    /// Candidates for `text` (the word before the cursor).
    func candidates(for text: String) -> [String] {
        completions(for: text, line: nil).map(\.insert)
    }

    /// Candidates for `text` with `line`, the input up to the cursor, and their labels.
    func completions(for text: String, line: String?) -> [Candidate] {
        guard let r = try? state.run("return require('adminsh.shell').complete(...)", name: "=completion",
                                     arguments: [.string(text), line.map { .string($0) } ?? .nil]),
              case .array(let items) = r.first ?? .nil else { return [] }
        var labels: [LuaValue] = []
        if r.count > 1, case .array(let l) = r[1] { labels = l }
        return items.enumerated().compactMap { i, item in
            guard let insert = item.stringValue else { return nil }
            return Candidate(insert: insert, label: (i < labels.count ? labels[i].stringValue : nil) ?? insert)
        }
    }

    /// The line up to the cursor, from libedit's buffer.
    static func lineBeforeCursor() -> String? {
        guard let buffer = rl_line_buffer else { return nil }
        let bytes = Array(String(cString: buffer).utf8)
        let point = Int(rl_point)
        guard point >= 0, point <= bytes.count else { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes[..<point], as: UTF8.self)
    }

    /// The readline-style match array: [common prefix, labels..., NULL], malloc'ed for libedit.
    /// libedit inserts the first entry and lists the others, so a list can show an id with its name.
    func libeditMatches(text: String, start: Int, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let matches = completions(for: text, line: Self.lineBeforeCursor())
        guard !matches.isEmpty else { return nil }
        var prefix = matches[0].insert
        for m in matches.dropFirst() {
            while !m.insert.hasPrefix(prefix) { prefix.removeLast() }
        }
        // libedit frees the array with free(): allocate it with malloc.
        guard let raw = malloc((matches.count + 2) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride) else { return nil }
        let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: matches.count + 2)
        array[0] = strdup(matches.count == 1 ? matches[0].insert : prefix)
        for (i, m) in matches.enumerated() { array[i + 1] = strdup(m.label) }
        array[matches.count + 1] = nil
        if matches.count == 1 {
            // A single match: no list to show.
            free(array[1]); array[1] = nil
        }
        return array
    }
}
