-- adminsh.host.seen: the ids of records this session has seen in the results of bound calls,
-- with their names, for Tab completion (`conto.agents.get("agt_<TAB>`). Filled only from
-- results already in hand, so completing an id never sends a request; bounded to the newest
-- `limit` ids.
local M = { limit = 2000 }
local byId = {}        -- id -> { name =, kind =, stamp = }
local count, clock = 0, 0

-- "agents" -> "agent", "policies" -> "policy": the kind of record a list or a group holds.
function M.singular(word)
  if type(word) ~= "string" then return nil end
  word = word:lower()
  if word:sub(-3) == "ies" then return word:sub(1, -4) .. "y" end
  if word:sub(-1) == "s" and word:sub(-2) ~= "ss" then return word:sub(1, -2) end
  return word
end

-- Forgets the oldest quarter once there are more than `limit` ids.
local function prune()
  local list = {}
  for id, e in pairs(byId) do list[#list + 1] = { id = id, stamp = e.stamp } end
  table.sort(list, function(a, b) return a.stamp < b.stamp end)
  local keep = math.floor(M.limit * 3 / 4)
  for i = 1, #list - keep do byId[list[i].id] = nil end
  count = math.min(#list, keep)
end

local nameFields = { "name", "label", "title", "email", "externalId" }

local function record(id, rec, kind)
  local e = byId[id]
  if not e then
    e = {}
    byId[id] = e
    count = count + 1
  end
  clock = clock + 1
  e.stamp = clock
  e.kind = kind or e.kind
  for _, f in ipairs(nameFields) do
    local name = rawget(rec, f)
    if type(name) == "string" and name ~= "" then e.name = name; break end
  end
  if count > M.limit then prune() end
end

local function walk(value, kind, depth)
  if depth > 4 then return end
  local id = rawget(value, "id")
  if type(id) == "string" and #id > 0 and #id <= 200 and not rawget(value, "planned") then record(id, value, kind) end
  for k, v in pairs(value) do
    if type(v) == "table" then walk(v, type(k) == "string" and M.singular(k) or kind, depth + 1) end
  end
end

--- Notes the records in a bound call's result (entry: its catalog entry) and returns the result as it is.
function M.note(entry, ...)
  local result = ...
  if type(result) == "table" then pcall(walk, result, M.singular(entry and entry.group), 1) end
  return ...
end

--- The ids seen that start with `prefix`, newest first, as {id =, name =, kind =}; `kind`
-- ("agent") keeps those of that kind when there are any.
function M.matching(prefix, kind)
  prefix = prefix or ""
  local all, ofKind = {}, {}
  for id, e in pairs(byId) do
    if id:sub(1, #prefix) == prefix then
      local item = { id = id, name = e.name, kind = e.kind, stamp = e.stamp }
      all[#all + 1] = item
      if kind and e.kind == kind then ofKind[#ofKind + 1] = item end
    end
  end
  local out = #ofKind > 0 and ofKind or all
  table.sort(out, function(a, b) return a.stamp > b.stamp end)
  return out
end

--- The name of a record seen with this id, or nil (a [y/N] question names its target with it).
function M.name(id)
  local e = type(id) == "string" and byId[id] or nil
  return e and e.name or nil
end

function M.count() return count end
function M.clear() byId, count = {}, 0 end

return M
