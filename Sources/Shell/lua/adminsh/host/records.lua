-- adminsh.host.records: what a value is, for printing and export. A sequence of records, a
-- list reply (`{agents = {...}, total, limit, offset}`, `{wallets = {...}, pagination = {...}}`),
-- which catalog resource a record belongs to (`adminsh.operations[name].columns`), and the
-- columns a table of records shows: the resource's declared ones, else id/name/status-like keys
-- first.
local M = {}

local function custom(v)
  local mt = getmetatable(v)
  return mt ~= nil and (type(mt) ~= "table" or mt.__tostring ~= nil)
end
M.custom = custom

--- isRecord(v): a plain table with string keys only (an object in JSON terms).
function M.isRecord(v)
  if type(v) ~= "table" or custom(v) then return false end
  local any = false
  for k in pairs(v) do
    if type(k) ~= "string" then return false end
    any = true
  end
  return any
end

--- isRecords(v): a non-empty sequence whose items are all records.
function M.isRecords(v)
  if type(v) ~= "table" or custom(v) then return false end
  local n, count = #v, 0
  if n == 0 then return false end
  for _ in pairs(v) do count = count + 1 end
  if count ~= n then return false end
  for i = 1, n do
    if not M.isRecord(v[i]) then return false end
  end
  return true
end

local function isEmpty(v) return type(v) == "table" and not custom(v) and next(v) == nil end

-- The list operations the catalog declares columns for (adminsh.operations, when installed),
-- found once per operations table: printers ask for every nested table.
local cachedFor, cached = nil, {}
local function listEntries()
  local ops = rawget(_G, "adminsh") and adminsh.operations
  if type(ops) ~= "table" then return {} end
  if ops == cachedFor and #ops == cached.size then return cached end
  local out = { size = #ops }
  for _, e in ipairs(ops) do
    if e.columns and (e.items or e.bare) then out[#out + 1] = e end
  end
  cachedFor, cached = ops, out
  return out
end

-- Keys of the first records, as a set.
local function keysOf(rows)
  local keys = {}
  for i = 1, math.min(#rows, 5) do
    for k in pairs(rows[i]) do keys[k] = true end
  end
  return keys
end

-- How well `entry`'s declared columns describe records with `keys`: (share present, count present).
local function score(entry, keys)
  local present = 0
  for _, c in ipairs(entry.columns) do
    if keys[c] then present = present + 1 end
  end
  return present / #entry.columns, present
end

-- The best entry among `entries` for `keys`; with `loose`, the best even when it fits badly.
local function best(entries, keys, loose)
  local chosen, bestShare, bestCount = nil, -1, -1
  for _, e in ipairs(entries) do
    local share, count = score(e, keys)
    if share > bestShare or (share == bestShare and count > bestCount) then
      chosen, bestShare, bestCount = e, share, count
    end
  end
  if chosen and (loose or (bestShare >= 0.8 and bestCount >= 3)) then return chosen end
end

--- resourceOf(rows | record) -> catalog entry (with .columns, .noun) or nil
function M.resourceOf(v)
  local rows = M.isRecord(v) and { v } or v
  if not M.isRecords(rows) then return nil end
  return best(listEntries(), keysOf(rows))
end

-- Keys a list reply carries beside its items.
local envelopeKeys = {
  total = true, limit = true, offset = true, pagination = true, summary = true,
  total_connected_workspaces = true, count = true, hasMore = true,
}

--- listReply(v) -> {items, key, entry, total, limit, offset} when v is one page of a list
function M.listReply(v)
  if type(v) ~= "table" or custom(v) or v[1] ~= nil then return nil end
  local key
  for k, x in pairs(v) do
    if not envelopeKeys[k] then
      if key or type(k) ~= "string" or not (M.isRecords(x) or isEmpty(x)) then return nil end
      key = k
    end
  end
  if not key then return nil end
  local candidates, known = {}, #listEntries() > 0
  for _, e in ipairs(listEntries()) do
    if e.items == key and (e.pagination or false) == (type(v.pagination) == "table") then
      candidates[#candidates + 1] = e
    end
  end
  -- With the catalog installed, only its envelopes count; without it, any such shape does.
  if known and #candidates == 0 then return nil end
  -- Lists may share an envelope (conto.policies.list and conto.agents.listPolicies; Contio's
  -- many `items`): the records decide; with no records, only the list named after its items or
  -- the only candidate, else none (the footer then says "items").
  table.sort(candidates, function(a, b) return (a.noun == key) and b.noun ~= key end)
  local items = v[key]
  local entry
  if M.isRecords(items) then
    entry = best(candidates, keysOf(items), true)
    if entry and select(2, score(entry, keysOf(items))) == 0 then entry = nil end
  elseif #candidates == 1 or (candidates[1] and candidates[1].noun == key) then
    entry = candidates[1]
  end
  local paging = type(v.pagination) == "table" and v.pagination or v
  return {
    items = items, key = key, entry = entry,
    total = math.type(paging.total) and paging.total or nil,
    limit = math.type(paging.limit) and paging.limit or nil,
    offset = math.type(paging.offset) and paging.offset or nil,
  }
end

--- keyedRecords(v) -> records sorted by key, when v maps names to records that each carry their
--- own name in a field (`{api_key = {credential_type = "api_key", ...}, ...}`): such a map reads
--- as a table and loses nothing.
function M.keyedRecords(v)
  if type(v) ~= "table" or custom(v) or v[1] ~= nil then return nil end
  local keys = {}
  for k, x in pairs(v) do
    if type(k) ~= "string" or not M.isRecord(x) then return nil end
    local named = false
    for _, field in pairs(x) do
      if field == k then named = true; break end
    end
    if not named then return nil end
    keys[#keys + 1] = k
  end
  if #keys < 2 then return nil end
  table.sort(keys)
  local rows = {}
  for i, k in ipairs(keys) do rows[i] = v[k] end
  return rows
end

--- rowsOf(v) -> records, entry: the records of a list reply, a query or a sequence (nil otherwise)
function M.rowsOf(v)
  local reply = M.listReply(v)
  if reply then return (M.isRecords(reply.items) and reply.items or {}), reply.entry end
  local mt = getmetatable(v)
  if type(mt) == "table" and mt.__records then v = mt.__records(v) end
  if M.isRecords(v) then return v, M.resourceOf(v) end
end

-- Rank of a key with no declared place: identity, then names and kinds, then states, then
-- other scalar fields, timestamps, and nested values last.
local function rank(key, sample)
  local k = key:lower()
  if k == "id" then return 1 end
  if k == "name" or k == "title" or k == "label" or k == "type" or k == "kind" or k == "credential"
      or k:match("_name$") or k:match("_type$") or key:match("Name$") or key:match("Type$") then return 2 end
  if k == "status" or k == "state" or k == "severity" or k:match("_status$") or key:match("Status$")
      or k == "isactive" or k == "is_active" or k == "enabled" then return 3 end
  if type(sample) == "table" and not custom(sample) then return 6 end
  if k:match("_at$") or key:match("At$") or k:match("time") or k:match("date") then return 5 end
  return 4
end

--- columnOrder(rows, declared) -> the columns present in rows: declared ones first (in their
--- order), then the rest by rank; and the number of columns that are not declared.
function M.columnOrder(rows, declared)
  local present, samples = {}, {}
  for _, row in ipairs(rows) do
    for k, x in pairs(row) do
      present[k] = true
      if samples[k] == nil or rawequal(samples[k], json and json.null) then samples[k] = x end
    end
  end
  local out, used = {}, {}
  for _, c in ipairs(declared or {}) do
    if present[c] and not used[c] then out[#out + 1] = c; used[c] = true end
  end
  local declaredCount = #out
  local rest = {}
  for k in pairs(present) do
    if not used[k] then rest[#rest + 1] = k end
  end
  table.sort(rest, function(a, b)
    local ra, rb = rank(a, samples[a]), rank(b, samples[b])
    if ra ~= rb then return ra < rb end
    return a < b
  end)
  for _, k in ipairs(rest) do out[#out + 1] = k end
  return out, declaredCount
end

return M
