-- adminsh.host.test: the Lua side of `adminsh test`. run(file, filter) defines the globals a
-- test file uses (`test(name, fn)`, `expect.eq/truthy/near/error`), loads the file, runs its
-- cases in order and returns passed, failed. With `filter`, the cases up to the last one whose
-- name contains it run (they share one sandbox) and only the matching ones count. A file without
-- cases fails.
local errors = require "adminsh.host.errors"

local M = {}

function M.run(file, filter)
  local cases = {}
  function _G.test(name, fn)
    if type(name) ~= "string" or type(fn) ~= "function" then error("test(name, fn): a name and a function", 2) end
    cases[#cases + 1] = { name = name, fn = fn }
  end
  local function show(v) return type(v) == "string" and string.format("%q", v) or pp.render(v) end
  local function deepEqual(a, b)
    if a == b then return true end
    if type(a) ~= "table" or type(b) ~= "table" then return false end
    for k, v in pairs(a) do if not deepEqual(v, b[k]) then return false end end
    for k in pairs(b) do if a[k] == nil then return false end end
    return true
  end
  local expect = {}
  _G.expect = expect
  function expect.eq(a, b, msg)
    if not deepEqual(a, b) then error((msg and msg .. ": " or "") .. "expected " .. show(b) .. ", got " .. show(a), 2) end
  end
  function expect.truthy(v, msg)
    if not v then error((msg or "expected a true value") .. " (got " .. show(v) .. ")", 2) end
  end
  function expect.near(a, b, tol, msg)
    tol = tol or 1e-9
    if type(a) ~= "number" or math.abs(a - b) > tol then error((msg and msg .. ": " or "") .. "expected " .. tostring(b) .. " ± " .. tol .. ", got " .. show(a), 2) end
  end
  function expect.error(fn, pattern, msg)
    local ok, err = pcall(fn)
    if ok then error((msg and msg .. ": " or "") .. "expected an error", 2) end
    if pattern then
      local text = type(err) == "table" and (tostring(err.code) .. " " .. tostring(err.message) .. " " .. tostring(err)) or tostring(err)
      if not text:find(pattern) then error("error " .. show(text) .. " does not match " .. show(pattern), 2) end
    end
    return err
  end
  local chunk, loadError = loadfile(file)
  if not chunk then print("FAIL " .. file .. ": " .. loadError); return 0, 1 end
  chunk()
  -- A file whose top level asserts but registers no case would report "0 passed": it fails.
  if #cases == 0 then
    print("FAIL no test cases in " .. file .. " (only test(name, fn) cases count)")
    return 0, 1
  end
  -- Cases of a file share its sandbox, so a later case may need what earlier ones made: with a
  -- filter, every case up to the last matching one runs, and only the matching ones are reported.
  local last = #cases
  if filter then
    last = 0
    for i, case in ipairs(cases) do if case.name:find(filter, 1, true) then last = i end end
  end
  local passed, failed = 0, 0
  for i = 1, last do
    local case = cases[i]
    local reported = not filter or case.name:find(filter, 1, true)
    local ok, err = xpcall(case.fn, function(e) return debug.traceback(errors.describe(e), 2) end)
    if not reported then
      if not ok then print(string.format("note: earlier case %q failed: %s", case.name, (tostring(err):match("^[^\n]*")))) end
    elseif ok then
      passed = passed + 1
      print(string.format("ok   %s", case.name))
    else
      failed = failed + 1
      print(string.format("FAIL %s\n     %s", case.name, (tostring(err):gsub("\n", "\n     "))))
    end
  end
  return passed, failed
end

return M
