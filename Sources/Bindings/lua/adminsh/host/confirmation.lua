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

-- The target's name comes from records this session has already read (adminsh.host.seen), so
-- asking sends nothing: answering "n" must leave the server untouched.
local function targetName(id)
  local loaded = package.loaded["adminsh.host.seen"]
  return type(loaded) == "table" and loaded.name(id) or nil
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

--- rehearsing(on): while a rehearsal sends every call to a clone, nothing asks (as on the sandbox).
local rehearsing = false
function M.rehearsing(on) rehearsing = on == true end

--- check(qualified, ...): asks (or refuses) when the call must be confirmed, without calling; the
--- journal runs it before writing an entry, so a declined call leaves no trace of a change.
function M.check(qualified, ...)
  local entry = settings and not settings.readOnly and adminsh.operations[qualified]
  if entry and entry.mutating then
    if settings.unattendedRefusal then
      fail("CONFIRMATION_REQUIRED", string.format("profile '%s' has confirm = \"mutating\": %s was not sent; run with --yes to allow mutating calls",
        settings.profile, qualified))
    end
    if not rehearsing and needsAnswer(entry) then ask(entry, ...) end
  end
end

--- guard(call) -> call: `call(qualified, ...)` that asks (or refuses) first when it must.
function M.guard(call)
  return function(qualified, ...)
    if settings then M.check(qualified, ...) end
    return call(qualified, ...)
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
