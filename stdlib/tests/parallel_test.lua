-- adminsh.parallel: order, bounded concurrency, per-item errors, stopOnError.
local parallel = require "adminsh.parallel"

test("results come back in input order", function()
  local list = {}
  for i = 1, 20 do list[i] = i end
  local s = parallel.map(list, function(x)
    task.sleep((20 - x) * 0.002)   -- later items finish first
    return x * 10
  end, { concurrency = 5 })
  expect.eq(s.ok, 20, "all ok")
  expect.eq(s.failed, 0, "none failed")
  for i = 1, 20 do expect.eq(s.results[i].value, i * 10, "result " .. i) end
end)

test("never more than `concurrency` in flight", function()
  local inFlight, peak = 0, 0
  local list = {}
  for i = 1, 30 do list[i] = i end
  parallel.each(list, function()
    inFlight = inFlight + 1
    if inFlight > peak then peak = inFlight end
    task.sleep(0.005)
    inFlight = inFlight - 1
  end, { concurrency = 8 })
  expect.eq(peak, 8, "peak concurrency")
end)

test("API calls run concurrently and errors are collected per item", function()
  local ids = { "agt_missing1", "self", "agt_missing2", "self" }
  local s = parallel.map(ids, function(id)
    if id == "self" then return contio.getApp().name end
    return conto.agents.get(id)
  end, { concurrency = 4 })
  expect.eq(s.ok, 2, "two reads worked")
  expect.eq(s.failed, 2, "two failed")
  expect.eq(s.results[1].ok, false, "first failed")
  expect.eq(s.results[1].error.code, "NOT_FOUND", "error table kept")
  expect.truthy(s.results[2].value, "second has a value")
  expect.eq(#s.errors, 2, "errors listed")
  expect.eq(s.errors[2].index, 3, "error index")
end)

test("stopOnError stops starting new items and reports the rest as skipped", function()
  local list = {}
  for i = 1, 10 do list[i] = i end
  local s = parallel.map(list, function(x)
    if x == 2 then error("boom at 2") end
    return x
  end, { concurrency = 1, stopOnError = true })
  expect.eq(s.stopped, true, "stopped")
  expect.eq(s.ok, 1, "one done before the error")
  expect.eq(s.failed, 1, "one failed")
  expect.eq(s.skipped, 8, "the rest skipped")
  expect.truthy(s.results[10].skipped, "last is marked skipped")
end)

test("bad arguments name the field", function()
  expect.error(function() parallel.map(nil, print) end, "list must be a table")
  expect.error(function() parallel.map({}, print, { concurency = 2 }) end, "unknown option 'concurency'")
  expect.error(function() parallel.map({}, print, { concurrency = 0 }) end, "concurrency must be at least 1")
end)
