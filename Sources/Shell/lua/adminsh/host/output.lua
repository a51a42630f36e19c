-- adminsh.host.output: how returned values print (`--output text|json|csv`): by the pretty
-- printer; as JSON (one document; several values make one array), for `jq` and CI; or as CSV
-- for a returned sequence of records, query or list reply (`--columns` picks the columns).
-- Secret values stay redacted unless `reveal` (--reveal-secrets) is set.
local export = require "adminsh.host.export"
local records = require "adminsh.host.records"

local M = { columns = nil, reveal = false }

local function csv(pack)
  if pack.n ~= 1 then error("--output csv prints one returned value (records or a list reply), got " .. pack.n, 0) end
  local v = pack[1]
  local rows = records.rowsOf(v)
  if not rows then
    if type(v) == "table" and next(v) == nil then rows = {}
    else error("--output csv needs a sequence of records, a query or a list reply; got " .. type(v), 0) end
  end
  return (export.csv(rows, M.columns, M.reveal):gsub("\r\n$", ""))
end

--- render(pack, format) -> text for the values of a table.pack(...)
function M.render(pack, format)
  if format == "csv" then return csv(pack) end
  if format ~= "json" then return pp.renderAll(pack) end
  if pack.n == 1 then return json.encode(export.jsonable(pack[1], M.reveal), { pretty = true }) end
  local all = {}
  for i = 1, pack.n do
    local v = export.jsonable(pack[i], M.reveal)
    if v == nil then v = json.null end
    all[i] = v
  end
  return json.encode(json.array(all), { pretty = true })
end

--- machineOutput(): stdout is kept for the data, so `print` (and `pp`) write to stderr.
function M.machineOutput()
  local write = io.stderr
  _G.print = function(...)
    local n = select("#", ...)
    local parts = {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    write:write(table.concat(parts, "\t"), "\n")
  end
end

return M
