-- adminsh.audit against a fresh sandbox: credential and agent inventories, findings, JSON.
local audit = require "adminsh.audit"
local provision = require "adminsh.provision"

test("credentials: one row per type with age and rotations", function()
  local rows = audit.credentials()
  expect.eq(#rows, 3, "three types")
  expect.eq(rows[1].type, "api_key")
  expect.eq(rows[1].age_days, 0, "fresh")
  expect.eq(rows[1].rotations_24h, "0/3", "no rotations")
end)

test("agents: wallets, limits, policies and keys near expiry", function()
  local r = provision.agent{ name = "Audited", externalId = "audited-1",
    limits = { spendLimitPerTx = 25, spendLimitDaily = 250 },
    policies = { { name = "audit cap", policyType = "SPEND_LIMIT",
      rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "20", action = "ALLOW" } } } },
    sdkKey = { name = "short", expiresInDays = 10 } }
  expect.eq(r.ok, true, r.message)
  conto.agents.create{ name = "Bare", agentType = "CUSTOM" }
  local rows = audit.agents{ expiringDays = 30 }
  local byName = {}
  for _, row in ipairs(rows) do byName[row.name] = row end
  local a = byName.Audited
  expect.eq(a.wallets, 1, "one wallet")
  expect.eq(a.per_tx, 25, "per-tx limit")
  expect.eq(a.daily, 250, "daily limit")
  expect.eq(a.policies, "audit cap", "policy names")
  expect.eq(a.sdk_keys, 1, "one key")
  expect.truthy(a.key_expires_in_days <= 10, "expiry in days")
  expect.truthy(a.warning and a.warning:find("expires in"), "warning for a key near expiry")
  expect.eq(byName.Bare.wallets, 0, "bare agent has no wallet")
end)

test("report: findings, and JSON output", function()
  local report = audit.report{}
  expect.truthy(report.credentials and report.agents and report.rotations, "all sections")
  local text = table.concat(report.findings, "\n")
  expect.truthy(text:find("Bare.-without a linked wallet"), "finding for the bare agent")
  expect.truthy(text:find("SDK key expires"), "finding for the key")
  local encoded = audit.report{ format = "json" }
  expect.eq(type(encoded), "string", "json text")
  expect.eq(#json.decode(encoded).agents, 2, "agents in json")
  expect.error(function() audit.report{ format = "xml" } end, "format must be 'table' or 'json'")
end)
