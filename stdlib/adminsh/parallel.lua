-- adminsh.parallel: run a function over many items with bounded concurrency on the one Lua state.
local util = require "adminsh.util"
local progress = require "adminsh.progress"
-- On a real profile the batch asks once, at its first destructive call (absent outside adminsh).
local hasConfirmation, confirmation = pcall(require, "adminsh.host.confirmation")

local M = {}
M.help = [[adminsh.parallel: bounded-concurrency bulk work
  parallel.map(list, fn, {concurrency=8, stopOnError=false, label='agents'}) -> summary
    fn(item, index) runs as a task; up to `concurrency` run at once (API calls yield, so their
    requests are in flight together). summary = {results, ok, failed, skipped, errors, stopped}:
    results[i] is {ok=true, value=...} or {ok=false, error=e, item=...}, in input order.
    Errors are collected per item; stopOnError=true stops starting new items after the first.
    Ctrl-C stops starting new items too: calls in flight finish, the summary says what was done
    (stopped=true, interrupted=true, the rest skipped) and a line on stderr says it. A second
    Ctrl-C interrupts the calls still in flight.
    On a real profile, at the prompt, the first destructive call of the batch asks once for the
    whole batch ("up to N destructive calls on prod ..."); the answer holds for every item, and
    after "n" no item's destructive call is sent (those items fail with CONFIRMATION_DECLINED).
  parallel.each(list, fn, opts) -> the same summary without the values (for side effects).]]

local OPTIONS = { concurrency = "number", stopOnError = "boolean", label = "string", progress = "boolean" }

-- The shared engine: a pool of `concurrency` worker tasks pulling the next index, which is the
-- semaphore (never more than N items in flight) without any busy waiting.
local function run(fname, list, fn, opts, keepValues)
  if type(list) ~= "table" then error(fname .. ": list must be a table (sequence), got " .. type(list), 3) end
  if type(fn) ~= "function" then error(fname .. ": fn must be a function, got " .. type(fn), 3) end
  opts = util.options(opts, OPTIONS, fname)
  local concurrency = math.floor(opts.concurrency or 4)
  if concurrency < 1 then error(fname .. ": concurrency must be at least 1", 3) end

  local n = #list
  local summary = { results = {}, ok = 0, failed = 0, skipped = 0, errors = {}, stopped = false, interrupted = false, total = n }
  local bar
  if opts.progress ~= false and n > 0 then
    bar = progress.new{ label = opts.label or fname, total = n }
  end

  local nextIndex = 1
  local function worker()
    while not summary.stopped do
      if task.stopRequested() then
        summary.stopped, summary.interrupted = true, true
        return
      end
      local i = nextIndex
      if i > n then return end
      nextIndex = i + 1
      local item = list[i]
      local ok, value = pcall(fn, item, i)
      if ok then
        summary.ok = summary.ok + 1
        summary.results[i] = keepValues and { ok = true, value = value } or { ok = true }
      else
        summary.failed = summary.failed + 1
        summary.results[i] = { ok = false, error = value, item = item }
        summary.errors[#summary.errors + 1] = { index = i, item = item, error = value, message = util.errorText(value) }
        if opts.stopOnError then summary.stopped = true end
      end
      if bar then bar:tick(ok) end
    end
  end

  -- Between beginBulk and endBulk a Ctrl-C only sets task.stopRequested() (see the workers).
  task.beginBulk()
  local batch = hasConfirmation and confirmation.beginBatch(opts.label or fname, n) or nil
  local ids = {}
  local waited, failure = pcall(function()
    for w = 1, math.min(concurrency, n) do ids[w] = task.spawn(worker) end
    for _, id in ipairs(ids) do task.wait(id) end
  end)
  if task.stopRequested() then summary.stopped, summary.interrupted = true, true end
  task.endBulk()
  if hasConfirmation then confirmation.endBatch(batch) end
  if bar then bar:finish() end
  if not waited then error(failure, 0) end
  table.sort(summary.errors, function(a, b) return a.index < b.index end)

  -- Items never started (stopOnError, Ctrl-C) are reported, not silently dropped.
  local why = summary.interrupted and "not started: stopped by Ctrl-C" or "not started: stopped after an earlier error"
  for i = 1, n do
    if summary.results[i] == nil then
      summary.skipped = summary.skipped + 1
      summary.results[i] = { ok = false, skipped = true, item = list[i], error = why }
    end
  end
  if summary.interrupted then
    io.stderr:write(string.format("%s: stopped by Ctrl-C: %d of %d done (%d ok, %d failed), %d not started\n",
      opts.label or fname, summary.ok + summary.failed, n, summary.ok, summary.failed, summary.skipped))
  end
  return summary
end

function M.map(list, fn, opts) return run("parallel.map", list, fn, opts, true) end
function M.each(list, fn, opts) return run("parallel.each", list, fn, opts, false) end

--- The values of a map summary in input order (nil where an item failed), and the count.
function M.values(summary)
  local out = {}
  for i = 1, summary.total or #summary.results do
    local r = summary.results[i]
    out[i] = r and r.ok and r.value or nil
  end
  return out, summary.total
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.map, "parallel.map(list, fn, {concurrency=4, stopOnError=false, label=}) -> {results, ok, failed, skipped, errors, stopped, interrupted}\n  Ctrl-C starts no new items and lets the calls in flight finish; a second Ctrl-C interrupts them.")
  help.set(M.each, "parallel.each(list, fn, {concurrency=4, stopOnError=false, label=}) -> {results, ok, failed, skipped, errors, stopped}")
  help.set(M.values, "parallel.values(summary) -> values, n\n  The values of a parallel.map summary in input order (nil where an item failed), and the count.")
end

return M
