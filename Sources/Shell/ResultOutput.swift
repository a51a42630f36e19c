import LuaHost

/// How the values a chunk returns are printed: by the pretty printer (`text`, the default) or as
/// JSON (`json`, one document per value and line, for `jq` and CI). The REPL prints every
/// expression this way; `adminsh run` and `-e` print what a script or chunk `return`s.
public enum ResultFormat: String, CaseIterable, Sendable {
    case text, json

    /// Installs `shell.render(pack)` for this format in `state` (the pretty printer must be there).
    public func install(in state: LuaState) throws {
        try state.run(ResultOutputSource.source, name: "=output", arguments: [.string(rawValue)])
    }

    /// The text for `values` (nil when there are none), rendered by the installed `shell.render`.
    public static func render(_ values: [LuaValue], in state: LuaState) throws -> String? {
        guard !values.isEmpty else { return nil }
        return try state.run("return shell.render(table.pack(...))", name: "=output", arguments: values).first?.stringValue
    }
}

enum ResultOutputSource {
    static let source = #"""
    local format = ...
    shell = shell or {}
    -- A copy JSON can hold: secret values as their printed (redacted) text, functions and other
    -- userdata as their names; an empty array stays an array. A cycle is an error.
    local function jsonable(v, seen)
      if rawequal(v, json.null) then return v end
      local t = type(v)
      if t == "userdata" or t == "function" or t == "thread" then return tostring(v) end
      if t ~= "table" then return v end
      if seen[v] then error("cannot print a table that contains itself as JSON", 0) end
      seen[v] = true
      local copy = {}
      for k, x in pairs(v) do copy[jsonable(k, seen)] = jsonable(x, seen) end
      seen[v] = nil
      local mt = getmetatable(v)
      if next(copy) == nil and type(mt) == "table" and rawget(mt, "__jsontype") == "array" then copy = json.array(copy) end
      return copy
    end
    function shell.render(pack)
      if format ~= "json" then return pp.renderAll(pack) end
      local lines = {}
      for i = 1, pack.n do lines[i] = json.encode(jsonable(pack[i], {}), { pretty = pack.n == 1 }) end
      return table.concat(lines, "\n")
    end
    shell.format = format
    """#
}
