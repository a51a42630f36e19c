-- adminsh.journal: every mutating call written to the profile's journal, and undo from it.
--   journal{since = "2h"}        prints the journal as a table, newest last (journal.entries{} returns it)
--   undo([n] | {n =, entry =, yes =})  runs the inverse calls of the last n changes, newest first
-- A begin line is on disk before the request is sent; the end line (outcome, inverse call) when the
-- reply comes. Plan mode writes nothing.
local duration = require "adminsh.duration"

local M = {}

-- An error that prints as one line, like the API's (adminsh.host.errors).
local function fail(code, message)
  local ok, errors = pcall(require, "adminsh.host.errors")
  if ok and type(errors) == "table" and errors.metatable then
    error(setmetatable({ code = code, message = message }, errors.metatable), 0)
  end
  error(code .. ": " .. message, 0)
end
local begin, finish = __adminsh.journalBegin, __adminsh.journalEnd
local callWithOutcome = __adminsh.callWithOutcome
-- Asked (or refused) on a real profile like every other call (adminsh.host.confirmation), before
-- the entry is written: a declined call is no change. The read-only refusal happens in the client
-- after the begin line; its end line says the call was not sent.
local guarded, confirmation = pcall(require, "adminsh.host.confirmation")
local check = guarded and confirmation.check or function() end
-- Codes of calls refused before anything was sent.
local NOT_SENT = { READ_ONLY_PROFILE = true, VALIDATION_FAILED = true, CONFIRMATION_DECLINED = true,
                   CONFIRMATION_REQUIRED = true, CREDENTIALS_UNAVAILABLE = true, NOT_CONFIGURED = true }
local entriesOf, tableOf = __adminsh.journalEntries, __adminsh.journalTable

-- id -> the inverse call with its secret values (a rollback token), kept for this session only:
-- the journal on disk has them redacted.
local kept = {}
-- coroutine -> the id of the entry whose inverse it is running (journaled as undo_of).
local undoing = setmetatable({}, { __mode = "k" })

local inverseModule
local function inverse()
  if inverseModule == nil then
    local ok, m = pcall(require, "adminsh.inverse")
    inverseModule = ok and m or false
  end
  return inverseModule or nil
end

local function resourceID(result, args)
  if type(result) == "table" and type(result.id) == "string" then return result.id end
  local last = args[#args]
  return type(last) == "string" and last or nil
end

local function errorOutcome(err)
  if type(err) == "table" then
    return { status = err.status, code = err.code, request_id = err.request_id, message = err.message,
             not_sent = NOT_SENT[err.code] or nil }
  end
  return { code = "ERROR", message = tostring(err) }
end

--- wrap(entry, plain) -> the journaled function of a mutating catalog entry (`plain` when the
-- host keeps no journal).
function M.wrap(entry, plain)
  if not begin then return plain end
  local name = entry.qualified
  return function(...)
    if adminsh.planning then return plain(...) end
    check(name, ...)
    local inv = inverse()
    local args, options
    if inv then args, options = inv.split(name, ...) else args = { ... } end
    local previous, readWhy
    if inv and inv.needsRead(name) then previous, readWhy = inv.read(name, args, options) end
    local path = args
    if #args == 0 and json.array then path = json.array() end
    local id = begin { operation = name, path = path, arguments = options, previous = previous,
                       undo_of = undoing[coroutine.running()] }
    local r = table.pack(pcall(callWithOutcome, name, ...))
    if not r[1] then
      finish(id, { outcome = errorOutcome(r[2]) })
      error(r[2], 0)
    end
    local result, status, requestID = r[2], r[3], r[4]
    local outcome = { status = status, request_id = requestID, resource_id = resourceID(result, args) }
    if type(result) == "table" and type(result.rollback_expires_at) == "string" then
      outcome.rollback_expires_at = result.rollback_expires_at
    end
    local undo, why
    if inv then undo, why = inv.of(name, args, options, result, previous) else why = "adminsh.inverse is not available" end
    if not undo and readWhy then why = why .. " (" .. readWhy .. ")" end
    if undo then kept[id] = undo end
    finish(id, { outcome = outcome, inverse = undo, no_inverse = not undo and why or nil })
    return result
  end
end

local function sinceSeconds(options, fname)
  if options == nil then return nil end
  if type(options) ~= "table" then error(fname .. ": expected {since = '2h'} or nothing", 3) end
  if options.since == nil then return nil end
  local s, why = duration.parse(options.since)
  if not s then error(fname .. ": since: " .. why, 3) end
  return s
end

--- journal.entries{since = "2h"} -> the entries, oldest first.
function M.entries(options)
  if not entriesOf then error("journal: this session keeps no journal", 2) end
  return entriesOf(sinceSeconds(options, "journal.entries"))
end

--- journal{since = "2h"}: prints the journal as a table, newest last.
function M.show(options)
  if not tableOf then error("journal: this session keeps no journal", 2) end
  print(tableOf(sinceSeconds(options, "journal")))
end

local SECRETISH = { "token", "secret", "password", "api_key", "org_key" }
local function secretish(name)
  name = tostring(name):lower()
  for _, s in ipairs(SECRETISH) do if name:find(s, 1, true) then return true end end
  return false
end

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if v == json.null then return "nil" end
  if type(v) == "table" then
    local ok, text = pcall(json.encode, v)
    return ok and text or tostring(v)
  end
  return tostring(v)
end

--- The call as it would be typed, secret values shown as ‹secret›.
local function describe(call)
  local parts = {}
  for i = 1, call.nargs or #call.args do parts[#parts + 1] = show(call.args[i]) end
  if type(call.fields) == "table" then
    local keys = {}
    for k in pairs(call.fields) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local fs = {}
    for _, k in ipairs(keys) do
      fs[#fs + 1] = k .. " = " .. (secretish(k) and "‹secret›" or show(call.fields[k]))
    end
    parts[#parts + 1] = "{" .. table.concat(fs, ", ") .. "}"
  end
  return call.operation .. "(" .. table.concat(parts, ", ") .. ")"
end

local function same(a, b)
  if a == json.null then a = nil end
  if b == json.null then b = nil end
  if type(a) == "table" and type(b) == "table" then
    for k, v in pairs(a) do if not same(v, b[k]) then return false end end
    for k, v in pairs(b) do if a[k] == nil and not same(nil, v) then return false end end
    return true
  end
  if type(a) == "number" and type(b) == "number" then return a == b end
  return a == b
end

local function contains(value, marker)
  if type(value) == "string" then return value:find(marker, 1, true) ~= nil end
  if type(value) == "table" then for _, v in pairs(value) do if contains(v, marker) then return true end end end
  return false
end

local function succeeded(e)
  local s = type(e.outcome) == "table" and e.outcome.status
  return math.type(s) and s >= 200 and s < 300
end

-- The inverse call of an entry, or nil and why it cannot be undone.
local function plan(e)
  if e.state == "unknown" and e.outcome == nil then
    return nil, "outcome unknown (the session ended before the reply): check the resource by hand"
  end
  if e.inverse == nil then return nil, e.no_inverse or "no inverse was recorded" end
  local call = kept[e.id] or e.inverse
  if not kept[e.id] and (contains(call.fields, "‹secret›") or contains(call.fields, "[secret]")) then
    return nil, "its inverse needs a secret the journal does not keep (a rollback token): undo it in the session that made it"
  end
  local expires = type(e.outcome) == "table" and e.outcome.rollback_expires_at
  if type(expires) == "string" and expires < os.date("!%Y-%m-%dT%H:%M:%S") then
    return nil, "its rollback token expired at " .. expires
  end
  local decl = inverse() and inverse().entry(e.operation)
  if decl and type(decl.inverse) == "table" and decl.inverse.restore then
    -- Changed since: what the update set must still be there, else the restore would overwrite a later change.
    local inv = inverse()
    local current, why = inv.read(e.operation, e.path or {}, e.arguments)
    if not current then return nil, "cannot check whether it changed since: " .. tostring(why) end
    for k, v in pairs(e.arguments or {}) do
      if not secretish(k) and not same(current[k], v) then
        return nil, string.format("the resource changed since: %s is now %s (this change set %s)", k, show(current[k]), show(v))
      end
    end
  end
  return call
end

local function ask(question)
  local ok, shell = pcall(require, "adminsh.shell")
  if ok and type(shell) == "table" and type(shell.confirm) == "function" then return shell.confirm(question) end
  return true   -- scripts have nobody to ask
end

--- undo([n] | {n = 1, entry = id, yes = false}) -> {undone = {ids}, refused = {{id =, reason =}}}
function M.undo(options)
  if not entriesOf then error("undo: this session keeps no journal", 2) end
  if adminsh.planning then error("undo: not in plan mode", 2) end
  if math.type(options) then options = { n = options } end
  options = options or {}
  if type(options) ~= "table" then error("undo([n] | {n =, entry =, yes =})", 2) end
  local all = entriesOf(nil)
  local chosen = {}
  if options.entry then
    for _, e in ipairs(all) do if e.id == options.entry then chosen[1] = e end end
    if not chosen[1] then error("undo: no journal entry " .. tostring(options.entry), 2) end
    if chosen[1].undone_by then error("undo: " .. options.entry .. " was already undone by " .. chosen[1].undone_by, 2) end
  else
    local n = options.n or 1
    if not math.type(n) or n < 1 then error("undo: n must be a positive number", 2) end
    for i = #all, 1, -1 do
      local e = all[i]
      if #chosen >= n then break end
      if not e.undo_of and not e.undone_by and (succeeded(e) or e.outcome == nil) then chosen[#chosen + 1] = e end
    end
    if #chosen == 0 then print("undo: no changes to undo") return { undone = {}, refused = {} } end
  end
  local runnable, refused = {}, {}
  print(string.format("undo %d change(s), newest first:", #chosen))
  for _, e in ipairs(chosen) do
    local call, why = plan(e)
    if call then
      runnable[#runnable + 1] = { entry = e, call = call }
      print(string.format("  %s  %s  ->  %s", e.id, e.operation, describe(call)))
    else
      refused[#refused + 1] = { id = e.id, operation = e.operation, reason = why }
      print(string.format("  %s  %s  refused: %s", e.id, e.operation, why))
    end
  end
  if #runnable == 0 then
    local reasons = {}
    for _, r in ipairs(refused) do reasons[#reasons + 1] = r.operation .. ": " .. r.reason end
    fail("UNDO_REFUSED", "undo refused: " .. table.concat(reasons, "; "))
  end
  if not options.yes and not ask(string.format("run %d undo call(s)?", #runnable)) then
    print("undo: nothing done")
    return { undone = {}, refused = refused, cancelled = true }
  end
  local undone = {}
  local co = coroutine.running()
  for _, r in ipairs(runnable) do
    undoing[co] = r.entry.id
    local ok, err = pcall(inverse().invoke, r.call)
    undoing[co] = nil
    if not ok then
      error(string.format("undo of %s (%s) failed: %s; %d undone before it", r.entry.id, r.entry.operation,
        tostring(type(err) == "table" and err.message or err), #undone), 2)
    end
    kept[r.entry.id] = nil
    undone[#undone + 1] = r.entry.id
    print(string.format("  undone %s", r.entry.id))
  end
  return { undone = undone, refused = refused }
end

setmetatable(M, { __call = function(_, options) return M.show(options) end })
if help and help.set then
  help.set(M.undo, "undo([n] | {n = 1, entry = id, yes = false})\n  Shows the inverse calls of the last n changes in the journal, asks at the prompt, runs them newest first\n  (journaled too). Refuses, with the reason, a change with no inverse, an expired rollback token, or a\n  resource changed since.")
  help.set(M, "journal{since = '2h'}: the journal of this profile's changes, newest last; journal.entries{since =} returns them; undo(n)")
end
return M
