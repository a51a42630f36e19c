-- adminsh.inverse: the call that undoes a catalog operation, built from the catalog's own data.
-- Nothing here knows any operation: `adminsh.operations[name].inverse` says which call undoes it and
-- where each of that call's values comes from (the original arguments, its options, its result,
-- or the values read before it).
local M = {}
M.help = [[adminsh.inverse: undo calls from the catalog (adminsh.operations[name].inverse)
  inverse.of(name, args, options, result [, previous]) -> {operation=, args=, fields=} | nil, reason
    args: the call's positional arguments; options: its options table (or nil); result: its result.
    An update ("restore" inverse) also needs `previous`: the values before the call (inverse.read).
  inverse.read(name, args, options) -> previous values | nil, reason   (call it BEFORE the update)
  inverse.needsRead(name) -> true when the inverse of `name` needs inverse.read first
  inverse.invoke(call) -> the result of calling call.operation(args..., fields)
  inverse.split(name, ...) -> args, options   (a call's arguments as the catalog sees them)]]

local function operations()
  return type(adminsh) == "table" and type(adminsh.operations) == "table" and adminsh.operations or {}
end

--- The catalog entry of a qualified operation name, or nil.
function M.entry(name)
  local e = operations()[name]
  return type(e) == "table" and e or nil
end

-- `value` (or each record of a list) with only the named fields: what was read back carries ids
-- and timestamps an API does not take as input.
local function keepOnly(value, names)
  if type(value) ~= "table" then return value end
  local function project(record)
    if type(record) ~= "table" then return record end
    local out = {}
    for _, name in ipairs(names) do out[name] = record[name] end
    return out
  end
  if value[1] ~= nil or next(value) == nil then
    local list = json.array and json.array() or {}
    for i, record in ipairs(value) do list[i] = project(record) end
    return list
  end
  return project(value)
end

-- The value at a dotted path ("a.b", "items.1.id") of a table, or nil.
local function dig(value, path)
  for part in tostring(path):gmatch("[^%.]+") do
    if type(value) ~= "table" then return nil end
    local v = value[part]
    if v == nil and tonumber(part) then v = value[tonumber(part)] end
    value = v
  end
  return value
end

-- One value of an inverse or read call, from where the catalog says it comes from.
local function valueOf(source, call)
  if type(source) ~= "table" then return nil, "bad value source " .. tostring(source) end
  if source.arg ~= nil then
    local v = call.args[source.arg]
    if v == nil then return nil, "argument " .. tostring(source.arg) .. " of the call is missing" end
    return v
  elseif source.field ~= nil then
    local v = type(call.options) == "table" and call.options[source.field] or nil
    if v == nil then return nil, "the call's options have no '" .. source.field .. "'" end
    return v
  elseif source.result ~= nil then
    local v = dig(call.result, source.result)
    if v == nil then return nil, "the call's result has no '" .. source.result .. "'" end
    return v
  elseif source.previous ~= nil then
    local v = dig(call.previous, source.previous)
    if v == nil then return nil, "the values read before the call have no '" .. source.previous .. "'" end
    if source.only then v = keepOnly(v, source.only) end
    return v
  elseif source.value ~= nil then
    return source.value
  end
  return nil, "value source names neither arg, field, result, previous nor value"
end

local function valuesOf(sources, call)
  local out = {}
  for i, source in ipairs(sources or {}) do
    local v, why = valueOf(source, call)
    if v == nil then return nil, why end
    out[i] = v
  end
  return out
end

local function fieldsOf(sources, call)
  if sources == nil then return nil end
  local out = {}
  for name, source in pairs(sources) do
    local v, why = valueOf(source, call)
    if v == nil then return nil, why end
    out[name] = v
  end
  return out
end

--- Splits a call's arguments as the catalog sees them: the positional (path) arguments, then the
-- options table, if any.
function M.split(name, ...)
  local e = M.entry(name)
  local n = e and e.pathParameters and #e.pathParameters or 0
  local all = table.pack(...)
  local args = {}
  for i = 1, n do args[i] = all[i] end
  local options = all[n + 1]
  return args, type(options) == "table" and options or nil
end

local function inverseOf(name)
  local e = M.entry(name)
  if not e then return nil, "no catalog operation named '" .. tostring(name) .. "'" end
  if e.inverse == nil then
    if e.mutating == false then return nil, name .. " is a read: nothing to undo" end
    return nil, "the catalog declares no inverse for " .. name
  end
  if e.inverse.none then return nil, "no safe inverse for " .. name .. ": " .. tostring(e.inverse.none) end
  return e.inverse
end

--- True when undoing `name` needs the values read before the call (an update's restore).
function M.needsRead(name)
  local inv = inverseOf(name)
  return inv ~= nil and inv.read ~= nil
end

--- The bound function of a qualified catalog name (`conto.agents.get` -> conto.agents.get), or nil.
function M.bound(name)
  local fn = _ENV
  for part in tostring(name):gmatch("[^%.]+") do fn = type(fn) == "table" and fn[part] or nil end
  return type(fn) == "function" and fn or nil
end
local functionOf = M.bound

--- Reads the values an update's inverse puts back; call it before the update.
-- Returns the previous values (the element `pick` selects, when the catalog names one), or nil + reason.
function M.read(name, args, options)
  local inv, why = inverseOf(name)
  if not inv then return nil, why end
  local read = inv.read
  if not read then return nil, "the inverse of " .. name .. " needs no read" end
  local call = { args = args or {}, options = options }
  local readArgs, whyArgs = valuesOf(read.args, call)
  if not readArgs then return nil, "cannot read before " .. name .. ": " .. whyArgs end
  local fn = functionOf(read.operation)
  if not fn then return nil, "no function for " .. tostring(read.operation) end
  local ok, value = pcall(fn, table.unpack(readArgs, 1, #read.args))
  if not ok then return nil, "reading " .. read.operation .. " failed: " .. tostring(type(value) == "table" and value.message or value) end
  if read.path then value = dig(value, read.path) end
  local pick = read.pick
  if pick then
    local want, whyWant = valueOf(pick.equals, call)
    if want == nil then return nil, whyWant end
    local found
    for _, item in ipairs(type(value) == "table" and dig(value, pick.list) or {}) do
      if type(item) == "table" and item[pick.match] == want then found = item break end
    end
    if not found then
      return nil, string.format("%s has no %s with %s = %s", read.operation, pick.list, pick.match, tostring(want))
    end
    value = found
  end
  if type(value) ~= "table" then return nil, read.operation .. " returned no values to restore" end
  return value
end

--- The call that undoes `name(args..., options)` which returned `result`; for an update, the
-- previous values come from `previous` (inverse.read before the call).
-- Returns {operation=, args=, fields=} or nil + reason.
function M.of(name, args, options, result, previous)
  local inv, why = inverseOf(name)
  if not inv then return nil, why end
  if inv.restore and type(previous) ~= "table" then
    return nil, "undoing " .. name .. " needs the values before the call (inverse.read)"
  end
  local call = { args = args or {}, options = options, result = result, previous = previous }
  local undoArgs, whyArgs = valuesOf(inv.args, call)
  if not undoArgs then return nil, "cannot undo " .. name .. ": " .. whyArgs end
  local fields, whyFields = fieldsOf(inv.fields, call)
  if inv.fields and not fields then return nil, "cannot undo " .. name .. ": " .. whyFields end
  if fields and next(fields) == nil and not inv.restore then fields = nil end   -- no options table to pass
  if inv.restore then
    -- The same update with, for every field the call set, the value it had (absent = cleared).
    fields = fields or {}
    for k in pairs(options or {}) do
      if fields[k] == nil then
        local v = previous[k]
        fields[k] = v == nil and json.null or v
      end
    end
  end
  return { operation = inv.operation, args = undoArgs, fields = fields, nargs = #(inv.args or {}) }
end

--- Makes a resolved inverse call; returns its result.
function M.invoke(call)
  local fn = functionOf(call.operation)
  if not fn then error("inverse: no function for " .. tostring(call.operation), 2) end
  local args = table.move(call.args, 1, call.nargs or #call.args, 1, {})
  local n = call.nargs or #call.args
  if call.fields ~= nil then n = n + 1; args[n] = call.fields end
  return fn(table.unpack(args, 1, n))
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.of, "inverse.of(name, args, options, result [, previous]) -> {operation=, args=, fields=} | nil, reason")
  help.set(M.read, "inverse.read(name, args, options) -> the values an update's inverse puts back | nil, reason (call it before the update)")
  help.set(M.entry, "inverse.entry(name) -> the catalog entry of a qualified operation name (adminsh.operations[name]), or nil")
  help.set(M.split, "inverse.split(name, ...) -> args, options\n  A call's arguments as the catalog sees them: the positional (path) arguments, then the options table.")
  help.set(M.needsRead, "inverse.needsRead(name) -> boolean\n  True when undoing name needs values read before the call (an update's restore: inverse.read).")
  help.set(M.bound, "inverse.bound(name) -> function or nil\n  The bound function of a qualified name ('conto.agents.get' -> conto.agents.get).")
  help.set(M.invoke, "inverse.invoke(call) -> result\n  Makes a call inverse.of resolved ({operation=, args=, fields=}).")
end
return M
