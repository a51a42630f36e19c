-- The Conto provisioning path, against a fresh sandbox.
local policy = conto.policies.create{
  name = "Vendor payments", policyType = "COMPOSITE", priority = 60,
  rules = { { ruleType = "REQUIRE_APPROVAL_ABOVE", operator = "GT", value = "80", action = "REQUIRE_APPROVAL" } },
}
local agent = conto.agents.create{name = "Buyer", agentType = "CUSTOM", description = "buys things"}
conto.agents.assignPolicy(agent.id, {policyId = policy.id})
local assigned = conto.agents.listPolicies(agent.id)
assert(json.encode(assigned):find(policy.id, 1, true), "policy assigned")

local wallet = conto.wallets.create{name = "Ops wallet"}
conto.wallets.provision{walletId = wallet.id}
local link = conto.agents.linkWallet(agent.id, {walletId = wallet.id, delegationType = "LIMITED",
  spendLimitPerTx = 100, spendLimitDaily = 1000})
assert(link, "wallet linked")

-- A wrong type is refused before any request, naming the field.
local ok, err = pcall(conto.agents.linkWallet, agent.id, {walletId = wallet.id, spendLimitDaily = "500"})
assert(not ok and err.code == "VALIDATION_FAILED" and err.status == nil, "client-side refusal")
assert(err.message:find("spendLimitDaily", 1, true), "names the field")

conto.agents.freeze(agent.id)
assert(conto.agents.get(agent.id).status == "SUSPENDED", "frozen agents are SUSPENDED")
conto.agents.unfreeze(agent.id)
assert(conto.agents.get(agent.id).status == "ACTIVE", "active again")

local key = conto.agents.createSdkKey(agent.id, {name = "payments"})
assert(secret.is(key.key), "the SDK key is a secret value")
assert(key.key:reveal():match("^conto_agent_%x+$"), "conto_agent_ + hex")
conto.agents.revokeSdkKey(agent.id, key.id)
print("conto provisioning: ok")
