-- adminsh.host.help: help texts attached to Lua values (functions, tables) and named topics.
-- `texts` has weak keys so documenting a value never keeps it alive; the host finds it in the
-- registry to attach texts from Swift.
local texts = setmetatable({}, { __mode = "k" })
local topics = {}
debug.getregistry()["adminsh.help"] = texts
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
