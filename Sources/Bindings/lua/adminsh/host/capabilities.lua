-- adminsh.host.capabilities: library capabilities, enforced at call time.
--   While code of a library (a function whose source file lies in a library's folder) is on the
--   Lua call stack, a bound call to an operation outside what that library declared in its
--   adminsh-lib.toml raises CAPABILITY_DENIED before anything is sent. Every library on the stack
--   must allow the operation: the stdlib and the user's own code are trusted, but a library
--   calling the stdlib (acme.onboard -> provision.agent) is still bound by its own declaration.
--   A module may be narrowed further ([modules."acme.audit"] in the manifest).
-- What code a library starts stays its code:
--   * a coroutine (coroutine.create/wrap, task.spawn) created while a library is on the stack
--     carries that library with it, so handing a trusted function to a new coroutine does not
--     leave the library behind;
--   * a chunk a library compiles with `load` gets the name "=(library NAME) ...", so it cannot
--     pose as a trusted file with an "@..." name;
--   * a tail call (`return provision.agent(spec)`) removes the caller's frame from the stack, so
--     the functions a library module exports (its table's functions written in the library, and
--     such functions they return) are wrapped when it is required (adopt): the wrapper's frame
--     stays while the library runs;
--   * a file's chunk ("@path") belongs to the library whose folder holds it, a relative path read
--     from the working directory; "@adminsh/..." names the host's own compiled-in modules.
--   * a file a library compiles with loadfile or dofile is read and named the same way, wherever
--     the file lies.
--   * a library's files and the chunks it compiles have no tail calls (adminsh.host.tailcalls),
--     so a function of its reached some other way (a global it set) stays on the stack too.
-- Every path to the APIs is checked: guardEntryPoints() makes the host's raw senders
-- (__adminsh.call, callWithOutcome) and the journal's begin line check the operation themselves.
-- Beyond the APIs, a library needs system capabilities: "system.exec" (os.execute, io.popen,
-- os.exit, package.loadlib, native modules) and "system.write" (io.open for writing, io.output,
-- os.remove, os.rename, adminsh.files.writePrivate/mkdirs). No capability opens the host's own
-- parts to a library: __adminsh, the adminsh.host.* modules (require, package.loaded/preload),
-- this module's table, debug.setlocal.
-- configure() runs once per session (the host's; a second call is refused) and, when there are
-- libraries, replaces load, loadfile, dofile, coroutine.create, coroutine.wrap, task.spawn, the
-- system functions above, require, rawset, package.loaded/preload and __adminsh with guarded ones.
local errors = require "adminsh.host.errors"

local getinfo, running = debug.getinfo, coroutine.running
local rawcreate, rawwrap = coroutine.create, coroutine.wrap
local sub, find, format, gsub, gmatch = string.sub, string.find, string.format, string.gsub, string.gmatch
local concat = table.concat
local type, error, select, ipairs, pairs, setmetatable, tostring = type, error, select, ipairs, pairs, setmetatable, tostring
local getmetatable, rawset, rawget, pack, unpack, sort = getmetatable, rawset, rawget, table.pack, table.unpack, table.sort
local SELF = getinfo(1, "S").source   -- this file's wrappers stand for the library they wrap
local textLoad = load   -- the host's text-only load (adminsh.host.guards), before wrapLoad names chunks

local M = {}

local roots = nil          -- list of { prefix = "/abs/dir/", name =, caps = {patterns}, modules = {["acme/x.lua"] = {patterns}} }
local byName = {}          -- library name -> root
local cwd = "/"
local trustTests = false   -- `adminsh test` (always a throwaway sandbox): a library's *_test.lua files set up freely
local owners = {}          -- chunk source -> list of owners, or false (trusted); a cache
local wrapperOwners = setmetatable({}, { __mode = "k" })  -- adopted function's wrapper -> owners
local wrappers = setmetatable({}, { __mode = "k" })       -- library function -> its wrapper
local inherited = setmetatable({}, { __mode = "k" })   -- coroutine -> owners of the code that started it

-- "/a/./b/../c" -> "/a/c"; relative paths are taken from the session's working directory.
local function normalise(path)
  if sub(path, 1, 1) ~= "/" then path = cwd .. "/" .. path end
  local parts = {}
  for part in gmatch(path, "[^/]+") do
    if part == ".." then parts[#parts] = nil
    elseif part ~= "." then parts[#parts + 1] = part end
  end
  return "/" .. concat(parts, "/")
end

-- The owners of a chunk: { {library=, module=, caps=} ... }, or false for trusted code.
local function ownersOf(source)
  local known = owners[source]
  if known ~= nil then return known end
  local found = false
  if sub(source, 1, 1) == "@" and sub(source, 1, 9) ~= "@adminsh/" then
    local path = normalise(sub(source, 2))
    for _, root in ipairs(roots) do
      if trustTests and sub(path, -9) == "_test.lua" then break end
      if sub(path, 1, #root.prefix) == root.prefix then
        local file = sub(path, #root.prefix + 1)
        local narrowed = root.modules[file]
        found = { { library = root.name, module = narrowed and root.moduleNames[file] or nil, caps = narrowed or root.caps } }
        break
      end
    end
  elseif sub(source, 1, 10) == "=(library " then
    local close = find(source, ")", 11, true)
    if close then
      found = {}
      for name in gmatch(sub(source, 11, close - 1), "[^,]+") do
        local root = byName[name]
        -- A name no library has still binds the chunk: it allows nothing.
        found[#found + 1] = { library = name, caps = root and root.caps or {} }
      end
    end
  end
  owners[source] = found
  return found
end

-- Every library whose code is running in this coroutine, or started it.
local function boundOwners(level)
  local list, seen = {}, {}
  local function add(o)
    local key = o.library .. "\0" .. (o.module or "")
    if not seen[key] then seen[key] = true; list[#list + 1] = o end
  end
  while true do
    local info = getinfo(level, "Sf")
    if not info then break end
    local found = ownersOf(info.source) or wrapperOwners[info.func] or false
    if found then for _, o in ipairs(found) do add(o) end end
    level = level + 1
  end
  local from = inherited[running()]
  if from then for _, o in ipairs(from) do add(o) end end
  return list
end

local function allows(caps, operation)
  for _, pattern in ipairs(caps) do
    if pattern == operation then return true end
    if sub(pattern, -2) == ".*" and sub(operation, 1, #pattern - 1) == sub(pattern, 1, -2) then return true end
  end
  return false
end

-- The CAPABILITY_DENIED error for owner `o`; `doing` says what was refused, `hint` what to declare.
-- `hint` false: no capability allows it (the message does not list what was declared).
local function deny(o, doing, hint, fields)
  local declared = #o.caps > 0 and concat(o.caps, ", ") or "nothing"
  local who = o.module and format("module %s of library %s", o.module, o.library) or ("library " .. o.library)
  local e = { code = "CAPABILITY_DENIED", library = o.library, module = o.module,
              message = hint and format("%s may not %s: it declares %s (adminsh-lib.toml capabilities)%s", who, doing, declared, hint)
                        or format("%s may not %s: no capability allows it; nothing was done", who, doing) }
  for k, v in pairs(fields or {}) do e[k] = v end
  error(setmetatable(e, errors.metatable), 0)
end

-- check(qualified): raises CAPABILITY_DENIED when a library on the stack does not declare it.
-- A local, so replacing a field of this module's table changes nothing.
local function check(qualified)
  if not roots or #roots == 0 then return end
  for _, o in ipairs(boundOwners(3)) do
    if not allows(o.caps, qualified) then
      deny(o, "call " .. qualified, "; nothing was sent", { operation = qualified })
    end
  end
end
M.check = check

--- guard(qualified, send) -> send, checked first.
function M.guard(qualified, send)
  return function(...)
    check(qualified)
    return send(...)
  end
end

-- The system capabilities (adminsh-lib.toml `capabilities`, next to the operations):
--   system.exec   run commands and native code: os.execute, io.popen, os.exit, package.loadlib
--   system.write  change files: io.open for writing, io.output(file), os.remove, os.rename,
--                 adminsh.files.writePrivate and mkdirs
local SYSTEM_EFFECT = { ["system.exec"] = "nothing was run", ["system.write"] = "nothing was written" }
local function checkSystem(capability, what)
  if not roots or #roots == 0 then return end
  for _, o in ipairs(boundOwners(3)) do
    if not allows(o.caps, capability) then
      deny(o, "use " .. what, format("; declare \"%s\" to allow it; %s", capability, SYSTEM_EFFECT[capability]),
           { operation = capability })
    end
  end
end

--- guardEntryPoints(host): once, by the host, right after it registers them: the functions that
--- send (host.call, host.callWithOutcome) and the one that writes a journal entry
--- (host.journalBegin) check the operation themselves, so no path around the bound functions
--- (a raw call, the journal's wrap) reaches the API or the journal unchecked. The embedded
--- sandbox's own operations (`sandbox.reset()` is contio.__sandbox.reset) are checked too.
local entryPointsGuarded = false
function M.guardEntryPoints(host)
  if entryPointsGuarded then error("adminsh.host.capabilities guards the entry points once, by the host", 2) end
  entryPointsGuarded = true
  for _, field in ipairs { "call", "callWithOutcome" } do
    local send = host[field]
    if type(send) == "function" then
      host[field] = function(name, ...)
        check(type(name) == "string" and name or "(not an operation name)")
        return send(name, ...)
      end
    end
  end
  local begin = host.journalBegin
  if type(begin) == "function" then
    host.journalBegin = function(entry, ...)
      check(type(entry) == "table" and type(entry.operation) == "string" and entry.operation or "(no operation)")
      return begin(entry, ...)
    end
  end
end

-- Library names for a chunk name: "acme,beta".
local function names(list)
  local out = {}
  for i, o in ipairs(list) do out[i] = o.library end
  return concat(out, ",")
end

local function inheriting(fn, bound)
  return function(...)
    inherited[running()] = bound
    return fn(...)
  end
end

local function wrapStarters()
  function coroutine.create(fn)
    local bound = type(fn) == "function" and boundOwners(2) or {}
    return rawcreate(#bound > 0 and inheriting(fn, bound) or fn)
  end
  function coroutine.wrap(fn)
    local bound = type(fn) == "function" and boundOwners(2) or {}
    return rawwrap(#bound > 0 and inheriting(fn, bound) or fn)
  end
  local task = rawget(_G, "task")
  if type(task) == "table" and type(task.spawn) == "function" then
    local spawn = task.spawn
    task.spawn = function(fn, ...)
      local bound = type(fn) == "function" and boundOwners(2) or {}
      return spawn(#bound > 0 and inheriting(fn, bound) or fn, ...)
    end
  end
end

local untail = require("adminsh.host.tailcalls").untail

local function wrapLoad()
  local rawload = load
  function load(chunk, name, mode, ...)
    local bound = boundOwners(2)
    if #bound > 0 then
      local given = type(name) == "string" and gsub(name, "^[@=]", "") or "(load)"
      name = "=(library " .. names(bound) .. ") " .. given
      -- A text chunk loses its tail calls like the library's files (a reader function's pieces
      -- are read as one text first).
      if type(chunk) == "function" then
        local parts = {}
        while true do
          local piece = chunk()
          if piece == nil or piece == "" then break end
          if type(piece) ~= "string" then return nil, "reader function must return a string" end
          parts[#parts + 1] = piece
        end
        chunk = concat(parts)
      end
      if type(chunk) == "string" then chunk = untail(chunk) end
    end
    if select("#", ...) > 0 then return rawload(chunk, name, mode, ...) end
    return rawload(chunk, name, mode)
  end
end

-- A file a library compiles (loadfile, dofile) stays its code wherever the file lies: it is read
-- and compiled under "=(library NAME) path", like `load`. Lua's loadfile skips a first "#" line;
-- so does this (kept as a comment, so line numbers stay).
local function readChunk(file)
  local f, err
  if file == nil then f = io.stdin else f, err = io.open(file, "r") end
  if not f then return nil, format("cannot open %s", tostring(err and gsub(err, "^[^:]*: ", "") or file)) end
  local text = f:read("a")
  if file ~= nil then f:close() end
  if type(text) ~= "string" then return nil, format("cannot read %s", tostring(file)) end
  if sub(text, 1, 1) == "#" then text = "--" .. text end
  return text
end

local function wrapLoadfile()
  local rawloadfile, rawdofile = loadfile, dofile
  function loadfile(file, mode, ...)
    local bound = boundOwners(2)
    if #bound == 0 then
      if select("#", ...) > 0 then return rawloadfile(file, mode, ...) end
      return rawloadfile(file, mode)
    end
    local text, err = readChunk(file)
    if not text then return nil, err end
    local name = "=(library " .. names(bound) .. ") " .. (file and tostring(file) or "stdin")
    text = untail(text)
    if select("#", ...) > 0 then return textLoad(text, name, "t", ...) end
    return textLoad(text, name, "t")
  end
  function dofile(file)
    if #boundOwners(2) == 0 then return rawdofile(file) end
    local fn, err = loadfile(file)
    if not fn then error(err, 2) end
    return fn()
  end
end

-- What a library may not do to the host's own tables (__adminsh, this module): raw writes.
local protected = setmetatable({}, { __mode = "k" })

local function wrapSystem()
  local function guarded(capability, what, fn)
    return function(...)
      checkSystem(capability, what)
      return fn(...)
    end
  end
  os.execute = guarded("system.exec", "os.execute", os.execute)
  io.popen = guarded("system.exec", "io.popen", io.popen)
  os.exit = guarded("system.exec", "os.exit", os.exit)
  package.loadlib = guarded("system.exec", "package.loadlib", package.loadlib)
  -- The C searchers load native code from package.cpath.
  for i = 3, 4 do
    local searcher = package.searchers[i]
    if type(searcher) == "function" then package.searchers[i] = guarded("system.exec", "a native module (package.cpath)", searcher) end
  end
  os.remove = guarded("system.write", "os.remove", os.remove)
  os.rename = guarded("system.write", "os.rename", os.rename)
  local open, output = io.open, io.output
  function io.open(file, mode, ...)
    if type(mode) == "string" and find(mode, "[wa+]") then checkSystem("system.write", "io.open(..., \"" .. mode .. "\")") end
    return open(file, mode, ...)
  end
  function io.output(file, ...)
    if type(file) == "string" then checkSystem("system.write", "io.output(file)") end
    return output(file, ...)
  end
  local files = package.loaded["adminsh.files"]
  if type(files) == "table" then
    for _, name in ipairs { "writePrivate", "mkdirs" } do
      if type(files[name]) == "function" then
        local fn = files[name]
        local w = guarded("system.write", "adminsh.files." .. name, fn)
        files[name] = w
        local help = rawget(_G, "help")
        if type(help) == "table" and help.has and help.has(fn) then help.set(w, function() return help.get(fn) end) end
      end
    end
  end
  -- A library's code could change a local of a function that called it (the journal's, the host's).
  local setlocal = debug.setlocal
  function debug.setlocal(...)
    local bound = boundOwners(2)
    if #bound > 0 then
      deny(bound[1], "use debug.setlocal (it changes the variables of the functions that called it)", false)
    end
    return setlocal(...)
  end
  _G.rawset = function(t, ...)
    if protected[t] then error("rawset: this table is the host's; it cannot be changed", 2) end
    return rawset(t, ...)
  end
end

-- __adminsh holds the host's internals (the raw call, the journal's begin and end, ...). With
-- libraries it becomes an empty table whose fields are reached through its metatable: library code
-- gets nothing (CAPABILITY_DENIED; rawget, next and pairs see an empty table); the host's own
-- modules get everything; other code (the stdlib, the user's scripts) gets everything unless a
-- library is on the stack, when only the public fields below are left.
local PUBLIC = { listen = true, credentialWarning = true, terminalColumns = true, stdlibModules = true }

-- The nearest Lua function at `level` or above: C functions in between (string.gsub with a
-- table) and the guards' pcall/xpcall act for the Lua code that called them.
local GUARDS = "@adminsh/host/guards.lua"
local function luaCaller(level)
  while true do
    local info = getinfo(level + 1, "S")
    if not info or (info.what ~= "C" and info.source ~= GUARDS) then return info end
    level = level + 1
  end
end

local function reachable(key)
  local info = luaCaller(3)   -- 1 luaCaller's caller is reachable, 2 the metamethod, 3 the code that indexed
  if not info then return true end
  local own = ownersOf(info.source)
  if not own and info.source == SELF then own = boundOwners(3); own = own[1] and own end
  if own then return false, own[1] end
  if sub(info.source, 1, 9) == "@adminsh/" then return true end
  if PUBLIC[key] then return true end
  local bound = boundOwners(3)
  return #bound == 0, bound[1]
end

-- The host's own modules (adminsh.host.*: the guard rails, this guard, the searcher) hold the
-- session's configuration: a library may not require them, find them in package.loaded or
-- package.preload (which would run a fresh copy), or plant an adminsh.* module there.
local function hostModule(name) return type(name) == "string" and sub(name, 1, 13) == "adminsh.host." end
local function reserved(name) return type(name) == "string" and sub(name, 1, 8) == "adminsh." end

-- The library whose code is the nearest Lua caller of the function that asks (level 1), or nil.
-- The library refused a host module by the function asking (level 1), or nil. While a library is
-- on the stack, only the host's own modules and the main chunk of a trusted file (the stdlib's
-- modules load their host modules so) may take one: any other function could be handed
-- `require` by the library (parallel.map{names, require}) and give the module back to it.
local function hostModuleRefusal(level)
  local bound = boundOwners(level + 2)   -- 1 boundOwners, 2 this, 3 the asking function
  if #bound == 0 then return nil end
  local info = luaCaller(level + 2)      -- 1 luaCaller, 2 this, 3 the asking function, 4 its caller
  if info and info.source ~= SELF then
    if sub(info.source, 1, 9) == "@adminsh/" then return nil end
    if info.what == "main" and not ownersOf(info.source) then return nil end
  end
  return bound[1]
end

local function refuseModule(o, name)
  deny(o, "use the host module " .. tostring(name), false)
end

-- The package table's fields (path, cpath, searchers, loaded, ...) decide what `require` finds
-- for everyone: a library reads them but may not change them (a cpath of its own would load its
-- native code into a later require of the user's). `require` itself uses the real table.
local function sealPackage()
  local real = package
  local searchers = real.searchers
  local readOnly = setmetatable({}, {
    __index = searchers,
    __newindex = function(_, k, v)
      local o = hostModuleRefusal(1)
      if o then deny(o, "change package.searchers", false) end
      searchers[k] = v
    end,
    __len = function() return #searchers end,
    __pairs = function(t) return function(_, k) return next(searchers, k) end, t, nil end,
    __metatable = "the host's",
  })
  protected[readOnly] = true
  local proxy = setmetatable({}, {
    __index = function(_, k)
      if k == "searchers" then return readOnly end
      return real[k]
    end,
    __newindex = function(_, k, v)
      local o = hostModuleRefusal(1)
      if o then deny(o, "change package." .. tostring(k), false) end
      if k == "searchers" then searchers = v end
      real[k] = v
    end,
    __pairs = function(t)
      return function(_, k)
        local key, v = next(real, k)
        if key == "searchers" then v = readOnly end
        return key, v
      end, t, nil
    end,
    __metatable = "the host's",
  })
  protected[proxy] = true
  rawset(_G, "package", proxy)
end

-- useCredentials switches where every later call of the session goes: a library needs
-- contio.useCredentials / conto.useCredentials (or contio.* / conto.*) in its capabilities.
local function guardCredentialSwitch()
  for _, platform in ipairs { "contio", "conto" } do
    local t = rawget(_G, platform)
    local switch = type(t) == "table" and rawget(t, "useCredentials")
    if type(switch) == "function" then
      local w = M.guard(platform .. ".useCredentials", switch)
      local help = rawget(_G, "help")
      if type(help) == "table" and help.has and help.has(switch) then help.set(w, function() return help.get(switch) end) end
      rawset(t, "useCredentials", w)
    end
  end
end

local function sealModules()
  local rawrequire = require
  _G.require = function(name, ...)
    if hostModule(name) then
      local o = hostModuleRefusal(1)
      if o then refuseModule(o, name) end
    end
    return rawrequire(name, ...)
  end
  for _, field in ipairs { "loaded", "preload" } do
    local real = package[field]
    if type(real) == "table" then
      local proxy = setmetatable({}, {
        __index = function(_, name)
          if hostModule(name) then
            local o = hostModuleRefusal(1)
            if o then refuseModule(o, name) end
          end
          return real[name]
        end,
        __newindex = function(_, name, value)
          if reserved(name) then
            local o = hostModuleRefusal(1)
            if o then refuseModule(o, name) end
          end
          real[name] = value
        end,
        __pairs = function(t)
          local hide = hostModuleRefusal(1) ~= nil
          return function(_, k)
            local v
            repeat k, v = next(real, k) until k == nil or not (hide and hostModule(k))
            return k, v
          end, t, nil
        end,
        __metatable = "the host's",
      })
      protected[proxy] = true
      package[field] = proxy
    end
  end
end

-- The contio/conto tables: a library reads them but may not rebind them (pointing
-- conto.agents.get at conto.agents.delete would turn the user's own later get into a delete, with
-- no library on the stack to check it). Each table keeps its identity, so help, completion (pairs)
-- and aliases (`ag = conto.agents`) work as before; its fields move behind its metatable.
local function sealBindings()
  local next = next
  local done = {}
  local function seal(t, path)
    if done[t] or getmetatable(t) ~= nil then return end
    done[t] = true
    local store = {}
    for k, v in next, t do store[k] = v end
    for k in next, store do rawset(t, k, nil) end
    for k, v in next, store do
      if type(v) == "table" then seal(v, path .. "." .. tostring(k)) end
    end
    setmetatable(t, {
      __index = store,
      __newindex = function(_, k, v)
        local o = hostModuleRefusal(1)
        if o then deny(o, "change " .. path .. "." .. tostring(k) .. " (the bindings are the host's)", false) end
        store[k] = v
      end,
      __pairs = function(self) return function(_, k) return next(store, k) end, self, nil end,
      __len = function() return #store end,
      __metatable = "the host's",
    })
    protected[t] = true
  end
  for _, name in ipairs { "contio", "conto" } do
    local t = rawget(_G, name)
    if type(t) == "table" then seal(t, name) end
  end
end

local function sealHost()
  local real = rawget(_G, "__adminsh")
  if type(real) ~= "table" then return end
  local proxy = {}
  local function refuse(o, key)
    deny(o, "reach __adminsh." .. tostring(key) .. " (the host's internals)", false)
  end
  setmetatable(proxy, {
    __index = function(_, key)
      local ok, o = reachable(key)
      if not ok then refuse(o, key) end
      return real[key]
    end,
    __newindex = function(_, key, value)
      local ok, o = reachable(key)
      if not ok then refuse(o, key) end
      real[key] = value
    end,
    __metatable = "the host's",
  })
  protected[proxy] = true
  rawset(_G, "__adminsh", proxy)
end

--- configure(libraries, workingDirectory, testSession): once, by the host. libraries: a list of
--- {dir=, name=, capabilities={...}, modules={["acme/audit.lua"]={module=, capabilities={...}}}}.
--- testSession: `adminsh test`, whose sessions only reach a throwaway sandbox, trusts test files.
function M.configure(libraries, workingDirectory, testSession)
  if roots then error("adminsh.host.capabilities is configured once, by the host", 2) end
  trustTests = testSession == true
  cwd = workingDirectory or "/"
  roots = {}
  for _, lib in ipairs(libraries) do
    local dir = normalise(lib.dir)
    local root = { prefix = dir == "/" and "/" or dir .. "/", name = lib.name, caps = lib.capabilities or {}, modules = {}, moduleNames = {} }
    for file, m in pairs(lib.modules or {}) do
      root.modules[file] = m.capabilities
      root.moduleNames[file] = m.module
    end
    roots[#roots + 1] = root
    byName[lib.name] = byName[lib.name] or root
  end
  -- Longest folder first, so a library inside another's folder is told apart.
  sort(roots, function(a, b) return #a.prefix > #b.prefix end)
  if #roots == 0 then return end
  wrapStarters()
  wrapLoad()
  wrapLoadfile()
  wrapSystem()
  sealHost()
  sealModules()
  sealPackage()
  guardCredentialSwitch()
  sealBindings()
end

-- Whether `fn` was written in the library `bound` names (its files, or chunks it compiled):
-- only those are adopted, so a library returning a stdlib table never rebinds the stdlib.
local function written(fn, bound)
  local found = ownersOf(getinfo(fn, "S").source)
  if not found then return false end
  for _, o in ipairs(found) do
    if o.library == bound[1].library then return true end
  end
  return false
end

local adoptFunction
-- Results of an adopted function: returned functions of the library are adopted too.
local function adoptResults(bound, ...)
  local n = select("#", ...)
  if n == 1 then
    local v = ...
    if type(v) == "function" then return adoptFunction(v, bound) end
    return v
  end
  local out = pack(...)
  for i = 1, n do
    if type(out[i]) == "function" then out[i] = adoptFunction(out[i], bound) end
  end
  return unpack(out, 1, n)
end

function adoptFunction(fn, bound)
  if wrapperOwners[fn] or not written(fn, bound) then return fn end
  local w = wrappers[fn]
  if w then return w end
  -- Not a tail call: this frame is what the stack walk finds while fn runs.
  w = function(...) return adoptResults(bound, fn(...)) end
  wrappers[fn], wrapperOwners[w] = w, bound
  local help = rawget(_G, "help")
  if type(help) == "table" and help.has and help.has(fn) then
    help.set(w, function() return help.get(fn) end)
  end
  return w
end

local function adoptTable(t, bound, seen)
  if seen[t] then return end
  seen[t] = true
  for k, v in pairs(t) do
    if type(v) == "function" then rawset(t, k, adoptFunction(v, bound))
    elseif type(v) == "table" and getmetatable(v) == nil then adoptTable(v, bound, seen) end
  end
end

--- adopt(value, path) -> value: the module a library file returned, its functions wrapped so
--- they stay that library's code even when they tail-call something else.
function M.adopt(value, path)
  if not roots or type(path) ~= "string" then return value end
  local bound = ownersOf("@" .. path)
  if not bound then return value end
  if type(value) == "function" then return adoptFunction(value, bound) end
  if type(value) == "table" then adoptTable(value, bound, {}) end
  return value
end

-- What `require` returns: read-only (a library replacing check or adopt would switch the guard off).
local public = setmetatable({}, {
  __index = M,
  __newindex = function() error("adminsh.host.capabilities is the host's; it cannot be changed", 2) end,
  __metatable = "the host's",
})
protected[public] = true
return public
