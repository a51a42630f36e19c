-- adminsh.host.guards: keeps the host in charge of user code. LuaState runs this chunk once, with
-- two C functions, at the end of its own setup, then forgets it (not requirable).
--   limitGuard(...)        returns its arguments, or raises the limit that tripped in this chunk
--   finalizerGuard(o, mt)  returns its arguments, or raises when mt has a __gc field
-- What it changes for scripts (docs/reliability.md):
--   * pcall, xpcall, coroutine.resume and coroutine.close cannot swallow a tripped
--     --time-limit/--instruction-limit: they raise it again as they return;
--   * debug.sethook refuses and debug.gethook shows no hook: the host's hook carries the limits
--     and Ctrl-C; debug.getregistry, getmetatable, get/setupvalue, upvaluejoin/upvalueid and
--     get/setuservalue refuse: they reach the host's registry and the userdata behind Swift
--     functions;
--   * setmetatable and debug.setmetatable refuse a metatable with __gc: finalizers run with
--     hooks off, so a loop inside one could never be stopped (a <close> variable cleans up instead);
--   * load, loadfile, dofile and require load text only (mode "t"): a crafted binary chunk can
--     crash the VM.
local limitGuard, finalizerGuard = ...

local rawpcall, rawxpcall = pcall, xpcall
local resume, close = coroutine.resume, coroutine.close
function pcall(...) return limitGuard(rawpcall(...)) end
function xpcall(...) return limitGuard(rawxpcall(...)) end
function coroutine.resume(...) return limitGuard(resume(...)) end
function coroutine.close(...) return limitGuard(close(...)) end

function debug.sethook()
  error("debug.sethook is not available: the host's hook enforces --time-limit, --instruction-limit and Ctrl-C", 2)
end
function debug.gethook() return nil end
-- These reach the host's own values (the registry, the userdata behind Swift functions and their
-- metatables): a script could release a Swift object still in use, or plant a finalizer in them.
for _, name in ipairs { "getregistry", "getmetatable", "getupvalue", "setupvalue", "upvaluejoin",
                        "upvalueid", "getuservalue", "setuservalue" } do
  debug[name] = function()
    error("debug." .. name .. " is not available to scripts: it reaches the host's internals", 2)
  end
end

local rawsetmetatable, rawdebugsetmetatable = setmetatable, debug.setmetatable
function setmetatable(...) return rawsetmetatable(finalizerGuard(...)) end
function debug.setmetatable(...) return rawdebugsetmetatable(finalizerGuard(...)) end

local rawload, rawloadfile = load, loadfile
local select, error, format = select, error, string.format
-- The arity is kept: an explicit nil `env` means "no environment" to Lua, a missing one the globals.
function load(chunk, name, _, ...)
  if select("#", ...) > 0 then return rawload(chunk, name, "t", ...) end
  return rawload(chunk, name, "t")
end
function loadfile(file, _, ...)
  if select("#", ...) > 0 then return rawloadfile(file, "t", ...) end
  return rawloadfile(file, "t")
end
function dofile(file)
  local fn, err = rawloadfile(file, "t")
  if not fn then error(err, 2) end
  return fn()
end

local package = package
local searchpath = package.searchpath
package.searchers[2] = function(name)
  local path, err = searchpath(name, package.path)
  if not path then return err end
  local fn, loadError = rawloadfile(path, "t")
  if not fn then error(format("error loading module '%s' from file '%s':\n\t%s", name, path, loadError), 0) end
  return fn, path
end
