-- adminsh.provision: provision Conto agents from declarative specs, idempotent and compensated.
-- Agent, wallet, limits, policies, SDK key; found again by externalId; each run is a saga
-- (adminsh.saga): undone by the catalog's inverses on failure, old keys revoked only at the end.
local util = require "adminsh.util"
local parallel = require "adminsh.parallel"
local saga = require "adminsh.saga"
local compare = require "adminsh.provision.compare"
local selfcheck = require "adminsh.provision.selfcheck"
local handover = require "adminsh.provision.handover"

local M = {}
M.help = [[adminsh.provision: provision Conto agents from a spec
  provision.agent(spec [, opts]) -> {ok, agent, wallet, link, policies, sdk_key=<secret>, created, reused, updated, check}
  provision.many(specs, {concurrency=8}) -> {results={...one report per spec, in order...}, ok=n, failed=n}
  spec = {name=, agentType='CUSTOM', externalId=(required), description=, ...agent fields,
          wallet = {name=, custodyType=, chainId=, ...} | false,      -- default name "<externalId> wallet"
          limits = {spendLimitPerTx=, spendLimitDaily=, allowedDays=, ...link fields},
          policies = {{name=, policyType=, rules={{ruleType=, operator=, value=, action=}}, ...}},
          reusePolicies = nil | 'update' | 'keep',   -- a same-named policy with other rules: fail (default),
                                                      -- make it match the spec, or use it as it is
          sdkKey = {name='adminsh', expiresInDays=} | false}
  A re-run with the same externalId finds the agent and completes what is missing (no duplicates);
  a re-run with an unchanged spec changes nothing (created and updated are empty).
  On failure, what this run did is undone in reverse order (updates are put back to their previous
  values); the report says what was undone and what could not be.
  The new SDK key is handed over (opts.onKey, or the report) only after every check passed; a key it
  replaces (rotateKey=true) is revoked after that. A key a stopped run never handed over is reported
  (keys_not_handed_over) and replaced with rotateKey=true.
  opts: rotateKey=true, selfCheck=false, approve=fn(sdkKey, request), onKey=fn(agent, sdkKey),
        checkRecipient=address (default: the first ALLOWED_COUNTERPARTIES address of the spec, else a burn address)]]

-- Spec keys that are not agent fields.
local SECTIONS = { wallet = true, limits = true, policies = true, sdkKey = true, reusePolicies = true }
local AGENT_FIELDS = {
  name = true, agentType = true, description = true, publicKey = true, externalId = true, purpose = true,
  environment = true, riskTier = true, ownerMembershipId = true, allowedContexts = true, identityTags = true,
}
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
    elseif not SECTIONS[k] then specError(i, "unknown field '" .. tostring(k) .. "' (agent fields, wallet, limits, policies, reusePolicies, sdkKey)") end
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
  if spec.reusePolicies ~= nil and spec.reusePolicies ~= "update" and spec.reusePolicies ~= "keep" then
    specError(i, "reusePolicies must be 'update' or 'keep', got " .. tostring(spec.reusePolicies))
  end
  if spec.sdkKey ~= nil and spec.sdkKey ~= false and type(spec.sdkKey) ~= "table" then specError(i, "sdkKey must be a table or false") end
  if type(spec.identityTags) == "table" then
    for _, tag in ipairs(spec.identityTags) do
      if handover.reserved(tag) then specError(i, "identityTags: '" .. tag .. "' is kept by provision itself") end
    end
  end
  return agent
end

-- Lookups shared by one provision.many run (or made fresh for one agent): agents by externalId,
-- policies by name, and which specs use a policy this run created (so undoing one spec never
-- deletes a policy another spec uses). Tasks are cooperative, so plain tables are safe;
-- `creating` stops two tasks from creating the same policy at once.
local function newIndex()
  local index = { agents = nil, policies = nil, creating = {}, users = {} }
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

-- One run for one spec: `c` carries the saga (c.s), the spec, the options, the shared index and
-- the report the sections fill in.
local function note(c, text) c.report.notes[#c.report.notes + 1] = text end
local function add(list, text) list[#list + 1] = text end

-- 1. The agent: found by externalId, else created (with the key-pending tag when a key follows).
local function agentSection(c, agentFields)
  local s, spec, report = c.s, c.spec, c.report
  local found = s:step("find agent", function() return c.index.agent(spec.externalId) end, false)
  s:check("one agent per externalId", function()
    if found and #found > 1 then
      return false, string.format("%d active agents have externalId '%s'; resolve the duplicates first", #found, spec.externalId)
    end
  end)
  local agent = found and found[1]
  if agent then
    add(report.reused, "agent " .. agent.id)
    if agent.status ~= "ACTIVE" then note(c, "agent is " .. tostring(agent.status) .. "; not changed") end
  else
    local fields = {}
    for k, v in pairs(agentFields) do fields[k] = v end
    if spec.sdkKey ~= false then fields.identityTags = handover.pending(spec.identityTags, c.keyName) end
    agent = s:call{ "conto.agents.create", fields, what = "agent",
      undo = function(result, catalogUndo)
        catalogUndo()
        if c.index.agents and c.index.agents[spec.externalId] and c.index.agents[spec.externalId][1] == result then
          c.index.agents[spec.externalId] = nil
        end
      end }
    c.index.agents[spec.externalId] = { agent }
    add(report.created, "agent " .. agent.id)
  end
  report.agent = agent
  c.agent, c.fresh, c.planned = agent, not found, util.planned(agent)
  c.tags = agent.identityTags ~= json.null and agent.identityTags or {}
end

-- 2 and 3. The wallet (the one linked, else one by name, else a new one) and its link's limits.
local function walletSection(c)
  local s, spec, report, agent = c.s, c.spec, c.report, c.agent
  local wspec = util.without(spec.wallet or {}, "provision")
  wspec.name = wspec.name or (spec.externalId .. " wallet")
  local wallet, link
  if not c.fresh and not c.planned then
    s:step("find wallet", function()
      for _, l in ipairs(conto.agents.listWallets(agent.id).wallets or {}) do
        if l.isActive ~= false and l.wallet and l.wallet.name == wspec.name then wallet, link = l.wallet, l end
      end
      if not wallet then
        for w in each(conto.wallets.list, {}) do
          if w.name == wspec.name then wallet = w break end
        end
      end
    end, false)
  end
  local createdWallet = false
  if wallet then
    add(report.reused, "wallet " .. wallet.id)
  else
    wallet = s:call{ "conto.wallets.create", wspec, what = "wallet" }
    createdWallet = true
    add(report.created, "wallet " .. wallet.id)
  end
  if wallet.provisioned ~= true and (wallet.custodyType or "PRIVY") ~= "EXTERNAL" then
    -- Provisioning has no inverse; for a wallet this run created, deleting the wallet undoes it.
    local undo
    if createdWallet then undo = false end
    local p = s:call{ "conto.wallets.provision", { walletId = wallet.id }, what = "provision wallet " .. wallet.id, undo = undo }
    if type(p) == "table" and p.provisioned ~= nil then wallet = p end
  end
  report.wallet = wallet

  local limits = spec.limits or {}
  if link then
    local changes = compare.linkChanges(link, limits)
    if next(changes) then
      -- The link as read is what the catalog's restore inverse puts back on failure.
      link = s:call{ "conto.agents.updateWalletLink", agent.id, wallet.id, changes, what = "link limits", previous = link }
      add(report.updated, "link limits")
    else
      add(report.reused, "link " .. tostring(link.id))
    end
  else
    local fields = {}
    for k, v in pairs(limits) do fields[k] = v end
    fields.walletId = wallet.id
    link = s:call{ "conto.agents.linkWallet", agent.id, fields, what = "link " .. agent.id .. "→" .. wallet.id }
    add(report.created, "link " .. agent.id .. "→" .. wallet.id)
  end
  report.link = link
end

-- A spec stops using a policy. A policy this run created is removed by its last user: its creator
-- keeps it (and says so) while other specs use it, and the last of those removes it if they fail too.
local function release(c, policy, creator)
  local users = c.index.users[policy.id]
  if not users then return nil end
  users.specs[c.spec.externalId] = nil
  local others = {}
  for externalId in pairs(users.specs) do others[#others + 1] = externalId end
  if #others > 0 then
    table.sort(others)
    return creator and ("policy '" .. policy.name .. "' is also used by " .. table.concat(others, ", ")) or nil
  end
  if users.remove then
    -- Out of the index before the call yields, so no other spec picks it up meanwhile.
    if c.index.policies and c.index.policies[policy.name] == policy then c.index.policies[policy.name] = nil end
    c.index.users[policy.id] = nil
    users.remove()
  end
  return nil
end

local function use(c, policy)
  local users = c.index.users[policy.id] or { specs = {} }
  c.index.users[policy.id] = users
  users.specs[c.spec.externalId] = true
  return users
end

-- A policy of the same name exists: the same rules, or what reusePolicies says.
local function reusePolicy(c, policy, pspec)
  local s, report = c.s, c.report
  -- Used from here on (before any call yields), so no other spec's undo removes it meanwhile.
  s:step("use policy '" .. pspec.name .. "'", function() use(c, policy) end, function() return release(c, policy) end)
  add(report.reused, "policy " .. policy.id)
  local diffs, rulesDiffer = {}, false
  if not util.planned(policy) then diffs, rulesDiffer = compare.policyDifferences(policy, pspec) end
  local what = "policy '" .. pspec.name .. "' exists with other settings: " .. table.concat(diffs, "; ")
  s:check("policy '" .. pspec.name .. "' matches the spec", function()
    if #diffs > 0 and c.spec.reusePolicies == nil then
      return false, what .. ". Set reusePolicies='update' to make it match the spec, or 'keep' to use it as it is"
    end
  end)
  if #diffs > 0 and c.spec.reusePolicies == "keep" then
    note(c, what .. "; kept as it is (reusePolicies='keep')")
  elseif #diffs > 0 and c.spec.reusePolicies == "update" then
    local fields = {}
    for _, k in ipairs(compare.POLICY_FIELDS) do
      if pspec[k] ~= nil and not compare.sameValue(k, policy[k], pspec[k]) then fields[k] = pspec[k] end
    end
    if next(fields) then s:call{ "conto.policies.update", policy.id, fields, what = "policy '" .. pspec.name .. "' settings" } end
    if rulesDiffer then
      -- Replacing rules is destructive in the catalog, but the checks need the new rules: it runs
      -- now, and the catalog's inverse puts the previous rules back if the run fails.
      s:call{ "conto.policies.setRules", policy.id, { rules = pspec.rules }, what = "policy '" .. pspec.name .. "' rules", now = true }
    end
    -- Other specs of this run compare against the policy as it is now (and as it was, if undone).
    if rulesDiffer then fields.rules = pspec.rules end
    local before = {}
    for k in pairs(fields) do before[k] = policy[k] end
    s:step("policy '" .. pspec.name .. "' as updated", function() for k, v in pairs(fields) do policy[k] = v end end,
           function() for k in pairs(fields) do policy[k] = before[k] end end)
    add(report.updated, "policy '" .. pspec.name .. "'")
    note(c, what .. "; updated to match the spec (reusePolicies='update')")
  end
end

-- 4. Policies by name (shared across agents when names repeat), then assignments.
local function policySection(c)
  local s, spec, report, agent = c.s, c.spec, c.report, c.agent
  local assigned = {}
  if not c.fresh and not c.planned then
    s:step("find policy assignments", function()
      for _, a in ipairs(conto.agents.listPolicies(agent.id).policies or {}) do assigned[a.policyId] = true end
    end, false)
  end
  for j, pspec in ipairs(spec.policies or {}) do
    while c.index.creating[pspec.name] do task.sleep(0.01) end   -- another spec is creating it
    local policy = s:step("find policy '" .. pspec.name .. "'", function() return c.index.policy(pspec.name) end, false)
    if policy then
      reusePolicy(c, policy, pspec)
    else
      c.index.creating[pspec.name] = true
      local ok, created = pcall(s.call, s, { "conto.policies.create", pspec, what = "policy '" .. pspec.name .. "'",
        undo = function(result, catalogUndo)
          local users = c.index.users[result.id]
          if users then users.remove = catalogUndo end
          return release(c, result, true)
        end })
      c.index.creating[pspec.name] = nil
      if not ok then error(created, 0) end
      policy = created
      c.index.policies[pspec.name] = policy
      use(c, policy)
      add(report.created, "policy " .. policy.id)
    end
    report.policies[j] = policy
    if not assigned[policy.id] then
      s:call{ "conto.agents.assignPolicy", agent.id, { policyId = policy.id }, what = "assignment " .. policy.id }
      assigned[policy.id] = true
      add(report.created, "assignment " .. policy.id)
    end
  end
end

-- 5. The SDK key: shown once, so an existing one is never silently replaced; a replaced key is
-- revoked in the commit phase, after the checks and the hand-over.
local function keySection(c)
  local s, spec, report, agent, opts = c.s, c.spec, c.report, c.agent, c.opts
  local kspec, name = spec.sdkKey or {}, c.keyName
  local active = {}
  if not c.fresh and not c.planned then
    s:step("find SDK keys", function()
      for _, k in ipairs(conto.agents.listSdkKeys(agent.id).sdkKeys or {}) do
        if k.isActive ~= false and (k.revokedAt == nil or k.revokedAt == json.null) then
          active[#active + 1] = k
          c.activeKeys[k.id] = true
        end
      end
    end, false)
  end
  local handedOver, notHandedOver, foreign = handover.classify(active, c.tags, name)
  local existing = handedOver[#handedOver] or foreign[#foreign] or notHandedOver[#notHandedOver]
  if existing and not opts.rotateKey then
    add(report.reused, "sdk key " .. existing.id)
    for _, k in ipairs(handedOver) do
      note(c, "SDK key '" .. name .. "' exists (" .. k.id .. "); its secret was handed over when it was created. rotateKey=true replaces it")
    end
    for _, k in ipairs(foreign) do
      note(c, "SDK key '" .. name .. "' exists (" .. k.id .. ") without a hand-over record (made outside adminsh.provision, or before it kept one). rotateKey=true replaces it")
    end
    if #notHandedOver > 0 then report.keys_not_handed_over = {} end
    for _, k in ipairs(notHandedOver) do
      add(report.keys_not_handed_over, k.id)
      note(c, "SDK key '" .. name .. "' (" .. k.id .. ") was created by a run that stopped before handing it over: its secret was never given to anyone. rotateKey=true replaces it")
    end
    return
  end

  if not handover.isPending(c.tags, name) then
    local tags = handover.pending(c.tags, name)
    s:call{ "conto.agents.update", agent.id, { identityTags = tags }, what = "mark SDK key '" .. name .. "' pending",
            previous = { identityTags = c.tags } }
    c.tags = tags
  end
  local key = s:call{ "conto.agents.createSdkKey", agent.id,
                      { name = name, expiresInDays = kspec.expiresInDays, keyType = kspec.keyType, scopes = kspec.scopes },
                      what = "sdk key" }
  add(report.created, "sdk key " .. key.id)
  report.sdk_key, report.sdk_key_id = key.key, key.id
  c.newKey = key
  c.replaced = {}
  for _, k in ipairs(active) do if k.name == name then c.replaced[#c.replaced + 1] = k end end
end

-- 6. Checks: read back limits/policies; payment approval within and over the per-tx limit.
local function checks(c)
  local s, spec, report = c.s, c.spec, c.report
  if c.planning or c.planned then
    report.check = { skipped = "plan mode: nothing was created to check" }
    return
  end
  s:check("self-check", function()
    local problems = selfcheck.readBack(report, spec)
    report.check = { readback = #problems == 0 and "ok" or problems }
    if c.opts.selfCheck ~= false then
      for k, v in pairs(selfcheck.payment(report, spec, c.opts)) do report.check[k] = v end
    end
    if #problems > 0 then return false, "self-check failed: " .. table.concat(problems, "; ") end
    if report.check.ok == false then return false, "self-check failed: " .. report.check.problem end
  end)
end

-- 7. Hand-over (onKey), then the commit phase: the hand-over recorded on the agent, replaced keys revoked.
local function handOver(c)
  local s, agent, key = c.s, c.agent, c.newKey
  if not key then return end
  if c.opts.onKey and key.key then
    s:step("hand over SDK key", function() c.opts.onKey(agent, key.key) end, false)
  end
  local tags = handover.handedOver(c.tags, c.keyName, key.id, c.activeKeys)
  s:commitCall{ "conto.agents.update", agent.id, { identityTags = tags }, what = "record SDK key " .. key.id .. " as handed over" }
  for _, old in ipairs(c.replaced) do
    s:commitCall{ "conto.agents.revokeSdkKey", agent.id, old.id, what = "revoke replaced sdk key " .. old.id }
    add(c.report.updated, "replaced sdk key " .. old.id)
  end
end

local AGENT_OPTIONS = { rotateKey = "boolean", selfCheck = "boolean", approve = "function", checkRecipient = "string", index = "table", onKey = "function" }

function M.agent(spec, opts)
  local agentFields = M.validate(spec)
  opts = util.options(opts, AGENT_OPTIONS, "provision.agent")
  local c = {
    spec = spec, opts = opts, index = opts.index or newIndex(), planning = util.planning(),
    keyName = type(spec.sdkKey) == "table" and spec.sdkKey.name or "adminsh", activeKeys = {},
    report = { ok = false, externalId = spec.externalId, created = {}, reused = {}, updated = {}, policies = {}, notes = {} },
  }
  local report = c.report
  local run = saga.run("provision " .. spec.externalId, function(s)
    c.s = s
    agentSection(c, agentFields)
    if spec.wallet ~= false then walletSection(c) end
    policySection(c)
    if spec.sdkKey ~= false then keySection(c) end
    checks(c)
    handOver(c)
  end)

  report.ok = run.ok
  report.planned = run.planned
  report.committed, report.commit_failed = run.committed, run.commit_failed
  if run.ok then return report end
  report.error, report.message = run.error, run.message
  if #run.commit_failed > 0 then
    -- Every step and check passed and the key was handed over: the new key is live and stays in
    -- the report; the message says which commit did not happen.
    return report
  end
  report.failed_step = run.failed_step or "provision"
  report.compensated, report.kept, report.compensation_failed = run.undone, {}, {}
  for _, k in ipairs(run.kept) do add(report.kept, k.what .. ": " .. k.reason) end
  for _, f in ipairs(run.not_undone) do add(report.compensation_failed, f.what .. ": " .. f.reason) end
  report.would_undo = run.would_undo
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
  help.set(M.agent, "provision.agent(spec [, {rotateKey=, selfCheck=, approve=fn, onKey=fn, checkRecipient=}]) -> {ok, agent, wallet, link, policies, sdk_key, created, reused, updated, check, keys_not_handed_over}\n  check = {readback, ok | inconclusive | problem, within, over}\n  on failure: {failed_step, message, compensated, kept, compensation_failed}")
  help.set(M.many, "provision.many(specs, {concurrency=8, stopOnError=false, rotateKey=, onKey=}) -> {results, ok, failed}")
  help.set(M.validate, "provision.validate(spec [, i]) -> agent fields\n  Checks a spec without sending anything; an error names the field (and spec[i] in a list).")
end
return M
