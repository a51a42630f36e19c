-- adminsh.provision.handover: whether an agent's SDK key was handed over, recorded on the agent.
-- The record lives in the agent's identityTags (a field the real API keeps as given), so every
-- operator's re-run sees it: `pending` is set before a run creates a key named <name>, and
-- `handed over` with the key's id once the key reached the caller (opts.onKey returned, or the
-- report is returned). An active key without the second tag while the first is set was made by a
-- run that stopped before handing it over; without either tag it was made outside provision.
local M = {}

M.PENDING = "adminsh:sdk-key-pending:"
M.HANDED_OVER = "adminsh:sdk-key-handed-over:"

--- True for a tag provision keeps (a spec may not set one).
function M.reserved(tag)
  return type(tag) == "string" and (tag:find(M.PENDING, 1, true) == 1 or tag:find(M.HANDED_OVER, 1, true) == 1)
end

local function has(tags, tag)
  for _, t in ipairs(tags or {}) do if t == tag then return true end end
  return false
end

-- tags without those `drop` selects, then `extra` (each once).
local function edit(tags, extra, drop)
  local out = {}
  for _, t in ipairs(tags or {}) do if not drop(t) and not has(extra, t) then out[#out + 1] = t end end
  for _, t in ipairs(extra) do out[#out + 1] = t end
  return out
end

function M.isPending(tags, name) return has(tags, M.PENDING .. name) end

--- The tags with `name` marked pending (a key is about to be created).
function M.pending(tags, name)
  return edit(tags, { M.PENDING .. name }, function() return false end)
end

--- The tags once `keyId` (named `name`) was handed over; tags of keys no longer active go.
function M.handedOver(tags, name, keyId, activeIds)
  return edit(tags, { M.HANDED_OVER .. keyId }, function(t)
    if t == M.PENDING .. name then return true end
    local id = t:find(M.HANDED_OVER, 1, true) == 1 and t:sub(#M.HANDED_OVER + 1)
    return id and not activeIds[id] or false
  end)
end

--- The active keys named `name`, sorted by what is known of them: handed over, never handed over
-- (made by a stopped run), made outside provision.
function M.classify(keys, tags, name)
  local handed, notHanded, foreign = {}, {}, {}
  local pending = M.isPending(tags, name)
  for _, k in ipairs(keys) do
    if k.name == name then
      if has(tags, M.HANDED_OVER .. k.id) then handed[#handed + 1] = k
      elseif pending then notHanded[#notHanded + 1] = k
      else foreign[#foreign + 1] = k end
    end
  end
  return handed, notHanded, foreign
end

if help and help.set then
  help.set(M, "adminsh.provision.handover: whether an agent's SDK key was handed over, recorded in its identityTags")
  help.set(M.reserved, "handover.reserved(tag) -> boolean\n  True for a tag provision keeps (a spec may not set one).")
  help.set(M.isPending, "handover.isPending(tags, name) -> boolean\n  True when a key named name is about to be (or was) created and not yet handed over.")
  help.set(M.pending, "handover.pending(tags, name) -> tags\n  The tags with name marked pending (a key is about to be created).")
  help.set(M.handedOver, "handover.handedOver(tags, name, keyId, activeIds) -> tags\n  The tags once keyId was handed over; tags of keys no longer active go.")
  help.set(M.classify, "handover.classify(keys, tags, name) -> handed, notHandedOver, foreign\n  The keys named name: handed over, never handed over (made by a stopped run), made outside provision.")
end

return M
