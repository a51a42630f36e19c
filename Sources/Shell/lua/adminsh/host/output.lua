-- adminsh.host.output: how returned values print (`--output text|json`): by the pretty printer,
-- or as JSON, one document per value and line (for `jq` and CI).
local M = {}

-- A copy JSON can hold: secret values as their printed (redacted) text, functions and other
-- userdata as their names; an empty array stays an array. A cycle is an error.
local function jsonable(v, seen)
  if rawequal(v, json.null) then return v end
  local t = type(v)
  if t == "userdata" or t == "function" or t == "thread" then return tostring(v) end
  if t ~= "table" then return v end
  if seen[v] then error("cannot print a table that contains itself as JSON", 0) end
  seen[v] = true
  local copy = {}
  for k, x in pairs(v) do copy[jsonable(k, seen)] = jsonable(x, seen) end
  seen[v] = nil
  local mt = getmetatable(v)
  if next(copy) == nil and type(mt) == "table" and rawget(mt, "__jsontype") == "array" then copy = json.array(copy) end
  return copy
end
--- render(pack, format) -> text for the values of a table.pack(...)
function M.render(pack, format)
  if format ~= "json" then return pp.renderAll(pack) end
  local lines = {}
  for i = 1, pack.n do lines[i] = json.encode(jsonable(pack[i], {}), { pretty = pack.n == 1 }) end
  return table.concat(lines, "\n")
end

return M
