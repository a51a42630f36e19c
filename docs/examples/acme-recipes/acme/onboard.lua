-- acme.onboard: onboard a team's buying agents with Acme's standard limits and policies.
local provision = require "adminsh.provision"

local M = {}
M.help = "acme.onboard.team(teamName, {'alice', 'bob'}, {perTx=50}) -> provision.many summary"

-- Acme's standard: one approval policy shared by every agent, a cap per agent.
local function spec(team, person, opts)
  return {
    name = team .. " / " .. person, agentType = "CUSTOM", externalId = "acme-" .. team .. "-" .. person,
    limits = { spendLimitPerTx = opts.perTx or 50, spendLimitDaily = (opts.perTx or 50) * 10 },
    policies = {
      { name = "acme approval over 200", policyType = "APPROVAL_THRESHOLD",
        rules = { { ruleType = "REQUIRE_APPROVAL_ABOVE", operator = "GT", value = "200", action = "REQUIRE_APPROVAL" } } },
    },
    sdkKey = { name = "acme-" .. person },
  }
end

function M.team(team, people, opts)
  if type(team) ~= "string" then error("acme.onboard.team: teamName must be a string", 2) end
  opts = opts or {}
  local specs = {}
  for i, person in ipairs(people) do specs[i] = spec(team, person, opts) end
  return provision.many(specs, { concurrency = opts.concurrency or 4 })
end

if help and help.set then help.set(M, M.help) end
return M
