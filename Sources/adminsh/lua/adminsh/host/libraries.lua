-- adminsh.host.libraries: where `require` finds Lua modules, in the one documented order:
--   the stdlib, then the project's libraries (adminsh.toml + adminsh.lock), then --lib folders
--   and ADMINSH_PATH, then ./recipes. A module `acme.onboard` is the file acme/onboard.lua (or
--   acme/onboard/init.lua) in one of them.
-- Refused at require, with an error saying why:
--   * a module named adminsh.* from anywhere but the stdlib (a folder may not shadow it);
--   * a module outside a library's own prefix (library acme defines only acme and acme.*);
--   * a project library whose checkout no longer matches adminsh.lock, or that is not installed.
-- configure() runs once per session, by the host (Sources/adminsh/LibSession.swift).
local sub, find, gsub, format, concat = string.sub, string.find, string.gsub, string.format, table.concat
local open, ipairs, error, loadfile = io.open, ipairs, error, loadfile

local M = {}
local roots = nil
local defaults = ""   -- Lua's own search path (LUA_PATH or the built-in one), searched last

local function exists(path)
  local f = open(path, "r")
  if f then f:close() return true end
  return false
end

-- The file of module `name` in `root`, and the candidates tried.
local function fileIn(root, name, tried)
  local base = root.dir .. "/" .. gsub(name, "%.", "/")
  for _, path in ipairs { base .. ".lua", base .. "/init.lua" } do
    if exists(path) then return path end
    tried[#tried + 1] = "\n\tno file '" .. path .. "'"
  end
  return nil
end

local function refuse(text) error(text, 0) end

-- Taken now: a field of the module's table is looked up once, not at every require.
local adopt = require("adminsh.host.capabilities").adopt

local compile = load   -- the host's text-only load (adminsh.host.guards)
local untail = require("adminsh.host.tailcalls").untail

-- A library's file, compiled without tail calls (adminsh.host.tailcalls): its functions stay on
-- the stack while what they return runs, so the capability check sees them.
local function loadLibraryFile(path)
  local f, err = open(path, "r")
  if not f then return nil, err end
  local text = f:read("a")
  f:close()
  if type(text) ~= "string" then return nil, "cannot read " .. path end
  return compile(untail(text), "@" .. path, "t")
end

-- The loader of one file; a library's module comes back adopted (its functions stay its code).
local function load(name, path, library)
  local fn, err
  if library then fn, err = loadLibraryFile(path) else fn, err = loadfile(path, "t") end
  if not fn then refuse(format("error loading module '%s' from file '%s':\n\t%s", name, path, err)) end
  if not library then return fn, path end
  return function(...) return adopt(fn(...), path) end, path
end

-- A project library is checked against its lock once per session, at its first require.
local function verified(root)
  if root.problem then refuse(root.problem) end
  if root.verify and not root.verified then
    local problem = root.verify()
    if problem then refuse(problem) end
    root.verified = true
  end
end

local function searcher(name)
  local prefix = sub(name, 1, (find(name, ".", 1, true) or #name + 1) - 1)
  local tried = {}
  if prefix == "adminsh" then
    for _, root in ipairs(roots) do
      if root.kind ~= "stdlib" then
        local path = fileIn(root, name, {})
        if path then
          refuse(format("module '%s': %s may not define it: adminsh.* is reserved for the stdlib (rename or remove the file)", name, path))
        end
      end
    end
  end
  for _, root in ipairs(roots) do
    if root.kind == "stdlib" then
      local path = fileIn(root, name, tried)
      if path then return load(name, path) end
    elseif root.library then
      if root.library == prefix then
        verified(root)
        local path = fileIn(root, name, tried)
        if path then return load(name, path, root.library) end
      elseif prefix ~= "adminsh" then
        local path = fileIn(root, name, {})
        if path then
          refuse(format("module '%s': %s is in library %s, which may only define modules under %s.*", name, path, root.library, root.library))
        end
      end
    elseif prefix ~= "adminsh" then
      local path = fileIn(root, name, tried)
      if path then return load(name, path) end
    end
  end
  if prefix ~= "adminsh" and defaults ~= "" then
    local path, err = package.searchpath(name, defaults)
    if path then return load(name, path) end
    tried[#tried + 1] = err
  end
  return concat(tried)
end

--- configure(roots, hostEntries): once, by the host. roots: in search order, each {dir=,
--- kind="stdlib"|"project"|"lib"|"recipes", library=name or nil, problem=text or nil,
--- verify=function() -> nil | problem}. hostEntries: how many leading entries of package.path the
--- host put there (the rest is Lua's own path).
function M.configure(list, hostEntries)
  if roots then error("adminsh.host.libraries is configured once, by the host", 2) end
  roots = list
  local own, i = {}, 0
  for entry in string.gmatch(package.path, "[^;]+") do
    i = i + 1
    if i > (hostEntries or 0) then own[#own + 1] = entry end
  end
  defaults = concat(own, ";")
  package.searchers[2] = searcher
  local patterns = {}
  for _, root in ipairs(list) do
    patterns[#patterns + 1] = root.dir .. "/?.lua;" .. root.dir .. "/?/init.lua"
  end
  if defaults ~= "" then patterns[#patterns + 1] = defaults end
  package.path = concat(patterns, ";")
end

return M
