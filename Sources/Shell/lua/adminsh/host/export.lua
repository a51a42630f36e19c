-- adminsh.host.export: records as CSV (RFC 4180: a header row, CRLF line ends, fields with a
-- comma, quote or line break quoted, nested values as JSON) or as a JSON array, and the copy JSON
-- can hold. Secret values stay redacted unless `reveal` is asked for. Files are written 0600
-- through adminsh.files.
local records = require "adminsh.host.records"
local M = {}

-- A secret value (adminsh.host.secret) has a reveal method behind a protected metatable.
local function isSecret(v)
  return type(v) == "userdata" and getmetatable(v) == "secret"
end

--- jsonable(v, reveal) -> a copy JSON can hold: secret values as their printed (redacted) text
--- (or, with reveal, their text), functions and other userdata as their names; an empty array
--- stays an array. A cycle is an error.
function M.jsonable(v, reveal, seen)
  seen = seen or {}
  if json and rawequal(v, json.null) then return v end
  if isSecret(v) and reveal then return v:reveal() end
  local t = type(v)
  if t == "userdata" or t == "function" or t == "thread" then return tostring(v) end
  if t ~= "table" then return v end
  if seen[v] then error("cannot write a table that contains itself as JSON", 0) end
  seen[v] = true
  local copy = {}
  for k, x in pairs(v) do copy[M.jsonable(k, reveal, seen)] = M.jsonable(x, reveal, seen) end
  seen[v] = nil
  local mt = getmetatable(v)
  if next(copy) == nil and type(mt) == "table" and rawget(mt, "__jsontype") == "array" then copy = json.array(copy) end
  return copy
end

-- One CSV field: text as it is, numbers and booleans as Lua prints them, nested values as JSON.
local function fieldText(v, reveal)
  if v == nil or (json and rawequal(v, json.null)) then return "" end
  if isSecret(v) then return reveal and v:reveal() or tostring(v) end
  local t = type(v)
  if t == "string" then return v end
  if t == "number" then
    if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%d", v) end
    return tostring(v)
  end
  if t == "table" then return json.encode(M.jsonable(v, reveal)) end
  return tostring(v)
end

local function quoted(s)
  if s:find('[,"\r\n]') then return '"' .. s:gsub('"', '""') .. '"' end
  return s
end

--- columnsFor(rows, columns) -> the columns to write: the given ones, else every column (the
--- resource's declared ones first).
function M.columnsFor(rows, columns)
  if type(columns) == "table" and #columns > 0 then return columns end
  local _, entry = records.rowsOf(rows)
  return (records.columnOrder(rows, entry and entry.columns))
end

--- csv(rows, columns, reveal) -> text
function M.csv(rows, columns, reveal)
  columns = M.columnsFor(rows, columns)
  local lines = {}
  local header = {}
  for j, c in ipairs(columns) do header[j] = quoted(c) end
  lines[1] = table.concat(header, ",")
  for i, row in ipairs(rows) do
    local cells = {}
    for j, c in ipairs(columns) do cells[j] = quoted(fieldText(row[c], reveal)) end
    lines[i + 1] = table.concat(cells, ",")
  end
  return table.concat(lines, "\r\n") .. "\r\n"
end

--- json(rows, reveal) -> text: the records as one pretty-printed JSON array
function M.json(rows, reveal)
  local copy = {}
  for i, row in ipairs(rows) do copy[i] = M.jsonable(row, reveal) end
  return json.encode(json.array(copy), { pretty = true }) .. "\n"
end

--- write(path, text): a file only its owner can read (0600), replaced atomically.
function M.write(path, text)
  if type(path) ~= "string" or path == "" then error("expected a file path (string), got " .. type(path), 3) end
  local ok, files = pcall(require, "adminsh.files")
  if not ok then error("writing files needs adminsh.files (a full adminsh session)", 3) end
  files.writePrivate(path, text)
end

return M
