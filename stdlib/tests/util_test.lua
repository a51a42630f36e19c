-- adminsh.util: durations come from the host's one reader (adminsh.duration); options are checked.
local util = require "adminsh.util"
local duration = require "adminsh.duration"

test("durations are read by the host's adminsh.duration", function()
  expect.eq(util.seconds("1h30m"), 5400, "compound durations")
  expect.eq(util.seconds("2d"), 172800)
  expect.eq(util.seconds(48), 48, "numbers are seconds")
  for _, text in ipairs{ "90s", "15m", "2d 12h", "1.5h" } do
    expect.eq(util.seconds(text), duration.parse(text), text .. " as the host reads it")
  end
  local err = expect.error(function() util.seconds("soon") end)
  expect.truthy(tostring(err):find(select(2, duration.parse("soon")), 1, true), "the host's message: " .. tostring(err))
end)

test("options: unknown names and wrong types are errors naming the field", function()
  expect.error(function() util.options({ concurency = 2 }, { concurrency = "number" }, "f") end, "unknown option 'concurency'")
  expect.error(function() util.options({ concurrency = "2" }, { concurrency = "number" }, "f") end, "option 'concurrency' must be number")
  expect.eq(next(util.options(nil, {}, "f")), nil, "no options is an empty table")
end)
