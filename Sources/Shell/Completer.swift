import CLua
import CLuaShim
import Glibc
import LuaHost

/// Tab completion: an overridable Lua function `shell.complete(text)` walks `_G`, dotted and
/// `:` paths, and fields reachable through `__index` metatables.
final class Completer {
    nonisolated(unsafe) static var current: Completer?
    unowned let state: LuaState

    static let source = #"""
    local function fieldsOf(t, out, seen)
      seen = seen or {}
      if seen[t] then return end
      seen[t] = true
      if type(t) == "table" then
        for k in pairs(t) do if type(k) == "string" then out[k] = true end end
      end
      local mt = getmetatable(t)
      if type(mt) == "table" then
        local idx = rawget(mt, "__index")
        if type(idx) == "table" then fieldsOf(idx, out, seen) end
        local extra = rawget(mt, "__complete")
        if type(extra) == "function" then
          local ok, names = pcall(extra, t)
          if ok and type(names) == "table" then for _, n in ipairs(names) do out[n] = true end end
        end
      end
    end
    local keywords = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto",
      "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }
    return function(text)
      local path, sep, last = text:match("^(.-)([%.:]?)([%w_]*)$")
      if not path then return {} end
      local base = _G
      if sep ~= "" then
        for part in path:gmatch("[^%.:]+") do
          local ok, v = pcall(function() return base[part] end)
          if not ok or (type(v) ~= "table" and type(v) ~= "userdata" and type(v) ~= "string") then return {} end
          base = type(v) == "string" and string or v
        end
      end
      local names = {}
      fieldsOf(base, names)
      if sep == "" then for _, k in ipairs(keywords) do names[k] = true end end
      local out = {}
      for name in pairs(names) do
        if name:sub(1, #last) == last and name:match("^[%a_][%w_]*$") then
          local full = path .. sep .. name
          if sep == ":" then
            local ok, v = pcall(function() return base[name] end)
            if ok and type(v) == "function" then out[#out + 1] = full end
          else
            out[#out + 1] = full
          end
        end
      end
      table.sort(out)
      return out
    end
    """#

    init(state: LuaState) throws {
        self.state = state
        try state.run("""
            local source = ...
            shell = shell or {}
            shell.complete = assert(load(source, "=completion"))()
            """, name: "=completion", arguments: [.string(Completer.source)])
        state.setHelp("shell.complete", "shell.complete(text) -> {names}\n  The Tab completer; replace it to customise completion.")
    }

    /// Candidates for `text` (the word before the cursor).
    func candidates(for text: String) -> [String] {
        guard let r = try? state.run("return shell.complete(...)", name: "=completion", arguments: [.string(text)]),
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
