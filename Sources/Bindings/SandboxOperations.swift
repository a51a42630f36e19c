import AdminSurface

/// Sandbox-only routes (outside the vendor APIs) behind the `sandbox` Lua table: test clocks and
/// event triggers. Installed only when adminsh talks to a sandbox.
enum SandboxOperations {
    static let all: [AdminOperation] = [
        AdminOperation(platform: .contio, luaName: "__sandbox.clock", group: "sandbox", method: .get,
                  path: "/__sandbox/contio/clock", summary: "The partner app's test clock"),
        AdminOperation(platform: .contio, luaName: "__sandbox.advance", group: "sandbox", method: .post,
                  path: "/__sandbox/contio/clock/advance", parameters: [Parameter("seconds", .integer, required: true)],
                  summary: "Advance the partner app's test clock"),
        AdminOperation(platform: .contio, luaName: "__sandbox.trigger", group: "sandbox", method: .post,
                  path: "/__sandbox/contio/trigger",
                  parameters: [Parameter("event_type", .string, required: true), Parameter("data", .object)],
                  summary: "Emit a webhook event"),
        AdminOperation(platform: .conto, luaName: "__sandbox.clock", group: "sandbox", method: .get,
                  path: "/__sandbox/conto/clock", scope: "sandbox", summary: "The org's test clock"),
        AdminOperation(platform: .conto, luaName: "__sandbox.advance", group: "sandbox", method: .post,
                  path: "/__sandbox/conto/clock/advance", parameters: [Parameter("seconds", .integer, required: true)],
                  scope: "sandbox", summary: "Advance the org's test clock"),
        AdminOperation(platform: .contio, luaName: "__sandbox.fault", group: "sandbox", method: .post,
                       path: "/__sandbox/faults",
                       parameters: [Parameter("path_prefix", .string, required: true), Parameter("method", .string),
                                    Parameter("status", .integer), Parameter("count", .integer), Parameter("retry_after", .integer),
                                    Parameter("when", .enumeration(["before", "after"])), Parameter("code", .string),
                                    Parameter("message", .string)],
                       summary: "Make the next matching requests fail"),
        AdminOperation(platform: .contio, luaName: "__sandbox.clearFaults", group: "sandbox", method: .delete,
                       path: "/__sandbox/faults", summary: "Clear fault injection rules"),
        AdminOperation(platform: .contio, luaName: "__sandbox.reset", group: "sandbox", method: .post,
                       path: "/__sandbox/reset", summary: "Erase every tenant and seed the demo app and org again"),
        AdminOperation(platform: .conto, luaName: "__sandbox.setBalance", group: "sandbox", method: .put,
                  path: "/__sandbox/conto/wallets/{walletId}/balance", parameters: [Parameter("balance", .number, required: true)],
                  scope: "sandbox", summary: "Set a wallet's sandbox balance"),
    ]

    static let source = #"""
    local call = __adminsh.call
    local units = { s = 1, m = 60, h = 3600, d = 86400, w = 604800 }
    local function seconds(spec)
      if math.type(spec) then return math.floor(spec) end
      if type(spec) ~= "string" then error("sandbox.clock.advance: expected a duration like '25h', '90m', '2d' or seconds", 3) end
      local total = 0
      for n, u in spec:gmatch("(%d+%.?%d*)%s*(%a)") do
        if not units[u] then error("sandbox.clock.advance: unknown unit '" .. u .. "' (use s, m, h, d, w)", 3) end
        total = total + tonumber(n) * units[u]
      end
      if total == 0 and not spec:match("^%s*0") then error("sandbox.clock.advance: cannot read duration '" .. spec .. "'", 3) end
      return math.floor(total)
    end
    sandbox = {
      clock = {
        now = function()
          return { contio = call("contio.__sandbox.clock"), conto = call("conto.__sandbox.clock") }
        end,
        advance = function(spec)
          local s = seconds(spec)
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
    """#
}
