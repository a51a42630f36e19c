-- adminsh.host.sandbox: the `sandbox` table (test clocks, webhook triggers, balances, fault
-- injection, reset) over the sandbox-only routes. Installed only when adminsh talks to a sandbox;
-- the client adds the sandbox's admin token (the seed record's) to these routes, none of them here.
local call = __adminsh.call
local duration = require "adminsh.duration"

-- A missing resource type reads as an empty list, so `#d.created.agents` is 0 when none was.
local function wrapDiff(d)
  if type(d) ~= "table" then return d end
  local empty = { __index = function() return {} end }
  for _, part in ipairs { "created", "deleted", "changed", "summary" } do
    d[part] = setmetatable(d[part] or {}, empty)
  end
  return d
end

local sandbox = {
  clock = {
    now = function()
      return { contio = call("contio.__sandbox.clock"), conto = call("conto.__sandbox.clock") }
    end,
    advance = function(spec)
      local s, problem = duration.parse(spec)
      if s == nil then error("sandbox.clock.advance: " .. problem, 2) end
      s = math.floor(s)
      return { contio = call("contio.__sandbox.advance", { seconds = s }), conto = call("conto.__sandbox.advance", { seconds = s }) }
    end,
  },
  trigger = function(eventType, data)
    return call("contio.__sandbox.trigger", { event_type = eventType, data = data })
  end,
  setBalance = function(walletId, balance)
    return call("conto.__sandbox.setBalance", walletId, { balance = balance })
  end,
  fault = function(rule)
    if type(rule) ~= "table" or type(rule.path_prefix) ~= "string" then
      error("sandbox.fault{path_prefix = '/api/agents', method = 'POST', status = 503, count = 1}: path_prefix is required", 2)
    end
    return call("contio.__sandbox.fault", rule)
  end,
  clearFaults = function() return call("contio.__sandbox.clearFaults") end,
  snapshot = function(name)
    if type(name) ~= "string" then error("sandbox.snapshot(name): name must be a string", 2) end
    return call("contio.__sandbox.snapshot", { name = name })
  end,
  restore = function(name)
    if type(name) ~= "string" then error("sandbox.restore(name): name must be a string", 2) end
    local answer = call("contio.__sandbox.restore", name)
    -- Keys rotated after the snapshot no longer exist in the restored state: back to the seeded ones.
    contio.useCredentials(nil)
    conto.useCredentials(nil)
    return answer
  end,
  snapshots = function()
    return call("contio.__sandbox.snapshots").items
  end,
  deleteSnapshot = function(name)
    if type(name) ~= "string" then error("sandbox.deleteSnapshot(name): name must be a string", 2) end
    return call("contio.__sandbox.deleteSnapshot", name)
  end,
  diff = function(from, to)
    if type(from) ~= "string" or (to ~= nil and type(to) ~= "string") then
      error("sandbox.diff(snapshotA [, snapshotB]): snapshot names are strings (without B: the live state)", 2)
    end
    return wrapDiff(call("contio.__sandbox.diff", { from = from, to = to }))
  end,
  reset = function(options)
    if options ~= nil and type(options) ~= "table" then
      error("sandbox.reset([{confirm = true}]): expected an options table or nothing", 2)
    end
    options = options or {}
    -- At the prompt, ask first (shell.confirm exists only there); scripts have asked already.
    local shell = package.loaded["adminsh.shell"]
    if not options.confirm and shell and shell.confirm then
      local question = "Reset the sandbox? Every partner app, org, agent, wallet, policy, key, delivery and test-clock\n"
        .. "offset in it is erased; the demo app and org come back with the seeded credentials."
      if not shell.confirm(question) then
        return { reset = false, message = "cancelled: nothing changed" }
      end
    end
    local answer = call("contio.__sandbox.reset")
    -- Keys switched to in this session (rotated ones) no longer exist: back to the seeded ones.
    contio.useCredentials(nil)
    conto.useCredentials(nil)
    return answer
  end,
}
help.set(sandbox, "sandbox: the local emulator behind contio and conto\n  sandbox.clock.now()  sandbox.clock.advance('25h')  sandbox.trigger('meeting.created' [, data])\n  sandbox.setBalance(walletId, amount)  sandbox.fault{path_prefix=, method=, status=, count=}  sandbox.clearFaults()\n  sandbox.snapshot(name)  sandbox.restore(name)  sandbox.snapshots()  sandbox.diff(a [, b])\n  sandbox.reset()  (asks first at the prompt; sandbox.reset{confirm = true} does not)")
help.set(sandbox.snapshot, "sandbox.snapshot(name) -> {name, path, created, bytes}\n  A consistent copy of the whole sandbox state (both platforms, every tenant), kept beside the state file.")
help.set(sandbox.restore, "sandbox.restore(name) -> {name, restored = true, ...}\n  Replaces the whole sandbox state with the snapshot in one step; this session sees it at once.")
help.set(sandbox.snapshots, "sandbox.snapshots() -> {{name, path, created, bytes}, ...}, oldest first")
help.set(sandbox.diff, "sandbox.diff(snapshotA [, snapshotB]) -> {created = {agents = {...}}, deleted = {...}, changed = {...}, summary = {...}}\n  What changed from A to B (to the live state without B), per resource type; #d.created.agents is 0 when none was.\n  changed entries: {id, name, fields = {status = {old = 'ACTIVE', new = 'FROZEN'}}}; secrets are redacted.")
help.set(sandbox.reset, "sandbox.reset([{confirm = true}]) -> {reset = true, state = path, credentials = 'kept', contio = {client_id}, conto = {org_id}}\n  Erases everything in the sandbox (apps, orgs, agents, wallets, keys, deliveries, fault rules, test clocks) and seeds\n  the demo app and org again with the seeded credentials, so this session and `adminsh sandbox credentials` keep working.\n  At the prompt it asks for confirmation first; confirm = true skips the question (scripts never ask).\n  In plan mode it is recorded, not sent.")
help.set(sandbox.clock.advance, "sandbox.clock.advance(duration): move both test clocks forward ('25h', '90m', '2d', '1h30m' or seconds)\n  Grace periods, rollback expiry, rate windows and daily spend limits follow it.")
help.set(sandbox.clock.now, "sandbox.clock.now() -> {contio = {...}, conto = {...}}: the test clocks")
help.set(sandbox.trigger, "sandbox.trigger(eventType [, data]): emit any webhook catalogue event to the app's webhook_url")
sandbox.wrapDiff = wrapDiff
return sandbox
