-- Runs adminsh as a child process on a sandbox file of its own, for what needs a separate runner:
-- plan mode (`adminsh run --plan` lists mutations and writes nothing) and a runner killed with
-- kill -9 in the middle of bulk provisioning, then re-run.

-- This adminsh binary: ADMINSH_BIN, else the parent of the shell io.popen starts (Linux).
local function adminshBinary()
  local bin = os.getenv("ADMINSH_BIN")
  if bin and bin ~= "" then return bin end
  local p = io.popen("readlink /proc/$PPID/exe 2>/dev/null")
  bin = p and p:read("l")
  if p then p:close() end
  -- A rebuild while tests run replaces the file: the link then reads "... (deleted)".
  return bin and (bin:gsub(" %(deleted%)$", ""))
end

local dir = os.tmpname() .. ".plan"
local bin = adminshBinary()

local function write(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

-- Runs a script on the test's own sandbox file; returns its stdout and success.
local function run(script, plan, db)
  local path = dir .. "/" .. (plan and "plan" or "check") .. ".lua"
  write(path, script)
  local cmd = string.format("ADMINSH_CONTO_RATE_ADMIN=100000 XDG_DATA_HOME=%s XDG_STATE_HOME=%s %q run --quiet %s --db %s/sandbox.sqlite %s 2>&1",
    dir, dir, bin, plan and "--plan" or "", db or dir, path)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  local ok = p:close()
  return out, ok
end

local RECIPE = [[
local provision = require "adminsh.provision"
local rotation = require "adminsh.rotation"
local toolkits = require "adminsh.toolkits"
print("planning", adminsh.planning)
local r = provision.agent{ name = "Planned", externalId = "planned-1", limits = { spendLimitPerTx = 5, spendLimitDaily = 50 },
  policies = { { name = "planned cap", policyType = "SPEND_LIMIT",
    rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "4", action = "ALLOW" } } } } }
print("provision", r.ok, r.message)
local rr = rotation.run{ types = { "api_key", "client_secret", "webhook_secret" } }
print("rotation", #rr.rotated, #rr.failed)
]]

local CHECK = [[
local agents, policies = 0, 0
for a in each(conto.agents.list, {}) do if a.externalId == "planned-1" then agents = agents + 1 end end
for _, p in ipairs(conto.policies.list{}.policies) do if p.name == "planned cap" then policies = policies + 1 end end
local rotations = #contio.getCredentialHistory{ action = "rotated", limit = 100 }.events
local wallets = #all(conto.wallets.list, {})
print(string.format("counts agents=%d policies=%d rotations=%d wallets=%d", agents, policies, rotations, wallets))
]]

test("plan mode lists the mutations and writes nothing", function()
  expect.truthy(bin, "found the adminsh binary (set ADMINSH_BIN otherwise)")
  os.execute("mkdir -p " .. dir)
  local out, ok = run(RECIPE, true)
  expect.truthy(ok, "planned run succeeded:\n" .. out)
  expect.truthy(out:find("planning%s+true"), "adminsh.planning is set")
  expect.truthy(out:find("provision%s+true"), "provisioning completes in plan mode:\n" .. out)
  expect.truthy(out:find("rotation%s+3%s+0"), "three rotations planned, none failed:\n" .. out)
  for _, op in ipairs{ "conto.agents.create", "conto.wallets.create", "conto.agents.linkWallet", "conto.policies.create",
                       "conto.agents.assignPolicy", "conto.agents.createSdkKey", "contio.rotateAPIKey",
                       "contio.rotateClientSecret", "contio.rotateWebhookSecret" } do
    expect.truthy(out:find(op, 1, true), "mutation listed: " .. op)
  end
  expect.truthy(not out:find("secrets/contio", 1, true), "no secret file mentioned")

  local counts = run(CHECK, false)
  expect.truthy(counts:find("counts agents=0 policies=0 rotations=0 wallets=0", 1, true), "nothing was written: " .. counts)
  local p = io.popen("ls " .. dir .. "/adminsh/secrets 2>/dev/null")
  local listing = p:read("a")
  p:close()
  expect.eq(listing, "", "no secret files")
end)

local BULK = [[
local provision = require "adminsh.provision"
local specs = {}
for i = 1, 12 do
  specs[i] = { name = "Bulk " .. i, externalId = "bulk-" .. i, limits = { spendLimitPerTx = i, spendLimitDaily = 10 * i },
    policies = { { name = "bulk cap " .. i, policyType = "SPEND_LIMIT",
      rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = tostring(i), action = "ALLOW" } } } } }
end
local s = provision.many(specs, { concurrency = 4, onKey = function(agent) print("done " .. agent.externalId); io.stdout:flush() end })
print(string.format("bulk ok=%d failed=%d", s.ok, s.failed))
for i, r in ipairs(s.results) do if not r.ok then print("failed", i, r.message) end end
]]

local COUNT = [[
local agents, wallets, policies = {}, {}, {}
for a in each(conto.agents.list, {}) do agents[a.externalId] = (agents[a.externalId] or 0) + 1 end
for w in each(conto.wallets.list, {}) do wallets[w.name] = (wallets[w.name] or 0) + 1 end
for _, p in ipairs(conto.policies.list{}.policies) do policies[p.name] = (policies[p.name] or 0) + 1 end
local dup = 0
for _, t in ipairs{ agents, wallets, policies } do for _, n in pairs(t) do if n > 1 then dup = dup + 1 end end end
local n = 0
for _ in pairs(agents) do n = n + 1 end
print(string.format("agents=%d duplicates=%d", n, dup))
]]

test("a re-run after kill -9 mid-way completes without duplicates", function()
  expect.truthy(bin, "found the adminsh binary")
  local db = dir .. "/bulk"
  os.execute("mkdir -p " .. db)
  write(dir .. "/bulk.lua", BULK)
  -- The child prints its pid first (exec keeps it), then a line per finished agent.
  local child = assert(io.popen(string.format(
    "echo $$; ADMINSH_CONTO_RATE_ADMIN=100000 XDG_DATA_HOME=%s XDG_STATE_HOME=%s exec %q run --quiet --db %s/sandbox.sqlite %s/bulk.lua 2>&1",
    dir, dir, bin, db, dir)))
  local pid = child:read("l")
  local first = child:read("l")
  expect.truthy(first and first:find("^done"), "the child made progress: " .. tostring(first))
  os.execute("kill -9 " .. pid)
  child:close()

  local out = run(BULK, false, db)
  expect.truthy(out:find("bulk ok=12 failed=0", 1, true), "re-run completed every agent:\n" .. out)
  local counts = run(COUNT, false, db)
  expect.truthy(counts:find("agents=12 duplicates=0", 1, true), "no duplicates: " .. counts)
end)

local ONE = [[
local provision = require "adminsh.provision"
local spec = { name = "Kept", externalId = "kept-1", limits = { spendLimitPerTx = 5, spendLimitDaily = 50,
  allowedDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" }, allowedHoursStart = 0, allowedHoursEnd = 24 },
  policies = { { name = "kept cap", policyType = "SPEND_LIMIT",
    rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "4", action = "ALLOW" } } } },
  sdkKey = { name = "payments" } }
local opts = {}
-- "die": the process is killed while the key is being handed over (the secret store never got it).
if MODE == "die" then opts.onKey = function() os.execute("kill -9 $PPID") end end
if MODE == "rotate" then opts.rotateKey = true end
local r = provision.agent(spec, opts)
print("ok", r.ok, r.message)
print("created", #r.created, "updated", #r.updated, table.concat(r.updated, ","))
print("not handed over", r.keys_not_handed_over and #r.keys_not_handed_over or 0)
print("new key", r.sdk_key ~= nil)
for _, n in ipairs(r.notes) do print("note", n) end
]]

local function runOne(mode, plan, db)
  return run("MODE = " .. string.format("%q", mode) .. "\n" .. ONE, plan, db)
end

test("a key a killed run never handed over is reported on the re-run and replaced with rotateKey", function()
  expect.truthy(bin, "found the adminsh binary")
  local db = dir .. "/handover"
  os.execute("mkdir -p " .. db)
  local out, ok = runOne("die", false, db)
  expect.truthy(not ok and not out:find("^ok"), "the run was killed during the hand-over:\n" .. out)

  out = runOne("again", false, db)
  expect.truthy(out:find("ok%s+true"), out)
  expect.truthy(out:find("not handed over%s+1"), "the key is reported as never handed over:\n" .. out)
  expect.truthy(out:find("stopped before handing it over", 1, true), "the note says so:\n" .. out)
  expect.truthy(not out:find("was handed over when it was created", 1, true), "and does not claim otherwise:\n" .. out)
  expect.truthy(out:find("rotateKey=true", 1, true), "says how to replace it")

  out = runOne("rotate", false, db)
  expect.truthy(out:find("ok%s+true"), out)
  expect.truthy(out:find("new key%s+true"), "a new key:\n" .. out)
  expect.truthy(out:find("replaced sdk key key_", 1, true), "the unclaimed key was replaced:\n" .. out)

  out = runOne("again", false, db)
  expect.truthy(out:find("not handed over%s+0"), out)
  expect.truthy(out:find("was handed over when it was created", 1, true), "the new key was handed over:\n" .. out)
end)

test("after a clean run, a planned re-run would change nothing", function()
  expect.truthy(bin, "found the adminsh binary")
  local db = dir .. "/replan"
  os.execute("mkdir -p " .. db)
  local out = runOne("first", false, db)
  expect.truthy(out:find("ok%s+true"), out)
  out = runOne("again", true, db)
  expect.truthy(out:find("plan: no changes would be made", 1, true), "the plan is empty:\n" .. out)
  out = runOne("again", false, db)
  expect.truthy(out:find("created%s+0%s+updated%s+0"), "the re-run reports no changes:\n" .. out)
end)
