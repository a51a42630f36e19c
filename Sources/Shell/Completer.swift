import Glibc
import LuaHost

/// Tab completion: the overridable Lua function `shell.complete(text)` (`require "adminsh.shell"`;
/// by default lua/adminsh/host/complete.lua) walks `_G`, dotted and `:` paths, and fields
/// reachable through `__index` metatables.
final class Completer {
    nonisolated(unsafe) static var current: Completer?
    unowned let state: LuaState

    init(state: LuaState) {
        self.state = state
    }

    /// Candidates for `text` (the word before the cursor).
    func candidates(for text: String) -> [String] {
        guard let r = try? state.run("return require('adminsh.shell').complete(...)", name: "=completion", arguments: [.string(text)]),
              case .array(let items) = r.first ?? .nil else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// The readline-style match array: [common prefix, matches..., NULL], malloc'ed for libedit.
    func libeditMatches(text: String, start: Int, end: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let matches = candidates(for: text)
        guard !matches.isEmpty else { return nil }
        var prefix = matches[0]
        for m in matches.dropFirst() {
            while !m.hasPrefix(prefix) { prefix.removeLast() }
        }
        // libedit frees the array with free(): allocate it with malloc.
        let array = malloc((matches.count + 2) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)!
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: matches.count + 2)
        array[0] = strdup(matches.count == 1 ? matches[0] : prefix)
        for (i, m) in matches.enumerated() { array[i + 1] = strdup(m) }
        array[matches.count + 1] = nil
        if matches.count == 1 {
            // A single match: no list to show.
            free(array[1]); array[1] = nil
        }
        return array
    }
}
