-- adminsh.host.confirmation: the guard rails of a real profile, in front of every bound call.
--   At an interactive prompt (where adminsh.shell.confirm exists), a destructive call (or, with
--   confirm = "mutating", every mutating call) asks "[y/N]" naming the operation, its target and
--   the profile; "n" raises CONFIRMATION_DECLINED and sends nothing.
--   Unattended (`adminsh run`, -e, piped input) nothing asks; on a confirm = "mutating" profile
--   `adminsh run` refuses mutating calls (CONFIRMATION_REQUIRED) unless given --yes.
--   A bulk helper (adminsh.parallel) opens a batch: its first call that needs an answer asks
--   once for the whole batch, and that answer holds for every call of the batch.
-- The sandbox configures nothing here, so nothing asks there.
local errors = require "adminsh.host.errors"

local M = {}
local settings = nil -- { profile=, policy=, readOnly=, unattendedRefusal= }
local batch = nil    -- { label=, count=, answer=nil|true|false }

--- configure{profile=, policy="destructive"|"mutating"|"never", readOnly=bool}: the session's profile.
function M.configure(t) settings = t end

--- unattended(allowed): `adminsh run` on a confirm = "mutating" profile refuses mutating calls
--- unless `allowed` (--yes, or --plan, which sends none).
function M.unattended(allowed)
  if settings and settings.policy == "mutating" and not allowed then settings.unattendedRefusal = true end
end

local function fail(code, message)
  error(setmetatable({ code = code, message = message }, errors.metatable), 0)
end

-- The prompt's [y/N] helper, defined only at an interactive prompt.
local function asker()
  local loaded = package.loaded["adminsh.shell"]
  return type(loaded) == "table" and rawget(loaded, "confirm") or nil
end

local function needsAnswer(entry)
  if settings.policy == "never" then return false end
  if settings.policy == "mutating" then return entry.mutating == true end
  return entry.destructive == true
end

-- "agents" -> "agent", "policies" -> "policy".
local function singular(word)
  if word:sub(-3) == "ies" then return word:sub(1, -4) .. "y" end
  if word:sub(-1) == "s" then return word:sub(1, -2) end
  return word
end

-- Names of records this session has read (id -> name), so a question can name its target without
-- sending anything: answering "n" must leave the server untouched. Bounded; oldest forgotten first.
local NAMES_KEPT = 2000
local names, order = {}, {}

local function rememberRecord(record)
  if type(record) ~= "table" then return end
  local id, name = rawget(record, "id"), rawget(record, "name")
  if type(id) ~= "string" or type(name) ~= "string" then return end
  if names[id] == nil then
    order[#order + 1] = id
    if #order > NAMES_KEPT then names[table.remove(order, 1)] = nil end
  end
  names[id] = name
end

-- A reply: a record, a record under one key (`{agent = {...}}`), or a list envelope.
local function remember(reply)
  if type(reply) ~= "table" then return end
  rememberRecord(reply)
  for _, v in pairs(reply) do
    if type(v) == "table" then
      rememberRecord(v)
      for i = 1, math.min(#v, NAMES_KEPT) do rememberRecord(v[i]) end
    end
  end
end

local function targetName(id)
  return names[id]
end

-- `delete agent agt_1f "Buyer"`: the verb, the kind of thing, its id and name where known.
local function describe(entry, id)
  local namespace, verb = entry.name:match("^(.*)%.([^%.]+)$")
  local text = namespace and (verb .. " " .. singular(namespace:match("([^%.]+)$"))) or entry.name
  if type(id) == "string" or math.type(id) then
    text = text .. " " .. tostring(id)
    local name = targetName(id)
    if name then text = text .. ' "' .. name .. '"' end
  end
  return text
end

local function ask(entry, ...)
  local confirm = asker()
  if not confirm then return end -- scripts and piped input never ask
  local kind = entry.destructive and "destructive" or "mutating"
  if batch then
    if batch.answer == nil then
      -- Nothing may yield before the answer is recorded, or the batch's other tasks would reach
      -- this point and ask too.
      local question = string.format("%s: %d items; the first %s call is %s (%s). Allow the %s calls of all %d items on %s?",
        batch.label, batch.count, kind, describe(entry, ...), entry.qualified, kind, batch.count, settings.profile)
      batch.answer = confirm(question) == true
    end
    if not batch.answer then
      fail("CONFIRMATION_DECLINED", string.format("%s: declined for this batch on %s; %s was not sent", batch.label, settings.profile, entry.qualified))
    end
    return
  end
  local question = string.format("%s on %s? (%s)", describe(entry, ...), settings.profile, entry.qualified)
  if confirm(question) ~= true then
    fail("CONFIRMATION_DECLINED", string.format("declined: %s was not sent to %s", entry.qualified, settings.profile))
  end
end

--- check(qualified, ...): asks (or refuses) when the call must be confirmed, without calling; the
--- journal runs it before writing an entry, so a declined call leaves no trace of a change.
function M.check(qualified, ...)
  local entry = settings and not settings.readOnly and adminsh.operations[qualified]
  if entry and entry.mutating then
    if settings.unattendedRefusal then
      fail("CONFIRMATION_REQUIRED", string.format("profile '%s' has confirm = \"mutating\": %s was not sent; run with --yes to allow mutating calls",
        settings.profile, qualified))
    end
    if needsAnswer(entry) then ask(entry, ...) end
  end
end

--- guard(call) -> call: `call(qualified, ...)` that asks (or refuses) first when it must, and
--- remembers the names of the records it returns (for later questions).
function M.guard(call, checked)
  return function(qualified, ...)
    if not settings then return call(qualified, ...) end
    if not checked then M.check(qualified, ...) end
    local r = table.pack(call(qualified, ...))
    remember(r[1])
    return table.unpack(r, 1, r.n)
  end
end

--- beginBatch(label, count) -> token: the calls until endBatch(token) share one answer. A batch
--- inside a batch joins the outer one (token nil).
function M.beginBatch(label, count)
  if batch then return nil end
  batch = { label = label, count = count }
  return batch
end

function M.endBatch(token)
  if token ~= nil and batch == token then batch = nil end
end

return M
