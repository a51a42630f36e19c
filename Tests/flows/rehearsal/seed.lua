-- A few dozen resources of both platforms in a sandbox that then stands in for production
-- (Tests/flows/test_rehearsal.py): run with --db on the stand-in's state before it is served.
local provision = require "adminsh.provision"
local EMPTY = { templates = json.array{}, next_steps = json.array{}, action_buttons = json.array{} }

-- Contio: webhook settings and deliveries, automations, templates with next steps, toolkits
-- with versions, an IdP configuration.
contio.updateApp{webhook_url = "http://127.0.0.1:9/hooks", description = "the stand-in for production"}
contio.setWebhookFilter{type = "include", events = {"meeting.created", "meeting.updated"}}
for _ = 1, 3 do sandbox.trigger("meeting.created") end
local dry = contio.createToolkit{name = "probe", slug = "probe", version = "1.0.0", dry_run = true, manifest = {
  templates = json.array{}, action_buttons = json.array{},
  next_steps = { { spec = { name = "Draft follow-up email", type = "ai" } }, { spec = { name = "Open CRM", type = "redirect" } } } }}
local steps = {}
for _, c in ipairs(dry.conflicts) do steps[#steps + 1] = c.existing_entity_id end
for i = 1, 4 do
  local t = contio.createTemplate{name = "Template " .. i, description = "meeting kind " .. i}
  for j, step in ipairs(steps) do
    if (i + j) % 2 == 0 or i == 1 then contio.addTemplateNextStep(t.id, {next_step_id = step, autopilot = j == 1, sort_order = j}) end
  end
end
for i = 1, 3 do
  contio.createAutomation{name = "Automation " .. i, description = "number " .. i, trigger_type = "action_item_match",
    actions = { { type = "phrase_match", config = { phrases = {"follow up " .. i} } } }}
end
for i = 1, 2 do
  local kit = contio.createToolkit{name = "Kit " .. i, slug = "kit-" .. i, version = "1.0.0", manifest = EMPTY}.toolkit
  local v = contio.createToolkitVersion(kit.id, {version_label = "1.1." .. i, manifest = EMPTY, changelog = "second"}).version
  contio.publishToolkitVersion(kit.id, v.id, {})
end
contio.createIdPConfig{name = "Corporate SSO", discovery_url = "https://sso.example.test/.well-known/openid-configuration",
  idp_client_id = "corp-client", idp_client_secret = "corp-idp-secret", mode = "partner_managed"}

-- Conto: agents with wallets, limits, policies and SDK keys; counterparties; a frozen wallet.
local specs = {}
for n = 1, 6 do
  specs[n] = { name = "Buyer " .. n, agentType = "CUSTOM", externalId = "buyer-" .. n, description = "buyer " .. n,
    wallet = { name = "buyer-" .. n .. " wallet" },
    limits = { spendLimitPerTx = 10 * n, spendLimitDaily = 100 * n, allowedDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" },
               allowedHoursStart = 0, allowedHoursEnd = 24 },
    policies = { { name = "cap buyer-" .. n, policyType = "SPEND_LIMIT",
                   rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = tostring(20 * n), action = "ALLOW" } } } },
    sdkKey = { name = "payments" } }
end
local run = provision.many(specs)
assert(run.failed == 0, "seed provisioning failed")
for i = 1, 4 do
  conto.counterparties.create{name = "Supplier " .. i, address = string.format("0x%040d", i)}
end
local w = conto.wallets.create{name = "treasury", custodyType = "PRIVY", chainId = "42431"}
sandbox.setBalance(w.id, 5000)
conto.agents.create{name = "Idle agent", agentType = "CUSTOM", externalId = "idle"}
print("seeded")
