-- adminsh.saga: a run of steps, each undone (newest first) if a later step or check fails, by the
-- catalog's inverse unless the step brings its own compensation; destructive steps wait in a
-- commit phase that runs only after every step and every check passed.
local inverse = require "adminsh.inverse"
local util = require "adminsh.util"

local M = {}
M.help = [[adminsh.saga: steps undone in reverse order on failure; destructive steps committed last
  saga.run([label | {label=}], function(s) ... end) -> report
  inside the function (or on s = saga.new{label=}, then s:finish() / s:abort(err)):
    s:call("conto.agents.create", fields)          -- a catalog call; undone by its catalog inverse
    s:call{"conto.agents.updateWalletLink", agentId, walletId, changes,
           what = "link limits",                    -- how the report names the step
           previous = link,                         -- values before an update (else read first)
           undo = function(result, catalogUndo) ... end | false}
    s:step("hand over key", fn, undo | false)      -- any work; undo(...) gets fn's results
    s:check("read back", fn)                        -- fails the run if fn raises or returns false, why
    s:commit("revoke old key", fn)                  -- runs after every step and check passed
    s:commitCall("conto.agents.revokeSdkKey", agentId, keyId)
  A compensation that returns a string keeps the step and says why (e.g. still used elsewhere).
  A destructive catalog call (entry.destructive) is refused as a step: commit it, or pass now=true.
  report = {ok, value, error, message, failed_step, done, undone, kept={{what,reason}},
            not_undone={{what,reason}}, committed, commit_failed={{what,error,message}}}
  Plan mode (adminsh.planning): compensations are not run but listed in report.would_undo.]]

local Saga = {}
Saga.__index = Saga

--- A new saga; `opts.label` names it in messages.
function M.new(opts)
  if type(opts) == "string" then opts = { label = opts } end
  opts = util.options(opts, { label = "string" }, "saga.new")
  return setmetatable({
    label = opts.label or "saga",
    planning = util.planning(),
    steps = {},        -- completed steps, in order: {what, undo = fn | false | nil, why = reason}
    commits = {},      -- {what, fn}
    current = nil,     -- what is running now (the failed step when a step raises)
    finished = false,
  }, Saga)
end

local function entryOf(name, fname)
  local e = inverse.entry(name)
  if not e then error(fname .. ": no catalog operation named '" .. tostring(name) .. "'", 3) end
  return e
end

local function bound(name)
  return inverse.bound(name) or error("saga: no function for " .. name, 3)
end

-- `s:call("op", a, b)` and `s:call{"op", a, b, what=}` both become (name, args, options table).
local function callSpec(first, ...)
  if type(first) == "table" then
    local args = table.move(first, 2, #first, 1, {})
    return first[1], table.pack(table.unpack(args, 1, #first - 1)), first
  end
  return first, table.pack(...), {}
end

local CALL_OPTIONS = { what = "string", undo = "function|boolean", previous = "table", now = "boolean" }

local function describeCall(name, args, result)
  local id = type(result) == "table" and result.id
  if type(id) == "string" then return name .. " " .. id end
  return name .. (args.n > 0 and type(args[1]) == "string" and (" " .. args[1]) or "")
end

--- One catalog call as a step. Undone by the catalog's inverse, or `undo`.
function Saga:call(first, ...)
  local name, args, opts = callSpec(first, ...)
  if type(name) ~= "string" then error("saga: s:call needs a qualified operation name first", 2) end
  local extra = {}
  for k, v in pairs(opts) do if type(k) ~= "number" then extra[k] = v end end
  util.options(extra, CALL_OPTIONS, "s:call")
  if extra.undo == true then error("s:call: undo must be a function, or false when there is nothing to undo", 2) end
  local e = entryOf(name, "s:call")
  if e.destructive and not extra.now then
    error("saga: " .. name .. " is destructive: make it a commit (s:commitCall) so it runs after every check, or pass now=true", 2)
  end
  local fn = bound(name)
  local positional, options = inverse.split(name, table.unpack(args, 1, args.n))
  -- An update's inverse puts back the values before it: read them now (not in plan mode, where
  -- nothing is undone; not when the step says there is nothing to undo).
  local previous, readWhy = extra.previous, nil
  if extra.undo ~= false and previous == nil and not self.planning and inverse.needsRead(name) then
    previous, readWhy = inverse.read(name, positional, options)
  end
  self.current = extra.what or name
  local result = fn(table.unpack(args, 1, args.n))
  local step = { what = extra.what or describeCall(name, args, result) }
  local undoCall, why = inverse.of(name, positional, options, result, previous)
  if not undoCall then why = readWhy or why end
  local function catalogUndo()
    if not undoCall then error(why, 0) end
    return inverse.invoke(undoCall)
  end
  if extra.undo == false then
    step.undo = false
  elseif type(extra.undo) == "function" then
    step.undo = function() return extra.undo(result, catalogUndo) end
  elseif undoCall then
    step.undo = catalogUndo
  else
    step.why = why
  end
  self.steps[#self.steps + 1] = step
  self.current = nil
  return result
end

--- Any work as a step; `undo(...)` receives fn's results, or is false when there is nothing to undo.
function Saga:step(what, fn, undo)
  if type(what) ~= "string" then error("s:step: what must be a string (how the report names the step)", 2) end
  if type(fn) ~= "function" then error("s:step: fn must be a function", 2) end
  if undo ~= false and type(undo) ~= "function" then
    error("s:step: undo must be a function, or false when there is nothing to undo", 2)
  end
  self.current = what
  local results = table.pack(fn())
  self.steps[#self.steps + 1] = {
    what = what,
    undo = undo and function() return undo(table.unpack(results, 1, results.n)) end or false,
  }
  self.current = nil
  return table.unpack(results, 1, results.n)
end

--- A check: the run fails when fn raises or returns false (with an optional reason).
function Saga:check(what, fn)
  if type(fn) ~= "function" then error("s:check: fn must be a function", 2) end
  self.current = what
  local results = table.pack(fn())
  if results[1] == false then
    error(results[2] ~= nil and util.errorText(results[2]) or ("check '" .. what .. "' failed"), 0)
  end
  self.current = nil
  return table.unpack(results, 1, results.n)
end

--- Work that runs only after every step and check passed (revoking, deleting what is replaced).
function Saga:commit(what, fn)
  if type(what) ~= "string" then error("s:commit: what must be a string", 2) end
  if type(fn) ~= "function" then error("s:commit: fn must be a function", 2) end
  self.commits[#self.commits + 1] = { what = what, fn = fn }
end

--- A catalog call for the commit phase: `s:commitCall("conto.agents.revokeSdkKey", agentId, keyId)`
-- or `s:commitCall{"...", agentId, keyId, what = "revoke the old key"}`.
function Saga:commitCall(first, ...)
  local name, args, opts = callSpec(first, ...)
  if type(name) ~= "string" then error("s:commitCall needs a qualified operation name first", 2) end
  entryOf(name, "s:commitCall")
  local fn = bound(name)
  self:commit(opts.what or describeCall(name, args), function() return fn(table.unpack(args, 1, args.n)) end)
end

--- Fails the run with a message.
function Saga:fail(message)
  error(message, 0)
end

local function newReport(s)
  return { ok = false, label = s.label, done = {}, undone = {}, kept = {}, not_undone = {}, committed = {}, commit_failed = {},
           planned = s.planning or nil }
end

--- Every step and check passed: runs the commit phase, in the order the commits were added.
function Saga:finish(value)
  if self.finished then error("saga: " .. self.label .. " already finished", 2) end
  self.finished = true
  local report = newReport(self)
  report.value = value
  for _, step in ipairs(self.steps) do report.done[#report.done + 1] = step.what end
  for _, c in ipairs(self.commits) do
    local ok, e = pcall(c.fn)
    if ok then
      report.committed[#report.committed + 1] = c.what
    else
      report.commit_failed[#report.commit_failed + 1] = { what = c.what, error = e, message = util.errorText(e) }
    end
  end
  report.ok = #report.commit_failed == 0
  if not report.ok then
    local parts = {}
    for _, f in ipairs(report.commit_failed) do parts[#parts + 1] = f.what .. ": " .. f.message end
    report.message = self.label .. ": every step passed but the commit phase did not finish: " .. table.concat(parts, "; ")
  end
  return report
end

--- A step or check failed: undoes the completed steps, newest first; commits are dropped.
function Saga:abort(err)
  if self.finished then error("saga: " .. self.label .. " already finished", 2) end
  self.finished = true
  local report = newReport(self)
  report.error, report.failed_step = err, self.current
  report.message = self.label .. " failed" .. (self.current and (" at " .. self.current) or "") .. ": " .. util.errorText(err)
  for _, step in ipairs(self.steps) do report.done[#report.done + 1] = step.what end
  if self.planning then
    report.would_undo = {}
    for i = #self.steps, 1, -1 do
      if self.steps[i].undo then report.would_undo[#report.would_undo + 1] = self.steps[i].what end
    end
    return report
  end
  for i = #self.steps, 1, -1 do
    local step = self.steps[i]
    if step.undo then
      local ok, kept = pcall(step.undo)
      if not ok then
        report.not_undone[#report.not_undone + 1] = { what = step.what, reason = util.errorText(kept) }
      elseif type(kept) == "string" then
        report.kept[#report.kept + 1] = { what = step.what, reason = kept }
      else
        report.undone[#report.undone + 1] = step.what
      end
    elseif step.undo == nil then
      report.not_undone[#report.not_undone + 1] = { what = step.what, reason = step.why or "no inverse" }
    end
  end
  return report
end

--- Runs body(s) as one saga: on success the commit phase, on any error the compensations.
-- The report's `value` is body's first result.
function M.run(opts, body)
  if type(opts) == "function" then opts, body = nil, opts end
  if type(body) ~= "function" then error("saga.run: expected a function(s)", 2) end
  local s = M.new(opts)
  local ok, value = pcall(body, s)
  if ok then return s:finish(value) end
  return s:abort(value)
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.run, "saga.run([label | {label=}], function(s) ... end) -> {ok, value, message, failed_step, done, undone, kept, not_undone, committed, commit_failed}")
  help.set(M.new, "saga.new{label=} -> s; s:call, s:step, s:check, s:commit, s:commitCall; then s:finish(value) or s:abort(err)")
end
return M
