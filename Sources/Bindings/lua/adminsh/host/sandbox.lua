-- adminsh.host.sandbox: the `sandbox` table (test clocks, webhook triggers, balances, fault
-- injection, reset) over the sandbox-only routes. Installed only when adminsh talks to a sandbox;
-- the client adds the sandbox's admin token (the seed record's) to these routes, none of them here.
local call = __adminsh.call
local duration = require "adminsh.duration"

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
help.set(sandbox, "sandbox: the local emulator behind contio and conto\n  sandbox.clock.now()  sandbox.clock.advance('25h')  sandbox.trigger('meeting.created' [, data])\n  sandbox.setBalance(walletId, amount)  sandbox.fault{path_prefix=, method=, status=, count=}  sandbox.clearFaults()\n  sandbox.reset()  (asks first at the prompt; sandbox.reset{confirm = true} does not)")
help.set(sandbox.reset, "sandbox.reset([{confirm = true}]) -> {reset = true, state = path, credentials = 'kept', contio = {client_id}, conto = {org_id}}\n  Erases everything in the sandbox (apps, orgs, agents, wallets, keys, deliveries, fault rules, test clocks) and seeds\n  the demo app and org again with the seeded credentials, so this session and `adminsh sandbox credentials` keep working.\n  At the prompt it asks for confirmation first; confirm = true skips the question (scripts never ask).\n  In plan mode it is recorded, not sent.")
help.set(sandbox.clock.advance, "sandbox.clock.advance(duration): move both test clocks forward ('25h', '90m', '2d', '1h30m' or seconds)\n  Grace periods, rollback expiry, rate windows and daily spend limits follow it.")
help.set(sandbox.clock.now, "sandbox.clock.now() -> {contio = {...}, conto = {...}}: the test clocks")
help.set(sandbox.trigger, "sandbox.trigger(eventType [, data]): emit any webhook catalogue event to the app's webhook_url")
return sandbox
