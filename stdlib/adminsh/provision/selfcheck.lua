-- adminsh.provision.selfcheck: what a provisioned agent must be able to do, checked after the run:
-- limits and policies read back, then a payment approval as the agent within and over its limits.
local util = require "adminsh.util"
local compare = require "adminsh.provision.compare"

local M = {}

--- Reads back what the agent has and compares it with the spec (also works without payments).
function M.readBack(report, spec)
  local problems = {}
  local agentID, walletID = report.agent.id, report.wallet and report.wallet.id
  if walletID then
    local link
    for _, l in ipairs(conto.agents.listWallets(agentID).wallets or {}) do
      if l.walletId == walletID and l.isActive ~= false then link = l end
    end
    if not link then
      problems[#problems + 1] = "wallet " .. walletID .. " is not linked"
    else
      for k, v in pairs(spec.limits or {}) do
        if not compare.sameValue(k, link[k], v) then
          problems[#problems + 1] = string.format("limit %s is %s, spec says %s", k, compare.show(link[k]), compare.show(v))
        end
      end
      if link.wallet and link.wallet.provisioned == false then problems[#problems + 1] = "wallet is not provisioned" end
    end
  end
  local assigned = {}
  for _, a in ipairs(conto.agents.listPolicies(agentID).policies or {}) do assigned[a.policyId] = true end
  for _, p in ipairs(report.policies) do
    if not assigned[p.id] then problems[#problems + 1] = "policy '" .. p.name .. "' is not assigned" end
  end
  return problems
end

-- The payment self-check runs as the new agent: `conto.sdk.payments.approve` with its SDK key
-- (or a caller-supplied `approve(sdkKey, request)`, e.g. to go through another gateway).
local function findApprove(opts)
  if opts.approve then return opts.approve end
  local sdk = rawget(conto, "sdk")
  if type(sdk) == "table" and type(sdk.payments) == "table" and type(sdk.payments.approve) == "function" then
    return sdk.payments.approve
  end
  return nil
end

-- A recipient the spec's policies allow: the first address of an ALLOWED_COUNTERPARTIES rule,
-- else a burn address (nothing is paid: approvals are never confirmed).
local function checkRecipient(spec, opts)
  if opts.checkRecipient then return opts.checkRecipient end
  for _, p in ipairs(spec.policies or {}) do
    for _, rule in ipairs(p.rules or {}) do
      if rule.ruleType == "ALLOWED_COUNTERPARTIES" then
        local list = rule.value
        if type(list) == "string" and list:match("^%s*%[") then
          local ok, decoded = pcall(json.decode, list)
          list = ok and decoded or nil
        end
        if type(list) == "table" and type(list[1]) == "string" then return list[1] end
      end
    end
  end
  return "0x000000000000000000000000000000000000dEaD"
end

local function violationTypes(r)
  local types = {}
  for _, v in ipairs(type(r) == "table" and r.violations or {}) do types[#types + 1] = v.type end
  return types
end

-- An amount inside the link's per-tx limit and under every MAX_AMOUNT cap of the spec's ALLOW
-- rules: the payment a correctly provisioned agent must be able to make.
local function withinAmount(spec, perTx)
  local amount = math.max(0.01, math.floor(perTx * 50) / 100)   -- half the per-tx limit
  for _, p in ipairs(spec.policies or {}) do
    for _, rule in ipairs(p.rules or {}) do
      local cap = tonumber(rule.value)
      if rule.ruleType == "MAX_AMOUNT" and cap and (rule.action or "ALLOW") == "ALLOW" then
        if rule.operator == "LTE" then amount = math.min(amount, cap)
        elseif rule.operator == "LT" then amount = math.min(amount, math.floor(cap * 100 - 1) / 100) end
      end
    end
  end
  return amount
end

function M.payment(report, spec, opts)
  local approve = findApprove(opts)
  local perTx = spec.limits and spec.limits.spendLimitPerTx
  if not approve then
    return { skipped = "payment approval check skipped: no conto.sdk.payments.approve binding and no opts.approve; limits and policies were verified by reading them back" }
  end
  if not (report.sdk_key and perTx and report.wallet) then
    return { skipped = "payment approval check needs a new SDK key, a wallet and limits.spendLimitPerTx" }
  end
  local recipient = checkRecipient(spec, opts)
  local within, over = withinAmount(spec, perTx), perTx + 1
  local function attempt(amount)
    local ok, r = pcall(approve, report.sdk_key, { amount = amount, walletId = report.wallet.id,
      recipientAddress = recipient, purpose = "adminsh self-check" })
    if not ok then return { amount = amount, outcome = "ERROR", error = util.errorText(r), violations = {} } end
    local outcome = r.status or (r.approved == true and "APPROVED")
      or (r.requiresHumanApproval and "NEEDS_APPROVAL") or (r.approved == false and "DENIED") or "unknown"
    return { amount = amount, outcome = outcome, violations = violationTypes(r), reasons = r.reasons }
  end
  local a, b = attempt(within), attempt(over)
  local check = { within = a, over = b, recipient = recipient }
  local function explain(x)
    if x.error then return x.error end
    local why = #x.violations > 0 and table.concat(x.violations, ", ") or table.concat(x.reasons or {}, "; ")
    return x.outcome .. (why ~= "" and (" (" .. why .. ")") or "")
  end
  local overDenied = b.outcome == "DENIED" and table.concat(b.violations, ","):find("PER_TX_LIMIT") ~= nil
  if b.outcome == "APPROVED" then
    -- The one result that proves a misconfiguration: the per-tx limit is not enforced.
    check.ok = false
    check.problem = string.format("a payment of %s, over the per-tx limit of %s, was approved", over, perTx)
  elseif overDenied and a.outcome == "APPROVED" then
    check.ok = true
  else
    -- Not proof of a fault: outside the link's allowed hours/days, a spec policy (allow-list,
    -- approval threshold) that sends this payment elsewhere, or a key without payments:approve.
    -- Reported for a person to read; the run stands.
    local onlyTime = a.outcome == "DENIED" and #a.violations > 0
    for _, t in ipairs(a.violations) do if t ~= "TIME_WINDOW" then onlyTime = false end end
    check.inconclusive = onlyTime
      and "the link's allowed hours/days exclude now (TIME_WINDOW): run provision again inside the window to check an approval"
      or string.format("within the limits (%s): %s; over the per-tx limit (%s): %s", within, explain(a), over, explain(b))
  end
  return check
end

if help and help.set then
  help.set(M, "adminsh.provision.selfcheck: limits and policies read back, then approvals as the agent within and over its limits")
  help.set(M.readBack, "selfcheck.readBack(report, spec) -> {problems}\n  Reads back the agent's link and policies and lists what differs from the spec (empty: all as specified).")
  help.set(M.payment, "selfcheck.payment(report, spec, opts) -> {within, over, ...} or {skipped}\n  As the new agent: an amount within the per-tx limit must be approved and one over it denied.")
end

return M
