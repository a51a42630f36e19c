-- adminsh.provision: provision Conto agents from declarative specs, idempotent and compensated.
-- Agent, wallet, limits, policies, SDK key; found again by externalId; undone on failure; checked.
local util = require "adminsh.util"
local parallel = require "adminsh.parallel"

local M = {}
M.help = [[adminsh.provision: provision Conto agents from a spec
  provision.agent(spec [, opts]) -> {ok, agent, wallet, link, policies, sdk_key=<secret>, created, reused, check}
  provision.many(specs, {concurrency=8}) -> {results={...one report per spec, in order...}, ok=n, failed=n}
  spec = {name=, agentType='CUSTOM', externalId=(required), description=, ...agent fields,
          wallet = {name=, custodyType=, chainId=, ...} | false,      -- default name "<externalId> wallet"
          limits = {spendLimitPerTx=, spendLimitDaily=, ...link fields},
          policies = {{name=, policyType=, rules={{ruleType=, operator=, value=, action=}}, ...}},
          sdkKey = {name='adminsh', expiresInDays=} | false}
  A re-run with the same externalId finds the agent and completes what is missing (no duplicates).
  On failure, what this run created is undone in reverse order; the report says what and why.
  opts: rotateKey=true (replace an existing SDK key of that name), selfCheck=false, approve=fn(sdkKey, request),
        checkRecipient=address (default: the first ALLOWED_COUNTERPARTIES address of the spec, else a burn address)]]

-- Spec keys that are not agent fields.
local SECTIONS = { wallet = true, limits = true, policies = true, sdkKey = true }
local AGENT_FIELDS = {
  name = true, agentType = true, description = true, publicKey = true, externalId = true, purpose = true,
  environment = true, riskTier = true, ownerMembershipId = true, allowedContexts = true, identityTags = true,
}
local LIMIT_FIELDS = { "delegationType", "spendLimitPerTx", "spendLimitDaily", "spendLimitWeekly", "spendLimitMonthly",
  "allowedHoursStart", "allowedHoursEnd", "timezone" }

local function specError(i, msg)
  error("provision: spec" .. (i and ("[" .. i .. "]") or "") .. ": " .. msg, 3)
end

--- Validates a spec; errors name the field. Returns the agent fields.
function M.validate(spec, i)
  if type(spec) ~= "table" then specError(i, "expected a table, got " .. type(spec)) end
  if type(spec.name) ~= "string" or spec.name == "" then specError(i, "name is required (a string)") end
  if type(spec.externalId) ~= "string" or spec.externalId == "" then
    specError(i, "externalId is required: it is how a re-run finds this agent instead of creating a duplicate")
  end
  local agent = {}
  for k, v in pairs(spec) do
    if AGENT_FIELDS[k] then agent[k] = v
    elseif not SECTIONS[k] then specError(i, "unknown field '" .. tostring(k) .. "' (agent fields, wallet, limits, policies, sdkKey)") end
  end
  agent.agentType = agent.agentType or "CUSTOM"
  if spec.wallet ~= nil and spec.wallet ~= false and type(spec.wallet) ~= "table" then specError(i, "wallet must be a table or false") end
  if spec.limits ~= nil and type(spec.limits) ~= "table" then specError(i, "limits must be a table of link fields") end
  if spec.limits and spec.limits.walletId then specError(i, "limits.walletId is not allowed: the wallet comes from spec.wallet") end
  if spec.limits and spec.wallet == false then specError(i, "limits need a wallet (wallet=false given)") end
  if spec.policies ~= nil and type(spec.policies) ~= "table" then specError(i, "policies must be a list of policy tables") end
  for j, p in ipairs(spec.policies or {}) do
    if type(p) ~= "table" or type(p.name) ~= "string" then specError(i, "policies[" .. j .. "].name is required") end
    if type(p.policyType) ~= "string" then specError(i, "policies[" .. j .. "].policyType is required") end
    if p.rules ~= nil and type(p.rules) ~= "table" then specError(i, "policies[" .. j .. "].rules must be a list") end
  end
  if spec.sdkKey ~= nil and spec.sdkKey ~= false and type(spec.sdkKey) ~= "table" then specError(i, "sdkKey must be a table or false") end
  return agent
end

-- Lookups shared by one provision.many run (or made fresh for one agent): agents by externalId,
-- policies by name. Tasks are cooperative, so plain tables are safe; `creating` stops two tasks
-- from creating the same shared policy at once.
local function newIndex()
  local index = { agents = nil, policies = nil, creating = {} }
  function index.agent(externalId)
    if not index.agents then
      index.agents = {}
      for a in each(conto.agents.list, {}) do
        if a.externalId and a.externalId ~= json.null then
          local list = index.agents[a.externalId] or {}
          list[#list + 1] = a
          index.agents[a.externalId] = list
        end
      end
    end
    return index.agents[externalId]
  end
  function index.policy(name)
    if not index.policies then
      index.policies = {}
      for _, p in ipairs(conto.policies.list{}.policies or {}) do
        index.policies[p.name] = index.policies[p.name] or p
      end
    end
    return index.policies[name]
  end
  return index
end

local function sameNumber(a, b)
  if a == json.null then a = nil end
  if b == json.null then b = nil end
  if a == nil or b == nil then return a == b end
  return tonumber(a) == tonumber(b)
end

-- Compares rules by their meaning, not ids or timestamps.
local function rulesDiffer(have, want)
  have, want = have or {}, want or {}
  if #have ~= #want then return true end
  for i, w in ipairs(want) do
    local h = have[i]
    local wv = type(w.value) == "table" and json.encode(w.value) or tostring(w.value)
    if h.ruleType ~= w.ruleType or tostring(h.value) ~= wv or (w.action and h.action ~= w.action) then return true end
  end
  return false
end

--- Reads back what the agent has and compares it with the spec (also works without payments).
local function readBack(report, spec)
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
        if type(v) == "number" and not sameNumber(link[k], v) then
          problems[#problems + 1] = string.format("limit %s is %s, spec says %s", k, tostring(link[k]), tostring(v))
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

local function selfCheck(report, spec, opts)
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

local AGENT_OPTIONS = { rotateKey = "boolean", selfCheck = "boolean", approve = "function", checkRecipient = "string", index = "table", onKey = "function" }

function M.agent(spec, opts)
  local agentFields = M.validate(spec)
  opts = util.options(opts, AGENT_OPTIONS, "provision.agent")
  local index = opts.index or newIndex()
  local planning = util.planning()
  local report = { ok = false, externalId = spec.externalId, created = {}, reused = {}, updated = {}, policies = {}, notes = {} }
  local undo = {}   -- {what, fn} for what this run created, undone in reverse order

  local function created(what, fn) report.created[#report.created + 1] = what; undo[#undo + 1] = { what = what, fn = fn } end
  local function note(text) report.notes[#report.notes + 1] = text end
  local step = "start"

  local ok, err = pcall(function()
    -- 1. The agent: found by externalId, else created.
    step = "find agent"
    local found = index.agent(spec.externalId)
    if found and #found > 1 then
      error(string.format("%d active agents have externalId '%s'; resolve the duplicates first", #found, spec.externalId), 0)
    end
    local agent = found and found[1]
    if agent then
      report.reused[#report.reused + 1] = "agent " .. agent.id
      if agent.status ~= "ACTIVE" then note("agent is " .. tostring(agent.status) .. "; not changed") end
    else
      step = "create agent"
      agent = conto.agents.create(agentFields)
      index.agents[spec.externalId] = { agent }
      created("agent " .. agent.id, function() conto.agents.delete(agent.id) end)
    end
    report.agent = agent
    local fresh = not found      -- a new agent has no links, policies or keys to look up
    local planned = util.planned(agent)

    -- 2. The wallet: the one already linked (re-run), else one by name, else a new one.
    if spec.wallet ~= false then
      local wspec = util.without(spec.wallet or {}, "provision")
      wspec.name = wspec.name or (spec.externalId .. " wallet")
      local wallet, link
      if not fresh and not planned then
        step = "find wallet"
        for _, l in ipairs(conto.agents.listWallets(agent.id).wallets or {}) do
          if l.isActive ~= false and l.wallet and l.wallet.name == wspec.name then wallet, link = l.wallet, l end
        end
        if not wallet then
          for w in each(conto.wallets.list, {}) do
            if w.name == wspec.name then wallet = w break end
          end
        end
      end
      if wallet then
        report.reused[#report.reused + 1] = "wallet " .. wallet.id
      else
        step = "create wallet"
        wallet = conto.wallets.create(wspec)
        created("wallet " .. wallet.id, function() conto.wallets.delete(wallet.id) end)
      end
      if wallet.provisioned ~= true and (wallet.custodyType or "PRIVY") ~= "EXTERNAL" then
        step = "provision wallet"
        local p = conto.wallets.provision{ walletId = wallet.id }
        if type(p) == "table" and p.provisioned ~= nil then wallet = p end
      end
      report.wallet = wallet

      -- 3. The link with its limits; an existing link is brought in line with the spec.
      local limits = spec.limits or {}
      if link then
        local changes = {}
        for _, k in ipairs(LIMIT_FIELDS) do
          if limits[k] ~= nil and not (sameNumber(link[k], limits[k]) or link[k] == limits[k]) then changes[k] = limits[k] end
        end
        if limits.allowedDays then changes.allowedDays = limits.allowedDays end
        if next(changes) then
          step = "update wallet link"
          link = conto.agents.updateWalletLink(agent.id, wallet.id, changes)
          report.updated[#report.updated + 1] = "link limits"
        else
          report.reused[#report.reused + 1] = "link " .. tostring(link.id)
        end
      else
        step = "link wallet"
        local fields = {}
        for k, v in pairs(limits) do fields[k] = v end
        fields.walletId = wallet.id
        link = conto.agents.linkWallet(agent.id, fields)
        created("link " .. agent.id .. "→" .. wallet.id, function() conto.agents.unlinkWallet(agent.id, wallet.id) end)
      end
      report.link = link
    end

    -- 4. Policies by name (shared across agents when names repeat), then assignments.
    local assigned = {}
    if not fresh and not planned then
      for _, a in ipairs(conto.agents.listPolicies(agent.id).policies or {}) do assigned[a.policyId] = true end
    end
    for j, pspec in ipairs(spec.policies or {}) do
      step = "policy '" .. pspec.name .. "'"
      while index.creating[pspec.name] do task.sleep(0.01) end   -- another task is creating it
      local policy = index.policy(pspec.name)
      if policy then
        report.reused[#report.reused + 1] = "policy " .. policy.id
        if pspec.rules and not util.planned(policy) and rulesDiffer(policy.rules, pspec.rules) then
          note("policy '" .. pspec.name .. "' exists with different rules; left as is (shared by name)")
        end
      else
        index.creating[pspec.name] = true
        local okCreate, p = pcall(conto.policies.create, pspec)
        index.creating[pspec.name] = nil
        if not okCreate then error(p, 0) end
        policy = p
        index.policies[pspec.name] = policy
        created("policy " .. policy.id, function()
          conto.policies.delete(policy.id)
          if index.policies[pspec.name] == policy then index.policies[pspec.name] = nil end
        end)
      end
      report.policies[j] = policy
      if not assigned[policy.id] then
        step = "assign policy '" .. pspec.name .. "'"
        conto.agents.assignPolicy(agent.id, { policyId = policy.id })
        assigned[policy.id] = true
        created("assignment " .. policy.id, function() conto.agents.unassignPolicy(agent.id, policy.id) end)
      end
    end

    -- 5. The SDK key: shown once, so an existing one is never silently replaced.
    if spec.sdkKey ~= false then
      local kspec = spec.sdkKey or {}
      local name = kspec.name or "adminsh"
      local existing
      if not fresh and not planned then
        for _, k in ipairs(conto.agents.listSdkKeys(agent.id).sdkKeys or {}) do
          if k.name == name and k.isActive ~= false and (k.revokedAt == nil or k.revokedAt == json.null) then existing = k end
        end
      end
      if existing and not opts.rotateKey then
        report.reused[#report.reused + 1] = "sdk key " .. existing.id
        note("SDK key '" .. name .. "' exists (" .. existing.id .. "); its secret was shown when it was created. rotateKey=true replaces it")
      else
        step = "create SDK key"
        local key = conto.agents.createSdkKey(agent.id, { name = name, expiresInDays = kspec.expiresInDays, keyType = kspec.keyType, scopes = kspec.scopes })
        created("sdk key " .. key.id, function() conto.agents.revokeSdkKey(agent.id, key.id) end)
        report.sdk_key, report.sdk_key_id = key.key, key.id
        if existing then
          step = "revoke replaced SDK key"
          conto.agents.revokeSdkKey(agent.id, existing.id)
          report.updated[#report.updated + 1] = "replaced sdk key " .. existing.id
        end
        if opts.onKey and report.sdk_key then opts.onKey(agent, report.sdk_key) end
      end
    end

    -- 6. Checks: read back limits/policies; payment approval within and over the per-tx limit.
    if planning or planned then
      report.check = { skipped = "plan mode: nothing was created to check" }
    else
      step = "self-check"
      local problems = readBack(report, spec)
      report.check = { readback = #problems == 0 and "ok" or problems }
      if opts.selfCheck ~= false then
        local pay = selfCheck(report, spec, opts)
        for k, v in pairs(pay) do report.check[k] = v end
      end
      if #problems > 0 then error("self-check failed: " .. table.concat(problems, "; "), 0) end
      if report.check.ok == false then error("self-check failed: " .. report.check.problem, 0) end
    end
  end)

  if ok then
    report.ok = true
    report.planned = planning or nil
    return report
  end

  -- Compensation: undo only what this run created, newest first; report each step.
  report.error, report.failed_step = err, step
  report.message = "provision " .. spec.externalId .. " failed at " .. step .. ": " .. util.errorText(err)
  report.compensated, report.compensation_failed = {}, {}
  for i = #undo, 1, -1 do
    local u = undo[i]
    local okUndo, e = pcall(u.fn)
    if okUndo then
      report.compensated[#report.compensated + 1] = u.what
    else
      report.compensation_failed[#report.compensation_failed + 1] = u.what .. ": " .. util.errorText(e)
    end
  end
  if report.agent and report.created[1] and report.created[1]:find("^agent ") and index.agents then
    index.agents[spec.externalId] = nil
  end
  report.sdk_key = nil
  return report
end

function M.many(specs, opts)
  if type(specs) ~= "table" then error("provision.many: specs must be a list of spec tables", 2) end
  opts = util.options(opts, { concurrency = "number", stopOnError = "boolean", label = "string", rotateKey = "boolean",
                              selfCheck = "boolean", approve = "function", onKey = "function" }, "provision.many")
  local seen = {}
  for i, spec in ipairs(specs) do
    M.validate(spec, i)   -- all specs are checked before anything is created
    if seen[spec.externalId] then error(string.format("provision.many: specs[%d] repeats externalId '%s' (also specs[%d])", i, spec.externalId, seen[spec.externalId]), 2) end
    seen[spec.externalId] = i
  end
  local index = newIndex()
  index.agent("")   -- one listing of agents and policies for the whole run
  index.policy("")
  local agentOpts = { rotateKey = opts.rotateKey, selfCheck = opts.selfCheck, approve = opts.approve, onKey = opts.onKey, index = index }
  local summary = parallel.map(specs, function(spec)
    local r = M.agent(spec, agentOpts)
    if not r.ok then error(r, 0) end   -- counted as a failure, the report kept
    return r
  end, { concurrency = opts.concurrency or 8, stopOnError = opts.stopOnError, label = opts.label or "provision" })
  local out = { results = {}, ok = summary.ok, failed = summary.failed + summary.skipped }
  for i = 1, #specs do
    local r = summary.results[i]
    if r.ok then out.results[i] = r.value
    elseif type(r.error) == "table" and r.error.externalId then out.results[i] = r.error
    else out.results[i] = { ok = false, externalId = specs[i].externalId, error = r.error, message = util.errorText(r.error), skipped = r.skipped } end
  end
  return out
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.agent, "provision.agent(spec [, {rotateKey=, selfCheck=, approve=fn, checkRecipient=}]) -> {ok, agent, wallet, link, policies, sdk_key, created, reused, check}\n  check = {readback, ok | inconclusive | problem, within, over}")
  help.set(M.many, "provision.many(specs, {concurrency=8, stopOnError=false}) -> {results, ok, failed}")
end
return M
