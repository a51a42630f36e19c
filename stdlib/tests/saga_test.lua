-- adminsh.inverse and adminsh.saga against the real catalog and a fresh sandbox: inverses built
-- from the catalog's data, compensation in reverse order, updates put back, the commit phase.
local inverse = require "adminsh.inverse"
local saga = require "adminsh.saga"

if sandbox.settings then sandbox.settings{ adminRequestsPerWindow = 100000 } end

local function agentsNamed(name)
  local out = {}
  for a in each(conto.agents.list, {}) do if a.name == name then out[#out + 1] = a end end
  return out
end

local function walletsNamed(name)
  local out = {}
  for w in each(conto.wallets.list, {}) do if w.name == name then out[#out + 1] = w end end
  return out
end

test("the catalog carries inverses as data", function()
  local e = adminsh.operations["conto.agents.linkWallet"]
  expect.truthy(e and e.inverse, "linkWallet has an inverse")
  expect.eq(e.inverse.operation, "conto.agents.unlinkWallet")
  expect.truthy(adminsh.operations["conto.agents.delete"].inverse.none, "delete says why there is no inverse")
  expect.eq(adminsh.operations["conto.agents.revokeSdkKey"].destructive, true, "revoking is destructive")
  expect.eq(adminsh.operations["conto.agents.get"].inverse, nil, "reads have no inverse")
end)

test("setRules is undone with the previous rules as input, without their ids and timestamps", function()
  local previous = { rules = { { id = "rule_1", policyId = "pol_1", ruleType = "MAX_AMOUNT", operator = "LTE", value = "500",
                                 action = "ALLOW", createdAt = "2026-11-01T00:00:00Z" } } }
  local call = inverse.of("conto.policies.setRules", { "pol_1" }, { rules = {} }, {}, previous)
  expect.eq(call.operation, "conto.policies.setRules")
  expect.eq(call.args[1], "pol_1")
  local rule = call.fields.rules[1]
  expect.eq(rule.ruleType, "MAX_AMOUNT")
  expect.eq(rule.value, "500")
  expect.eq(rule.id, nil, "no id sent back")
  expect.eq(rule.createdAt, nil, "no timestamp sent back")
  expect.eq(#call.fields.rules, 1)
end)

test("inverse.of builds the undo call from the call, its options and its result", function()
  local call = inverse.of("conto.agents.linkWallet", { "agt_1" }, { walletId = "wal_2", spendLimitPerTx = 5 }, { id = "link_3" })
  expect.eq(call.operation, "conto.agents.unlinkWallet")
  expect.eq(call.args[1], "agt_1", "agent from argument 1")
  expect.eq(call.args[2], "wal_2", "wallet from the options")

  call = inverse.of("conto.agents.createSdkKey", { "agt_1" }, { name = "k" }, { id = "key_9" })
  expect.eq(call.operation, "conto.agents.revokeSdkKey")
  expect.eq(call.args[2], "key_9", "key id from the result")

  call = inverse.of("contio.rotateAPIKey", {}, { reason = "x" }, { rollback_token = "rb_1" })
  expect.eq(call.operation, "contio.rollbackCredential")
  expect.eq(call.fields.rollback_token, "rb_1", "rollback token from the result")

  -- An update: the same update with the previous value of every field it set.
  call = inverse.of("conto.agents.updateWalletLink", { "agt_1", "wal_2" }, { spendLimitPerTx = 5, spendLimitWeekly = 70 },
                    {}, { spendLimitPerTx = 10, spendLimitDaily = 100 })
  expect.eq(call.operation, "conto.agents.updateWalletLink")
  expect.eq(call.args[2], "wal_2")
  expect.eq(call.fields.spendLimitPerTx, 10, "previous value")
  expect.eq(call.fields.spendLimitWeekly, json.null, "a field that was unset is cleared")
  expect.eq(call.fields.spendLimitDaily, nil, "fields the update did not set stay out")

  local none, why = inverse.of("conto.agents.delete", { "agt_1" }, nil, {})
  expect.eq(none, nil)
  expect.truthy(why:find("REVOKED"), why)
  none, why = inverse.of("conto.agents.updateWalletLink", { "agt_1", "wal_2" }, { spendLimitPerTx = 5 }, {})
  expect.eq(none, nil, "an update without the previous values")
  expect.truthy(why:find("inverse.read"), why)
  none, why = inverse.of("conto.agents.linkWallet", { "agt_1" }, {}, {})
  expect.truthy(why:find("walletId"), "names the missing value: " .. tostring(why))
end)

test("inverse.read finds the previous values the catalog names", function()
  local agent = conto.agents.create{ name = "read me", agentType = "CUSTOM" }
  local wallet = conto.wallets.create{ name = "read me wallet" }
  conto.agents.linkWallet(agent.id, { walletId = wallet.id, spendLimitPerTx = 12 })
  local previous = inverse.read("conto.agents.updateWalletLink", { agent.id, wallet.id }, { spendLimitPerTx = 1 })
  expect.eq(previous.walletId, wallet.id, "the link of that wallet")
  expect.eq(previous.spendLimitPerTx, 12)
  local none, why = inverse.read("conto.agents.updateWalletLink", { agent.id, "wal_missing" }, {})
  expect.eq(none, nil)
  expect.truthy(why:find("wal_missing"), why)
end)

test("a failed run undoes its steps newest first with the catalog's inverses", function()
  local r = saga.run("onboard", function(s)
    local agent = s:call("conto.agents.create", { name = "saga agent", agentType = "CUSTOM" })
    local wallet = s:call{ "conto.wallets.create", { name = "saga wallet" }, what = "wallet" }
    s:call("conto.agents.linkWallet", agent.id, { walletId = wallet.id })
    s:check("limits", function() return false, "per-tx limit is not enforced" end)
  end)
  expect.eq(r.ok, false)
  expect.eq(r.failed_step, "limits")
  expect.truthy(r.message:find("onboard failed at limits: per%-tx limit is not enforced"), r.message)
  expect.eq(#r.undone, 3, table.concat(r.undone, ", "))
  expect.truthy(r.undone[1]:find("^conto.agents.linkWallet"), "link first: " .. r.undone[1])
  expect.eq(r.undone[2], "wallet")
  expect.truthy(r.undone[3]:find("^conto.agents.create agt_"), "agent last: " .. r.undone[3])
  expect.eq(#r.not_undone, 0)
  expect.eq(#agentsNamed("saga agent"), 0, "agent gone")
  expect.eq(#walletsNamed("saga wallet"), 0, "wallet gone")
end)

test("an update is put back to the values it had", function()
  local agent = conto.agents.create{ name = "restore me", agentType = "CUSTOM", description = "before" }
  local r = saga.run(function(s)
    s:call("conto.agents.update", agent.id, { description = "after", riskTier = "HIGH" })
    error("later step failed")
  end)
  expect.eq(r.ok, false)
  expect.eq(#r.undone, 1, "the update was undone")
  local now = conto.agents.get(agent.id)
  expect.eq(now.description, "before", "description back")
  expect.eq(now.riskTier, json.null, "a field that was unset is unset again")
end)

test("own compensations, nothing to undo, kept steps and steps without an inverse", function()
  local calls = {}
  local wallet = conto.wallets.create{ name = "unprovisioned" }
  local r = saga.run(function(s)
    s:step("remember", function() return "a", "b" end, function(x, y) calls[#calls + 1] = x .. y end)
    s:step("look", function() end, false)
    s:step("shared thing", function() end, function() return "still used by another spec" end)
    s:call("conto.wallets.provision", { walletId = wallet.id })
    s:fail("stop")
  end)
  expect.eq(r.ok, false)
  expect.eq(r.undone[1], "remember", "own compensation ran")
  expect.eq(calls[1], "ab", "with the step's results")
  expect.eq(r.kept[1].what, "shared thing")
  expect.eq(r.kept[1].reason, "still used by another spec")
  expect.eq(#r.not_undone, 1, "provisioning has no inverse")
  expect.truthy(r.not_undone[1].reason:find("custody provider"), r.not_undone[1].reason)
  expect.eq(#r.done, 4, "every completed step is listed")
end)

test("the commit phase runs only after every step and check passed", function()
  local agent = conto.agents.create{ name = "keys", agentType = "CUSTOM" }
  local old = conto.agents.createSdkKey(agent.id, { name = "old" })
  local function active()
    local ids = {}
    for _, k in ipairs(conto.agents.listSdkKeys(agent.id).sdkKeys) do
      if k.revokedAt == json.null then ids[#ids + 1] = k.name end
    end
    table.sort(ids)
    return table.concat(ids, ",")
  end

  local failed = saga.run(function(s)
    s:call("conto.agents.createSdkKey", agent.id, { name = "new" })
    s:commitCall("conto.agents.revokeSdkKey", agent.id, old.id)
    s:check("new key works", function() return false, "it does not" end)
  end)
  expect.eq(failed.ok, false)
  expect.eq(#failed.committed, 0, "no commit after a failed check")
  expect.eq(active(), "old", "the new key was revoked, the old one kept")

  local passed = saga.run(function(s)
    s:call("conto.agents.createSdkKey", agent.id, { name = "new" })
    s:commitCall{ "conto.agents.revokeSdkKey", agent.id, old.id, what = "revoke the old key" }
    s:check("new key works", function() return true end)
    return "value"
  end)
  expect.eq(passed.ok, true, passed.message)
  expect.eq(passed.value, "value", "the body's result")
  expect.eq(passed.committed[1], "revoke the old key")
  expect.eq(active(), "new", "the old key was revoked at the end")

  local broken = saga.run(function(s)
    s:commit("first", function() error("commit refused") end)
    s:commit("second", function() end)
  end)
  expect.eq(broken.ok, false, "a failed commit fails the run")
  expect.eq(broken.commit_failed[1].what, "first")
  expect.eq(broken.committed[1], "second", "the other commits still run")
  expect.truthy(broken.message:find("commit refused"), broken.message)
end)

test("a destructive call is refused as a step", function()
  local r = saga.run(function(s) s:call("conto.agents.delete", "agt_x") end)
  expect.eq(r.ok, false)
  expect.truthy(r.message:find("destructive"), r.message)
  expect.truthy(r.message:find("commitCall"), "says what to do instead: " .. r.message)
end)

test("bad uses name the problem", function()
  local r = saga.run(function(s) s:step("x", function() end) end)
  expect.truthy(r.message:find("undo must be a function, or false"), r.message)
  r = saga.run(function(s) s:call("conto.agents.nope", {}) end)
  expect.truthy(r.message:find("no catalog operation named 'conto.agents.nope'"), r.message)
  r = saga.run(function(s) s:call{ "conto.agents.create", {}, wat = "typo" } end)
  expect.truthy(r.message:find("unknown option 'wat'"), r.message)
  r = saga.run(function(s) s:call{ "conto.agents.create", {}, undo = true } end)
  expect.truthy(r.message:find("undo must be a function, or false"), r.message)
  expect.error(function() saga.run(42) end, "expected a function")
end)

test("in plan mode compensations are listed, not run", function()
  local was = adminsh.planning
  adminsh.planning = true
  local ran = false
  local r = saga.run(function(s)
    s:step("planned thing", function() end, function() ran = true end)
    error("stop")
  end)
  adminsh.planning = was
  expect.eq(r.ok, false)
  expect.eq(ran, false, "the compensation did not run")
  expect.eq(r.would_undo[1], "planned thing")
end)
