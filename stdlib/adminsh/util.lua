-- adminsh.util: small helpers shared by the stdlib workflows (options, times, errors, sinks).
local M = {}
M.help = "adminsh.util: helpers for recipes — util.options, util.parseTime, util.now, util.errorText, util.planning"

local duration = require "adminsh.duration"   -- the host's one duration reader
local files = require "adminsh.files"

--- Checks an options table: known names only, so a typo is an error instead of a silent default.
-- `known` maps option name -> expected Lua type (or "any"). Returns opts (or {}).
function M.options(opts, known, fname)
  if opts == nil then return {} end
  if type(opts) ~= "table" then error(fname .. ": expected an options table, got " .. type(opts), 3) end
  for k, v in pairs(opts) do
    local want = known[k]
    if want == nil then
      local names = {}
      for name in pairs(known) do names[#names + 1] = name end
      table.sort(names)
      error(string.format("%s: unknown option '%s' (known: %s)", fname, tostring(k), table.concat(names, ", ")), 3)
    end
    if want ~= "any" then
      local ok = false
      for alt in want:gmatch("[^|]+") do
        if type(v) == alt or (alt == "secret" and secret.is(v)) then ok = true end
      end
      if not ok then
        error(string.format("%s: option '%s' must be %s, got %s", fname, k, want, type(v)), 3)
      end
    end
  end
  return opts
end

--- True when running under `adminsh run --plan` (mutations are recorded, not sent).
function M.planning()
  return type(adminsh) == "table" and adminsh.planning == true
end

--- True for a placeholder returned by a recorded (planned) mutation.
function M.planned(v)
  return type(v) == "table" and v.planned == true
end

-- Days from 1970-01-01 to a civil date (proleptic Gregorian), so no local time zone is involved.
local function daysFromCivil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

--- RFC 3339 text ("2026-11-23T17:50:44.277Z", offsets allowed) -> seconds since the epoch (float).
function M.parseTime(text)
  if type(text) ~= "string" then return nil end
  local y, mo, d, h, mi, s, rest = text:match("^(%d%d%d%d)-(%d%d)-(%d%d)[Tt ](%d%d):(%d%d):(%d%d%.?%d*)(.*)$")
  if not y then return nil end
  local t = daysFromCivil(tonumber(y), tonumber(mo), tonumber(d)) * 86400 + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s)
  local sign, oh, om = rest:match("^([+-])(%d%d):?(%d%d)$")
  if sign then
    local offset = tonumber(oh) * 3600 + tonumber(om) * 60
    t = sign == "+" and t - offset or t + offset
  end
  return t
end

--- Seconds since the epoch -> RFC 3339 UTC text.
function M.formatTime(t)
  return os.date("!%Y-%m-%dT%H:%M:%SZ", math.floor(t))
end

--- "Now" as the platform sees it: the sandbox's test clock when on the sandbox (it may have been
-- advanced), else the local clock. platform: "contio" (default) or "conto".
function M.now(platform)
  platform = platform or "contio"
  if type(sandbox) == "table" and sandbox.clock then
    local ok, clocks = pcall(sandbox.clock.now)
    if ok and type(clocks) == "table" and clocks[platform] then
      local t = M.parseTime(clocks[platform].now)
      if t then return t end
    end
  end
  return os.time()
end

--- One line for any error value (API error tables have __tostring).
function M.errorText(e)
  if type(e) == "table" then
    local mt = getmetatable(e)
    if mt and mt.__tostring then return tostring(e) end
    if e.message then return tostring(e.message) end
  end
  return tostring(e)
end

--- The error's code when it has one (API errors), else nil.
function M.errorCode(e)
  return type(e) == "table" and e.code or nil
end

--- Durations: 48, "48h", "90m", "1h30m", "2d" -> seconds (the host's adminsh.duration reads them).
function M.seconds(spec)
  local seconds, message = duration.parse(spec)
  if seconds == nil then error(message, 3) end
  return seconds
end

--- Folder for adminsh data: $XDG_DATA_HOME/adminsh, else ~/.local/share/adminsh.
function M.dataDir()
  local base = os.getenv("XDG_DATA_HOME")
  if not base or base == "" then base = (os.getenv("HOME") or ".") .. "/.local/share" end
  return base .. "/adminsh"
end

--- Text of a secret value or a string (nil stays nil).
function M.reveal(v)
  if v == nil then return nil end
  if secret.is(v) then return v:reveal() end
  return tostring(v)
end

--- Shallow copy of a table without the named keys.
function M.without(t, ...)
  local drop = {}
  for _, k in ipairs{...} do drop[k] = true end
  local out = {}
  for k, v in pairs(t or {}) do if not drop[k] then out[k] = v end end
  return out
end

--- Reads a whole text file (nil when there is none).
function M.readFile(path)
  return files.read(path)
end

--- Writes a text file; private (0600) when `private` is true and the host offers it.
function M.writeFile(path, text, private)
  if private then return files.writePrivate(path, text) end
  local f, err = io.open(path, "w")
  if not f then error(err, 2) end
  f:write(text)
  f:close()
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.options, "util.options(opts, known, fname) -> opts or {}\n  Checks an options table against known = {name = 'string'|'number'|'table'|'any', ...}: an unknown name is an error naming fname.")
  help.set(M.planning, "util.planning() -> boolean\n  True under adminsh run --plan (mutations are recorded, not sent).")
  help.set(M.planned, "util.planned(v) -> boolean\n  True for the placeholder a recorded (planned) mutation returns.")
  help.set(M.parseTime, "util.parseTime(text) -> seconds since the epoch (float), or nil\n  RFC 3339 text ('2026-11-23T17:50:44.277Z', offsets allowed); no local time zone is involved.")
  help.set(M.formatTime, "util.formatTime(seconds) -> text\n  Seconds since the epoch as RFC 3339 UTC ('2026-11-23T17:50:44Z').")
  help.set(M.now, "util.now([platform]) -> seconds since the epoch\n  The sandbox's test clock on the sandbox (it may have been advanced), else the local clock. platform: 'contio' (default) or 'conto'.")
  help.set(M.errorText, "util.errorText(e) -> text\n  One line for any error value (API errors print code, origin and message).")
  help.set(M.errorCode, "util.errorCode(e) -> code or nil\n  The error's code when it has one (API errors: 'RATE_LIMITED', 'not_found', ...).")
  help.set(M.seconds, "util.seconds(spec) -> seconds\n  Durations: 48 (seconds), '48h', '90m', '1h30m', '2d'.")
  help.set(M.dataDir, "util.dataDir() -> path\n  $XDG_DATA_HOME/adminsh, else ~/.local/share/adminsh.")
  help.set(M.reveal, "util.reveal(v) -> text or nil\n  The text of a secret value, or the string itself.")
  help.set(M.without, "util.without(t, key, ...) -> copy\n  A shallow copy of t without the named keys.")
  help.set(M.readFile, "util.readFile(path) -> text or nil\n  A whole text file; nil when there is none.")
  help.set(M.writeFile, "util.writeFile(path, text [, private])\n  Writes a text file; private = true makes it 0600.")
end
return M
