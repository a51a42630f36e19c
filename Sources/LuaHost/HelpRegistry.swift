import CLua
import CLuaShim

/// Help texts attached to Lua values (functions, tables), kept in a weak-keyed registry table so
/// `help(x)` works for anything the host or a module documents (`help.set(value, text)`).
public enum HelpRegistry {
    static let key = "adminsh.help"

    static let source = #"""
    local texts, topics = ...
    local help = {}
    local overview = [[
    adminsh: Lua 5.4 with admin helpers.
      help(x)          help for a function or table (also help "topic")
      json.encode(v)   json.decode(s)   json.null   json.array(t)
      task.spawn(fn, ...)  task.wait(id)  task.sleep(s)
    At the prompt an expression prints its value; Tab completes names; Ctrl-C interrupts;
    Ctrl-D exits.]]
    -- `text` may be a function returning the text: it runs on first use (catalog help is
    -- rendered only for what someone asks about, not at start-up).
    function help.set(value, text) texts[value] = text; return value end
    local function textOf(value)
      local text = texts[value]
      if type(text) == "function" then text = text(); texts[value] = text end
      return text
    end
    function help.get(value)
      if value == nil then return overview end
      if type(value) == "string" and topics[value] then return topics[value] end
      local text = textOf(value)
      if text then return text end
      if type(value) == "table" then
        local names = {}
        for k, v in pairs(value) do
          if type(k) == "string" then
            local text = textOf(v)
            local line = text and text:match("^[^\n]*") or type(v)
            names[#names + 1] = string.format("  %-28s %s", k, line)
          end
        end
        table.sort(names)
        if #names == 0 then return "(no help: empty table)" end
        return "fields:\n" .. table.concat(names, "\n")
      end
      return "(no help for this " .. type(value) .. ")"
    end
    function help.topic(name, text) topics[name] = text end
    function help.overview(text) overview = text end
    return setmetatable(help, { __call = function(_, value) print(help.get(value)) end })
    """#

    static func install(in state: LuaState) throws {
        let L = state.L
        // texts: weak keys so documenting a value never keeps it alive.
        adminsh_newtable(L)
        adminsh_newtable(L)
        lua_pushstring(L, "k")
        lua_setfield(L, -2, "__mode")
        lua_setmetatable(L, -2)
        lua_pushvalue(L, -1)
        lua_setfield(L, adminsh_registryindex(), key)
        adminsh_newtable(L) // topics
        let textsAndTopics: Int32 = 2
        try state.load(source, name: "=help")
        adminsh_insert(L, -1 - textsAndTopics)
        guard adminsh_pcall(L, textsAndTopics, 1) == LUA_OK else {
            throw LuaError.message(state.popErrorMessage())
        }
        lua_setglobal(L, "help")
    }
}

extension LuaState {
    /// Attaches help text to the value at a dotted global path (e.g. `json.encode`).
    public func setHelp(_ path: String, _ text: String) {
        let parts = path.split(separator: ".").map(String.init)
        adminsh_pushglobaltable(L)
        for part in parts {
            guard lua_type(L, -1) == LUA_TTABLE else { adminsh_pop(L, 1); return }
            lua_getfield(L, -1, part)
            adminsh_remove(L, -2)
        }
        lua_getfield(L, adminsh_registryindex(), HelpRegistry.key)
        lua_pushvalue(L, -2)
        pushString(text, onto: L)
        lua_rawset(L, -3)
        adminsh_pop(L, 2)
    }

    /// The help text for the value at a dotted path, as `help.get` returns it.
    public func helpText(_ path: String) throws -> String {
        let results = try run("return help.get(\(path))", name: "=help")
        return results.first?.stringValue ?? ""
    }
}
