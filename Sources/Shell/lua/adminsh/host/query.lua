-- adminsh.host.query: `q`, a small chainable query over a sequence of records.
--   q(records) | q(listReply) | q(listFn, params)   (a list function: every page, as `all` reads them)
--   :where{status = "ACTIVE"} :where(fn) :select("id", "name") :sort("createdAt", "desc") :first(10)
--   :count() :group("status") :map(fn) :each(fn) :ids() :records() :csv(path) :json(path)
-- A query is a plain sequence of its records (q[1], #q, ipairs) and prints as their table. Every
-- step returns a new query; the records themselves are shared, not copied.
local records = require "adminsh.host.records"
local export = require "adminsh.host.export"

local Query = {}
Query.__index = Query
Query.__name = "adminsh.query"

-- What a query knows beside its records: the columns chosen by :select, keyed weakly.
local columnsOf = setmetatable({}, { __mode = "k" })

local function new(rows, columns)
  local self = setmetatable({}, Query)
  for i = 1, #rows do self[i] = rows[i] end
  columnsOf[self] = columns
  return self
end

local function isQuery(v) return getmetatable(v) == Query end

local function plain(self)
  local out = {}
  for i = 1, #self do out[i] = self[i] end
  return out
end

Query.__records = plain

function Query.__tostring(self)
  if #self == 0 then return "(no records)" end
  local rows = plain(self)
  if not records.isRecords(rows) then return pp and pp.render(rows) or tostring(#rows) .. " values" end
  if not pp then return #rows .. " records" end
  return pp.renderTable(rows, columnsOf[self])
end

-- Reads every page of a list function with `each` (rate-aware through the client); past two
-- pages a progress bar shows how far it got, when the list says its total.
local function readAll(fn, params)
  if type(rawget(_G, "each")) ~= "function" then error("q: reading a list function needs the contio/conto bindings", 3) end
  local bar, pending = nil, 0
  local function onPage(page, pagesRead, total)
    local list = records.rowsOf(page)
    pending = pending + (list and #list or 0)
    if not bar and pagesRead >= 3 and total then
      local ok, progress = pcall(require, "adminsh.progress")
      local reply = records.listReply(page)
      local label = reply and reply.entry and reply.entry.qualified or "reading"
      if ok then bar = progress.new{ label = label, total = total } end
    end
    if bar then
      for _ = 1, pending do bar:tick(true) end
      pending = 0
    end
  end
  local out = {}
  for item in each(fn, params, onPage) do out[#out + 1] = item end
  if bar then bar:finish() end
  return out
end

--- q(records | listReply | query | listFn [, params]) -> query
local function q(source, params)
  if type(source) == "function" then return new(readAll(source, params)) end
  if isQuery(source) then return new(source, columnsOf[source]) end
  if type(source) ~= "table" then
    error("q: expected records, a list reply or a list function, got " .. type(source), 2)
  end
  local reply = records.listReply(source)
  if reply then return new(records.isRecords(reply.items) and reply.items or {}) end
  if #source == 0 and next(source) ~= nil then
    error("q: expected a sequence of records, got a single record (wrap it: q{record})", 2)
  end
  return new(source)
end

-- Whether `record` matches a where{...} table: each field equal, or a function of the field true.
local function matches(record, spec)
  for k, want in pairs(spec) do
    local have = record[k]
    if type(want) == "function" then
      if not want(have) then return false end
    elseif have ~= want then
      return false
    end
  end
  return true
end

--- :where{field = value, other = function(v) ... end} or :where(function(record, i) ... end)
function Query:where(spec)
  local test
  if type(spec) == "function" then test = spec
  elseif type(spec) == "table" then test = function(r) return type(r) == "table" and matches(r, spec) end
  else error("where: expected a table of fields or a function, got " .. type(spec), 2) end
  local out = {}
  for i = 1, #self do
    if test(self[i], i) then out[#out + 1] = self[i] end
  end
  return new(out, columnsOf[self])
end

--- :select("id", "name") or :select{"id", "name"}: records with only these fields, in this order
function Query:select(first, ...)
  local names = type(first) == "table" and first or { first, ... }
  if #names == 0 then error("select: name at least one field", 2) end
  for _, n in ipairs(names) do
    if type(n) ~= "string" then error("select: field names are strings, got " .. type(n), 2) end
  end
  local out = {}
  for i = 1, #self do
    local r, copy = self[i], {}
    for _, n in ipairs(names) do copy[n] = type(r) == "table" and r[n] or nil end
    out[i] = copy
  end
  return new(out, names)
end

-- Orders values of one field: nil (and json.null) last, numbers by value, the rest as text.
local function before(a, b)
  local na = a == nil or (json and rawequal(a, json.null))
  local nb = b == nil or (json and rawequal(b, json.null))
  if na or nb then return not na and nb end
  if type(a) == "number" and type(b) == "number" then return a < b end
  if type(a) == "boolean" and type(b) == "boolean" then return (not a) and b end
  return tostring(a) < tostring(b)
end

--- :sort(field [, "desc"]) or :sort(function(record) return key end [, "desc"]); stable
function Query:sort(key, direction)
  if direction ~= nil and direction ~= "asc" and direction ~= "desc" then
    error('sort: direction is "asc" or "desc", got ' .. tostring(direction), 2)
  end
  local keyOf
  if type(key) == "string" then keyOf = function(r) return type(r) == "table" and r[key] or nil end
  elseif type(key) == "function" then keyOf = key
  else error("sort: expected a field name or a function, got " .. type(key), 2) end
  local decorated = {}
  for i = 1, #self do decorated[i] = { key = keyOf(self[i]), index = i, record = self[i] } end
  local desc = direction == "desc"
  table.sort(decorated, function(x, y)
    local xk, yk = x.key, y.key
    if desc then
      -- Descending keeps missing values last too.
      local xn = xk == nil or (json and rawequal(xk, json.null))
      local yn = yk == nil or (json and rawequal(yk, json.null))
      if xn ~= yn then return yn end
      if before(yk, xk) then return true end
      if before(xk, yk) then return false end
    else
      if before(xk, yk) then return true end
      if before(yk, xk) then return false end
    end
    return x.index < y.index
  end)
  local out = {}
  for i, d in ipairs(decorated) do out[i] = d.record end
  return new(out, columnsOf[self])
end

--- :first([n]) -> query of the first n records (1 by default)
function Query:first(n)
  n = n or 1
  if math.type(n) ~= "integer" or n < 0 then error("first: expected a count (integer >= 0), got " .. tostring(n), 2) end
  local out = {}
  for i = 1, math.min(n, #self) do out[i] = self[i] end
  return new(out, columnsOf[self])
end

--- :count() -> number of records
function Query:count() return #self end

--- :group(field) -> query of {field = value, count = n, records = query}, largest group first
function Query:group(field)
  if type(field) ~= "string" then error("group: expected a field name, got " .. type(field), 2) end
  local groups, order = {}, {}
  for i = 1, #self do
    local r = self[i]
    local v = type(r) == "table" and r[field] or nil
    local k = v == nil and json and json.null or v
    if k == nil then k = "" end
    if not groups[k] then groups[k] = {}; order[#order + 1] = k end
    table.insert(groups[k], r)
  end
  local out = {}
  for _, k in ipairs(order) do
    out[#out + 1] = { [field] = k, count = #groups[k], records = new(groups[k], columnsOf[self]) }
  end
  table.sort(out, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    return before(a[field], b[field])
  end)
  return new(out, { field, "count" })
end

--- :map(fn) -> query of fn(record, i) (nil results left out)
function Query:map(fn)
  if type(fn) ~= "function" then error("map: expected a function, got " .. type(fn), 2) end
  local out = {}
  for i = 1, #self do
    local v = fn(self[i], i)
    if v ~= nil then out[#out + 1] = v end
  end
  return new(out)
end

--- :each(fn) -> the same query, after fn(record, i) for each record
function Query:each(fn)
  if type(fn) ~= "function" then error("each: expected a function, got " .. type(fn), 2) end
  for i = 1, #self do fn(self[i], i) end
  return self
end

--- :ids() -> plain sequence of the records' ids
function Query:ids()
  local out = {}
  for i = 1, #self do
    local r = self[i]
    if type(r) == "table" and r.id ~= nil then out[#out + 1] = r.id end
  end
  return out
end

--- :records() -> a plain sequence of the records
function Query:records() return plain(self) end

local function exportOptions(opts, name)
  if opts ~= nil and type(opts) ~= "table" then error(name .. ": options are a table ({reveal = true, columns = {...}}), got " .. type(opts), 3) end
  return opts or {}
end

--- :csv(path [, {reveal = true, columns = {...}}]) -> the query; writes RFC 4180 CSV (0600)
function Query:csv(path, opts)
  opts = exportOptions(opts, "csv")
  local rows = plain(self)
  if #rows > 0 and not records.isRecords(rows) then error("csv: the query holds values that are not records", 2) end
  export.write(path, export.csv(rows, opts.columns or columnsOf[self], opts.reveal == true))
  return self
end

--- :json(path [, {reveal = true}]) -> the query; writes the records as a JSON array (0600)
function Query:json(path, opts)
  opts = exportOptions(opts, "json")
  export.write(path, export.json(plain(self), opts.reveal == true))
  return self
end

local api = setmetatable({ isQuery = isQuery }, { __call = function(_, ...) return q(...) end })
if rawget(_G, "help") then
  help.set(api, [[q(records | listReply | listFn [, params]) -> query
  q(conto.agents.list, {status = "ACTIVE"}):where{agentType = "CUSTOM"}:select("id", "name"):sort("createdAt", "desc"):first(10)
  :where{field = value | fn}  :where(fn)  :select(...)  :sort(key [, "desc"])  :first(n)  :count()
  :group(field)  :map(fn)  :each(fn)  :ids()  :records()  :csv(path [, {reveal = true}])  :json(path)
  A query is a sequence of its records (q[1], #q, ipairs) and prints as their table. Files are 0600;
  secret values stay redacted unless {reveal = true}. See help "tables".]])
end
return api
