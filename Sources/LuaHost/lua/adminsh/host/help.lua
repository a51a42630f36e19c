-- adminsh.host.help: help texts attached to Lua values (functions, tables) and named topics.
-- `texts` has weak keys so documenting a value never keeps it alive; the host finds it in the
-- registry to attach texts from Swift.
local texts = setmetatable({}, { __mode = "k" })
local topics = {}
debug.getregistry()["adminsh.help"] = texts
local help = {}
-- help.overview(text) replaces the generated overview (an embedding host with its own surface).
local overview
-- `text` may be a function returning the text: it runs on first use (catalog help is
-- rendered only for what someone asks about, not at start-up).
function help.set(value, text) texts[value] = text; return value end
local function textOf(value)
  local text = texts[value]
  if type(text) == "function" then text = text(); texts[value] = text end
  return text
end
local function firstLine(text) return (text or ""):match("^[^\n]*") end

-- The built-in topics load on first use (adminsh.host.topics); modules add theirs with help.topic.
local builtinTopicsLoaded = false
local function allTopics()
  if not builtinTopicsLoaded then
    builtinTopicsLoaded = true
    local ok, builtin = pcall(require, "adminsh.host.topics")
    if ok and type(builtin) == "table" then
      for name, text in pairs(builtin) do if topics[name] == nil then topics[name] = text end end
    end
  end
  return topics
end
local function sortedKeys(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = k end
  table.sort(out)
  return out
end

local function topicsList()
  local t = allTopics()
  local lines = { "Topics (help \"name\"):" }
  for _, name in ipairs(sortedKeys(t)) do
    lines[#lines + 1] = string.format("  %-10s %s", name, firstLine(t[name]))
  end
  return table.concat(lines, "\n")
end

-- The stdlib's modules with their one-line summaries (from the host, without loading them).
local function stdlibLines()
  local list = rawget(_G, "__adminsh") and __adminsh.stdlibModules and __adminsh.stdlibModules() or {}
  local lines = {}
  for _, m in ipairs(list) do
    lines[#lines + 1] = string.format("  %-10s %s", m.name, m.summary)
  end
  return lines
end

local function generatedOverview()
  local lines = { "adminsh: Lua 5.4 with the Contio and Conto admin APIs. help(x) for any function or table." }
  lines[#lines + 1] = "Namespaces:"
  for _, name in ipairs { "contio", "conto", "sandbox" } do
    local ns = rawget(_G, name)
    if type(ns) == "table" then
      lines[#lines + 1] = string.format("  %-10s %s", name, firstLine(textOf(ns) or ""))
    end
  end
  local std = stdlibLines()
  if #std > 0 then
    lines[#lines + 1] = "Standard library (local m = require \"adminsh.<name>\"):"
    for _, l in ipairs(std) do lines[#lines + 1] = l end
  end
  lines[#lines + 1] = "Topics: " .. table.concat(sortedKeys(allTopics()), ", ") .. "   (help \"topics\" describes each)"
  local globals = {}
  for _, name in ipairs { "json", "task", "pp", "secret", "each", "all", "q", "journal", "undo" } do
    if rawget(_G, name) ~= nil then globals[#globals + 1] = name end
  end
  lines[#lines + 1] = "Globals: " .. table.concat(globals, ", ") .. "   (help(json), ...)"
  lines[#lines + 1] = "At the prompt: an expression prints its value; f? prints help(f); Tab completes names, table keys,"
  lines[#lines + 1] = "enum values and ids seen in this session; Ctrl-C interrupts; Ctrl-D exits."
  return table.concat(lines, "\n")
end

function help.get(value)
  if value == nil then return overview or generatedOverview() end
  if value == "topics" then return topicsList() end
  if type(value) == "string" then
    local t = allTopics()
    if t[value] then return t[value] end
  end
  local text = textOf(value)
  if text then return text end
  if type(value) == "table" then
    local names = {}
    for k, v in pairs(value) do
      if type(k) == "string" then
        local text = textOf(v)
        local line = text and firstLine(text) or type(v)
        names[#names + 1] = string.format("  %-28s %s", k, line)
      end
    end
    table.sort(names)
    if #names == 0 then return "(no help: empty table)" end
    return "fields:\n" .. table.concat(names, "\n")
  end
  if type(value) == "string" then
    return "(no help topic \"" .. value .. "\"; topics: " .. table.concat(sortedKeys(allTopics()), ", ") .. ")"
  end
  return "(no help for this " .. type(value) .. ")"
end
-- Whether `value` has help of its own (not the generic field listing): used by tests.
function help.has(value) return textOf(value) ~= nil end
function help.topic(name, text) topics[name] = text end
function help.overview(text) overview = text end
return setmetatable(help, { __call = function(_, value) print(help.get(value)) end })
