-- adminsh.provision against a fresh sandbox: full path, idempotent re-runs, compensation, bulk.
local provision = require "adminsh.provision"
local util = require "adminsh.util"

-- 50 agents take ~500 admin calls; the sandbox allows 100 admin calls a minute per key (its
-- window follows the test clock). Without a way to raise the limit, bulk runs go in chunks with
-- the clock moved past the window in between.
local roomy = false
if sandbox.settings then sandbox.settings{ adminRequestsPerWindow = 100000 }; roomy = true end
local function freshWindow() if not roomy then sandbox.clock.advance("61s") end end
local function many(specs, opts)
  if roomy then return provision.many(specs, opts) end
  local out = { results = {}, ok = 0, failed = 0 }
  for first = 1, #specs, 8 do
    freshWindow()
    local chunk = table.move(specs, first, math.min(first + 7, #specs), 1, {})
    local s = provision.many(chunk, opts)
    out.ok, out.failed = out.ok + s.ok, out.failed + s.failed
    for i, r in ipairs(s.results) do out.results[first + i - 1] = r end
  end
  freshWindow()
  return out
end

local function spec(n, extra)
  local s = {
    name = "Buyer " .. n, agentType = "CUSTOM", externalId = "buyer-" .. n, description = "test buyer",
    wallet = { name = "buyer-" .. n .. " wallet" },
    -- Every day, all hours: the payment self-check must not depend on when the tests run.
    limits = { spendLimitPerTx = 10 * n, spendLimitDaily = 100 * n,
               allowedDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }, allowedHoursStart = 0, allowedHoursEnd = 24 },
    policies = {
      { name = "cap buyer-" .. n, policyType = "SPEND_LIMIT",
        rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = tostring(20 * n), action = "ALLOW" } } },
      { name = "approval over 80", policyType = "APPROVAL_THRESHOLD", priority = 60,
        rules = { { ruleType = "REQUIRE_APPROVAL_ABOVE", operator = "GT", value = "80", action = "REQUIRE_APPROVAL" } } },
    },
    sdkKey = { name = "payments" },
  }
  for k, v in pairs(extra or {}) do s[k] = v end
  return s
end

local function agentsWith(externalId)
  local out = {}
  for a in each(conto.agents.list, {}) do if a.externalId == externalId then out[#out + 1] = a end end
  return out
end

local function walletsNamed(name)
  local out = {}
  for w in each(conto.wallets.list, {}) do if w.name == name then out[#out + 1] = w end end
  return out
end

local function policiesNamed(name)
  local out = {}
  for _, p in ipairs(conto.policies.list{}.policies) do if p.name == name then out[#out + 1] = p end end
  return out
end

-- Checks an agent on the server against its spec: limits on the link, every policy assigned.
local function checkAgent(s)
  local found = agentsWith(s.externalId)
  expect.eq(#found, 1, s.externalId .. ": exactly one agent")
  local links = conto.agents.listWallets(found[1].id).wallets
  expect.eq(#links, 1, s.externalId .. ": one wallet link")
  expect.eq(links[1].spendLimitPerTx, s.limits.spendLimitPerTx, s.externalId .. ": per-tx limit")
  expect.eq(links[1].spendLimitDaily, s.limits.spendLimitDaily, s.externalId .. ": daily limit")
  expect.eq(links[1].wallet.provisioned, true, s.externalId .. ": wallet provisioned")
  local names = {}
  for _, a in ipairs(conto.agents.listPolicies(found[1].id).policies) do names[a.policy.name] = a.policy end
  for _, p in ipairs(s.policies) do
    expect.truthy(names[p.name], s.externalId .. ": policy " .. p.name .. " assigned")
    expect.eq(names[p.name].rules[1].value, p.rules[1].value, s.externalId .. ": rule value of " .. p.name)
  end
  return found[1]
end

test("provisions an agent from scratch", function()
  local s = spec(1)
  local r = provision.agent(s)
  expect.eq(r.ok, true, r.message)
  expect.truthy(r.agent.id, "agent")
  expect.truthy(r.wallet.id, "wallet")
  expect.eq(#r.policies, 2, "two policies")
  expect.truthy(secret.is(r.sdk_key), "SDK key is a secret value")
  expect.truthy(r.sdk_key:reveal():match("^conto_agent_"), "agent key")
  expect.eq(r.check.readback, "ok", "read back matches the spec")
  -- As the new agent (its SDK key): half the per-tx limit approved, one over it denied.
  expect.eq(r.check.ok, true, r.check.problem or r.check.inconclusive)
  expect.eq(r.check.within.outcome, "APPROVED", "within the limits")
  expect.eq(r.check.over.outcome, "DENIED", "over the per-tx limit")
  expect.eq(r.check.over.violations[1], "PER_TX_LIMIT", "denied by the link's per-tx limit")
  expect.eq(#r.created, 8, "agent, wallet, link, 2 policies, 2 assignments and a key")
  checkAgent(s)
end)

test("a re-run finds the agent and creates nothing", function()
  local r = provision.agent(spec(1))
  expect.eq(r.ok, true, r.message)
  expect.eq(#r.created, 0, "nothing created: " .. table.concat(r.created, ", "))
  expect.eq(r.sdk_key, nil, "existing key not replaced")
  expect.truthy(r.notes[1]:find("SDK key 'payments' exists"), "says why there is no key")
  checkAgent(spec(1))
  expect.eq(#walletsNamed("buyer-1 wallet"), 1, "one wallet")
  expect.eq(#policiesNamed("approval over 80"), 1, "one shared policy")
end)

test("a re-run completes a half-provisioned agent without duplicates", function()
  -- What a run killed after creating the agent and the wallet leaves behind.
  local s = spec(2)
  local agent = conto.agents.create{ name = s.name, agentType = "CUSTOM", externalId = s.externalId }
  local wallet = conto.wallets.create{ name = s.wallet.name }
  local r = provision.agent(s)
  expect.eq(r.ok, true, r.message)
  expect.eq(r.agent.id, agent.id, "same agent")
  expect.eq(r.wallet.id, wallet.id, "same wallet")
  expect.truthy(secret.is(r.sdk_key), "key created")
  checkAgent(s)
  expect.eq(#walletsNamed(s.wallet.name), 1, "no second wallet")
end)

test("an existing link is brought in line with the spec", function()
  local s = spec(2)
  s.limits.spendLimitPerTx = 7
  local r = provision.agent(s)
  expect.eq(r.ok, true, r.message)
  expect.eq(r.updated[1], "link limits", "limits updated")
  checkAgent(s)
end)

test("a failure midway is compensated and leaves nothing behind", function()
  local s = spec(3, { policies = { { name = "only for buyer-3", policyType = "SPEND_LIMIT",
    rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "5", action = "ALLOW" } } } } })
  freshWindow()
  -- Policy creation keeps failing (more times than the client retries).
  sandbox.fault{ path_prefix = "/api/policies", method = "POST", status = 503, count = 20 }
  local r = provision.agent(s)
  sandbox.clearFaults()
  expect.eq(r.ok, false, "failed")
  expect.truthy(r.failed_step:find("policy"), "failed at the policy step: " .. tostring(r.failed_step))
  expect.truthy(r.message:find("buyer%-3"), "message names the agent")
  expect.eq(#r.compensated, 3, "link, wallet and agent undone: " .. table.concat(r.compensated, ", "))
  expect.truthy(r.compensated[1]:find("^link"), "link undone first")
  expect.truthy(r.compensated[3]:find("^agent"), "agent undone last")
  expect.eq(#r.compensation_failed, 0, "compensation complete")
  expect.eq(#agentsWith("buyer-3"), 0, "no active agent left")
  expect.eq(#walletsNamed("buyer-3 wallet"), 0, "no wallet left")
  expect.eq(#policiesNamed("only for buyer-3"), 0, "no policy left")
  -- And the same spec succeeds once the fault is gone.
  local again = provision.agent(s)
  expect.eq(again.ok, true, again.message)
  expect.eq(#agentsWith("buyer-3"), 1, "one agent")
end)

test("compensation never undoes what an earlier run made", function()
  local s = spec(1, { policies = { { name = "late policy", policyType = "SPEND_LIMIT",
    rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "5", action = "ALLOW" } } } } })
  sandbox.fault{ path_prefix = "/api/policies", method = "POST", status = 503, count = 20 }
  local r = provision.agent(s)
  sandbox.clearFaults()
  expect.eq(r.ok, false, "failed")
  expect.eq(#r.compensated, 0, "nothing of this run to undo")
  expect.eq(#agentsWith("buyer-1"), 1, "the earlier agent stays")
  expect.eq(#walletsNamed("buyer-1 wallet"), 1, "the earlier wallet stays")
end)

test("provision.many: 50 agents at concurrency 8 with their own limits and policies", function()
  local specs = {}
  for i = 1, 50 do specs[i] = spec(100 + i) end
  local summary = many(specs, { concurrency = 8 })
  expect.eq(summary.ok, 50, "all ok")
  expect.eq(summary.failed, 0, "none failed")
  for i = 1, 50 do
    local r = summary.results[i]
    expect.eq(r.externalId, "buyer-" .. (100 + i), "result " .. i .. " in order")
    expect.truthy(secret.is(r.sdk_key), "key " .. i)
  end
  for i = 1, 50, 7 do checkAgent(specs[i]) end   -- a sample, read back from the server
  checkAgent(specs[50])
  expect.eq(#policiesNamed("approval over 80"), 1, "the shared policy exists once")
  local links = conto.agents.listWallets(agentsWith("buyer-150")[1].id).wallets
  expect.eq(links[1].spendLimitPerTx, 1500, "limits are per spec")
end)

test("provision.many re-run creates nothing and reports per spec", function()
  local specs = {}
  for i = 1, 10 do specs[i] = spec(100 + i) end
  specs[11] = spec(999, { agentType = "NOT_A_TYPE" })
  local summary = many(specs, { concurrency = 4 })
  expect.eq(summary.ok, 10, "ten ok")
  expect.eq(summary.failed, 1, "one failed")
  for i = 1, 10 do expect.eq(#summary.results[i].created, 0, "nothing created for " .. i) end
  expect.eq(summary.results[11].ok, false, "bad spec failed")
  expect.truthy(summary.results[11].message:find("agentType"), "error names the field: " .. summary.results[11].message)
end)

test("spec errors name the field", function()
  expect.error(function() provision.agent{ name = "x" } end, "externalId is required")
  expect.error(function() provision.agent{ name = "x", externalId = "x", wallett = {} } end, "unknown field 'wallett'")
  expect.error(function() provision.agent{ name = "x", externalId = "x", policies = { { name = "p" } } } end, "policies%[1%]%.policyType")
  expect.error(function() provision.many({ spec(1), spec(1) }) end, "repeats externalId 'buyer%-1'")
end)

test("outside the link's hours the approval check is inconclusive, not a failure", function()
  local hour = math.floor(util.now("conto") % 86400 / 3600)
  local start = (hour + 2) % 24
  local s = spec(60, { limits = { spendLimitPerTx = 10, spendLimitDaily = 100, allowedHoursStart = start, allowedHoursEnd = start + 1,
                                  allowedDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" } } })
  local r = provision.agent(s)
  expect.eq(r.ok, true, r.message)
  expect.eq(r.check.ok, nil, "neither passed nor failed")
  expect.truthy(r.check.inconclusive and r.check.inconclusive:find("TIME_WINDOW"), r.check.inconclusive)
  expect.eq(r.check.over.violations[1], "PER_TX_LIMIT", "the per-tx limit was still proven")
  expect.eq(#agentsWith("buyer-60"), 1, "nothing undone")
end)

test("a self-check that finds the limits not enforced fails and undoes the run", function()
  -- An approve function that approves everything stands for a gateway that ignores the limits.
  local s = spec(61)
  local r = provision.agent(s, { approve = function() return { approved = true } end })
  expect.eq(r.ok, false, "provisioning fails")
  expect.truthy(r.message:find("self%-check failed"), r.message)
  expect.eq(#agentsWith("buyer-61"), 0, "the agent created by this run was removed")
end)

test("conto.sdk calls run as the agent and refuse anything but an agent key", function()
  local s = spec(62)
  local r = provision.agent(s)
  expect.eq(r.ok, true, r.message)
  local policies = conto.sdk.policies.list(r.sdk_key, { walletId = r.wallet.id })
  expect.eq(#policies.policies, 2, "the agent's two policies")
  expect.eq(policies.walletLimits.spendLimitPerTx, 620, "its link's limits")
  local err = expect.error(function() conto.sdk.policies.list({ walletId = r.wallet.id }) end)
  expect.truthy(err.message:find("sdkKey"), err.message)
  expect.eq(err.code, "VALIDATION_FAILED")
end)


-- What the sandbox says about an agent's SDK keys: the active ones named `name`.
local function activeKeys(agentId, name)
  local out = {}
  for _, k in ipairs(conto.agents.listSdkKeys(agentId).sdkKeys) do
    if k.name == name and k.revokedAt == json.null then out[#out + 1] = k end
  end
  return out
end

local function keyWorks(key, walletId)
  return (pcall(conto.sdk.policies.list, key, { walletId = walletId }))
end

-- An approve function that approves everything stands for a gateway that ignores the limits: the
-- self-check then fails.
local function approveAll() return { approved = true } end

test("with rotateKey a failed check keeps the old SDK key working", function()
  local s = spec(70)
  local first = provision.agent(s)
  expect.eq(first.ok, true, first.message)
  local r = provision.agent(s, { rotateKey = true, approve = approveAll })
  expect.eq(r.ok, false, "the check failed")
  expect.truthy(r.message:find("self%-check"), r.message)
  local keys = activeKeys(first.agent.id, "payments")
  expect.eq(#keys, 1, "one active key")
  expect.eq(keys[1].id, first.sdk_key_id, "the old key is still active")
  expect.truthy(keyWorks(first.sdk_key, first.wallet.id), "the old key still authenticates")

  local rotated = provision.agent(s, { rotateKey = true })
  expect.eq(rotated.ok, true, rotated.message)
  expect.truthy(rotated.sdk_key_id ~= first.sdk_key_id, "a new key")
  expect.eq(rotated.committed[#rotated.committed], "revoke replaced sdk key " .. first.sdk_key_id, "old key revoked last")
  expect.eq(#activeKeys(first.agent.id, "payments"), 1, "only the new key is active")
  expect.truthy(keyWorks(rotated.sdk_key, first.wallet.id), "the new key authenticates")
  expect.truthy(not keyWorks(first.sdk_key, first.wallet.id), "the old key no longer does")
end)

test("an update a failed run made is put back to its previous values", function()
  local s = spec(71)
  local first = provision.agent(s)
  expect.eq(first.ok, true, first.message)
  local changed = spec(71)
  changed.limits.spendLimitPerTx, changed.limits.spendLimitWeekly = 5, 3000
  changed.policies[3] = { name = "new for buyer-71", policyType = "SPEND_LIMIT",
    rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "4", action = "ALLOW" } } }
  freshWindow()
  -- The link is updated, then creating the new policy keeps failing.
  sandbox.fault{ path_prefix = "/api/policies", method = "POST", status = 503, count = 20 }
  local done, r = pcall(provision.agent, changed)
  sandbox.clearFaults()
  if not done then error(r, 0) end
  expect.eq(r.ok, false, "the policy step failed")
  expect.truthy(table.concat(r.compensated, ","):find("link limits"), "the link update was undone: " .. table.concat(r.compensated, ", "))
  local link = conto.agents.listWallets(first.agent.id).wallets[1]
  expect.eq(link.spendLimitPerTx, 710, "per-tx limit back")
  expect.eq(link.spendLimitWeekly, json.null, "weekly limit unset again")
end)

test("a re-run with an unchanged spec reports no changes", function()
  local s = spec(72)   -- with allowedDays, hours and two policies
  local first = provision.agent(s)
  expect.eq(first.ok, true, first.message)
  local again = provision.agent(spec(72))
  expect.eq(again.ok, true, again.message)
  expect.eq(#again.created, 0, "nothing created: " .. table.concat(again.created, ", "))
  expect.eq(#again.updated, 0, "nothing updated: " .. table.concat(again.updated, ", "))
  expect.eq(#again.committed, 0, "nothing committed")
end)

test("a same-named policy with other rules fails the spec unless reusePolicies says otherwise", function()
  local owner = provision.agent(spec(73))
  expect.eq(owner.ok, true, owner.message)
  local function borrower(reuse)
    return spec(74, { reusePolicies = reuse, policies = { { name = "cap buyer-73", policyType = "SPEND_LIMIT", priority = 70,
      rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "5", action = "ALLOW" } } } } })
  end
  local r = provision.agent(borrower())
  expect.eq(r.ok, false, "refused")
  expect.truthy(r.message:find("policy 'cap buyer%-73' exists with other settings"), r.message)
  expect.truthy(r.message:find("rules%[1%]%.value is '1460', spec says '5'"), r.message)
  expect.truthy(r.message:find("priority is 50, spec says 70"), r.message)
  expect.truthy(r.message:find("reusePolicies"), "says how to proceed: " .. r.message)
  expect.eq(#agentsWith("buyer-74"), 0, "the spec's agent was undone")

  local kept = provision.agent(borrower("keep"))
  expect.eq(kept.ok, true, kept.message)
  expect.truthy(table.concat(kept.notes, "\n"):find("kept as it is"), "says it kept it")
  expect.eq(policiesNamed("cap buyer-73")[1].rules[1].value, "1460", "rules unchanged")

  local updated = provision.agent(borrower("update"))
  expect.eq(updated.ok, true, updated.message)
  expect.eq(updated.updated[1], "policy 'cap buyer-73'")
  local p = policiesNamed("cap buyer-73")[1]
  expect.eq(p.rules[1].value, "5", "rules made to match")
  expect.eq(p.priority, 70, "priority made to match")
  expect.eq(#policiesNamed("cap buyer-73"), 1, "still one policy")
  expect.error(function() provision.agent(borrower("replace")) end, "reusePolicies must be 'update' or 'keep'")
end)

test("a failed run puts a policy's previous rules back", function()
  local s = spec(74, { reusePolicies = "update", policies = {
    { name = "cap buyer-73", policyType = "SPEND_LIMIT", rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "9", action = "ALLOW" } } },
    { name = "new for buyer-74", policyType = "SPEND_LIMIT", rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "4", action = "ALLOW" } } } } })
  freshWindow()
  -- The rules of the first policy are replaced, then creating the second keeps failing.
  sandbox.fault{ path_prefix = "/api/policies", method = "POST", status = 503, count = 20 }
  local done, r = pcall(provision.agent, s)
  sandbox.clearFaults()
  if not done then error(r, 0) end
  expect.eq(r.ok, false, "the policy step failed")
  expect.truthy(table.concat(r.compensated, ","):find("policy 'cap buyer%-73' rules"), "the rules change was undone: " .. table.concat(r.compensated, ", "))
  expect.eq(policiesNamed("cap buyer-73")[1].rules[1].value, "5", "the rules before this run")
end)

test("provision.many: undoing one spec never deletes a policy another spec reused", function()
  local shared = { name = "shared by two", policyType = "SPEND_LIMIT",
                   rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "50", action = "ALLOW" } } }
  -- share-a gets to the shared policy first (no wallet), share-b reuses it; share-a's hand-over
  -- fails once share-b has finished, so share-a is undone after share-b reused the policy.
  local a = { name = "Share A", externalId = "share-a", wallet = false, policies = { shared }, sdkKey = { name = "a" } }
  local b = spec(75, { externalId = "share-b", policies = { spec(75).policies[1], shared } })
  local bDone = false
  local summary = many({ a, b }, { concurrency = 2, onKey = function(agent)
    if agent.externalId == "share-b" then bDone = true return end
    local deadline = os.time() + 30
    while not bDone and os.time() < deadline do task.sleep(0.01) end
    error("the secret store refused the key")
  end })
  local ra, rb = summary.results[1], summary.results[2]
  expect.eq(ra.ok, false, "share-a failed")
  expect.eq(rb.ok, true, rb.message)
  local policy = policiesNamed("shared by two")[1]
  expect.truthy(policy, "the shared policy still exists")
  expect.truthy(table.concat(ra.created, ","):find(policy.id, 1, true), "share-a created it (the case under test)")
  expect.truthy(table.concat(ra.kept, "\n"):find("also used by share%-b"), "share-a says why it kept it: " .. table.concat(ra.kept, "; "))
  local assigned = {}
  for _, x in ipairs(conto.agents.listPolicies(rb.agent.id).policies) do assigned[x.policyId] = true end
  expect.truthy(assigned[policy.id], "share-b keeps its assignment")
  expect.eq(#agentsWith("share-a"), 0, "share-a's agent was undone")
end)
