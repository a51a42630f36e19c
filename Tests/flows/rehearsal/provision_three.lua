-- The recipe rehearsed on a clone, then applied (Tests/flows/test_rehearsal.py): three agents
-- provisioned with wallet, limits, a policy and an SDK key; returns what it created and the
-- self-checks.
local provision = require "adminsh.provision"
local specs = {}
for n = 1, 3 do
  specs[n] = { name = "New buyer " .. n, agentType = "CUSTOM", externalId = "new-buyer-" .. n,
    wallet = { name = "new-buyer-" .. n .. " wallet" },
    limits = { spendLimitPerTx = 5, spendLimitDaily = 50, allowedDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }, allowedHoursStart = 0, allowedHoursEnd = 24 },
    policies = { { name = "cap new-buyer-" .. n, policyType = "SPEND_LIMIT", rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "10", action = "ALLOW" } } } },
    sdkKey = { name = "payments" } }
end
local r = provision.many(specs)
local out = { ok = r.ok, failed = r.failed, created = {}, checks = {}, payments = {} }
for i, x in ipairs(r.results) do
  out.created[i] = x.agent and x.agent.externalId
  out.checks[i] = x.check and x.check.readback
  -- The payment self-check: as the new agent, within its limit approved, over it denied.
  out.payments[i] = x.check and x.check.ok == true
end
return out
