-- adminsh.duration: the one reader of durations ("90s", "15m", "2h", "1h30m", "2d" or seconds).
--   local duration = require "adminsh.duration"
--   duration.parse("1h30m")  --> 5400
--   duration.parse("soon")   --> nil, "expected a duration like ..."
local M = {}

M.units = { s = 1, m = 60, h = 3600, d = 86400, w = 604800 }

local EXAMPLES = "'90s', '15m', '2h', '1h30m', '2d' or a number of seconds"

-- A whole number of seconds stays an integer; fractions ("1.5s") stay exact.
local function seconds(value)
  return math.tointeger(value) or value
end

--- parse(text_or_number) -> seconds | nil, message
-- Numbers are seconds. Text is one or more <number><unit> parts (s, m, h, d, w), optionally
-- separated by spaces, each unit at most once ("1h30m", "2d 12h"); a bare number is seconds.
function M.parse(spec)
  if math.type(spec) then
    if spec < 0 then return nil, "a duration cannot be negative (got " .. tostring(spec) .. ")" end
    if spec ~= spec or spec == math.huge then return nil, "a duration must be a finite number of seconds" end
    return seconds(spec)
  end
  if type(spec) ~= "string" then
    return nil, "expected a duration like " .. EXAMPLES .. ", got a " .. type(spec)
  end
  local text = spec:match("^%s*(.-)%s*$")
  if text == "" then return nil, "expected a duration like " .. EXAMPLES .. ", got an empty string" end
  if text:match("^%d+%.?%d*$") then return seconds(tonumber(text)) end
  local total, seen, rest = 0, {}, text
  while rest ~= "" do
    local number, unit, after = rest:match("^(%d+%.?%d*)%s*(%a+)%s*(.*)$")
    if not number then
      return nil, "expected a duration like " .. EXAMPLES .. ", got '" .. spec .. "'"
    end
    local factor = M.units[unit]
    if not factor then
      return nil, "unknown duration unit '" .. unit .. "' in '" .. spec .. "' (use s, m, h, d, w)"
    end
    if seen[unit] then return nil, "duration '" .. spec .. "' names '" .. unit .. "' twice" end
    seen[unit] = true
    total = total + tonumber(number) * factor
    rest = after
  end
  return seconds(total)
end

--- check(spec, what) -> seconds; raises "what: message" for the caller's caller.
function M.check(spec, what)
  local value, message = M.parse(spec)
  if value == nil then error((what and what .. ": " or "") .. message, 3) end
  return value
end

return M
