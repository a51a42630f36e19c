-- adminsh.provision.compare: a spec against what the server has, by meaning (numbers numerically,
-- JSON text as its data, day lists as sets, operator spellings as one), with readable differences.
local M = {}

M.LINK_FIELDS = { "delegationType", "spendLimitPerTx", "spendLimitDaily", "spendLimitWeekly", "spendLimitMonthly",
  "allowedHoursStart", "allowedHoursEnd", "allowedDays", "timezone" }
M.POLICY_FIELDS = { "policyType", "priority", "description", "isActive", "scope" }
local RULE_FIELDS = { "ruleType", "operator", "value", "action" }

local function canonical(v)
  if v == nil or v == json.null then return "null" end
  if type(v) == "string" and v:match("^%s*[%[{]") then
    local ok, decoded = pcall(json.decode, v)
    if ok and type(decoded) == "table" then v = decoded end
  end
  if type(v) == "table" then return json.encode(v) end
  local n = tonumber(v)
  if n then return string.format("%.12g", n) end
  return tostring(v)
end

-- Rule operators have short and long spellings; the API stores one (as its reference documents).
local OPERATOR = { LESS_THAN_OR_EQUAL = "LTE", GREATER_THAN_OR_EQUAL = "GTE", LT = "LESS_THAN", GT = "GREATER_THAN",
                   EQ = "EQUALS", NEQ = "NOT_EQUALS", IN = "IN_LIST", NOT_IN = "NOT_IN_LIST" }

local DAY_ORDER = { Mon = 1, Tue = 2, Wed = 3, Thu = 4, Fri = 5, Sat = 6, Sun = 7 }
function M.sameValue(field, have, want)
  if field == "operator" then return (OPERATOR[have] or have) == (OPERATOR[want] or want) end
  if field == "allowedDays" and type(have) == "table" and type(want) == "table" then
    local function sorted(days)
      local copy = table.move(days, 1, #days, 1, {})
      table.sort(copy, function(a, b) return (DAY_ORDER[a] or 99) < (DAY_ORDER[b] or 99) end)
      return table.concat(copy, ",")
    end
    return sorted(have) == sorted(want)
  end
  return canonical(have) == canonical(want)
end

function M.show(v)
  if v == nil or v == json.null then return "unset" end
  if type(v) == "table" then return json.encode(v) end
  return type(v) == "string" and ("'" .. v .. "'") or tostring(v)
end

-- The link fields of the spec that differ from the link: {field = spec value}.
function M.linkChanges(link, limits)
  local changes = {}
  for _, k in ipairs(M.LINK_FIELDS) do
    if limits[k] ~= nil and not M.sameValue(k, link[k], limits[k]) then changes[k] = limits[k] end
  end
  return changes
end

-- What differs between a policy on the server and the spec's, as readable phrases.
function M.policyDifferences(have, want)
  local diffs = {}
  for _, k in ipairs(M.POLICY_FIELDS) do
    if want[k] ~= nil and not M.sameValue(k, have[k], want[k]) then
      diffs[#diffs + 1] = string.format("%s is %s, spec says %s", k, M.show(have[k]), M.show(want[k]))
    end
  end
  local rulesDiffer = false
  if want.rules then
    local hr, wr = have.rules or {}, want.rules
    if #hr ~= #wr then
      rulesDiffer = true
      diffs[#diffs + 1] = string.format("it has %d rule(s), spec has %d", #hr, #wr)
    end
    for i = 1, math.min(#hr, #wr) do
      for _, f in ipairs(RULE_FIELDS) do
        local w = wr[i][f]
        if f == "action" then w = w or "ALLOW" end
        if w ~= nil and not M.sameValue(f, hr[i][f], w) then
          rulesDiffer = true
          diffs[#diffs + 1] = string.format("rules[%d].%s is %s, spec says %s", i, f, M.show(hr[i][f]), M.show(w))
        end
      end
    end
  end
  return diffs, rulesDiffer
end

if help and help.set then
  help.set(M, "adminsh.provision.compare: a spec against what the server has, by meaning, with readable differences")
  help.set(M.sameValue, "compare.sameValue(field, have, want) -> boolean\n  Equal by meaning: numbers numerically, JSON text as its data, day lists as sets, operator spellings as one.")
  help.set(M.show, "compare.show(v) -> text\n  A value as a difference message shows it.")
  help.set(M.linkChanges, "compare.linkChanges(link, limits) -> {field = spec value}\n  The link fields of the spec that differ from the link.")
  help.set(M.policyDifferences, "compare.policyDifferences(have, want) -> {phrases}\n  What differs between a policy on the server and the spec's.")
end

return M
