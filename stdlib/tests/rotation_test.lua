-- adminsh.rotation against a fresh sandbox: all three types, verification, rollback, rate limit.
local rotation = require "adminsh.rotation"
local files = require "adminsh.files"

-- Secrets go to a throwaway folder, never the user's data folder.
local dir = os.tmpname() .. ".secrets"
local function saved(t)
  return json.decode(files.read(dir .. "/" .. t .. ".json"))
end

test("nothing is rotated when every credential is healthy", function()
  local report = rotation.run{ dir = dir }
  expect.eq(#report.rotated, 0, "no rotation")
  expect.eq(#report.skipped, 3, "three healthy types skipped")
  expect.truthy(report.skipped[1].reason:find("healthy"), "reason says healthy")
end)

test("rotates all three types, verifies, saves and reports", function()
  local report = rotation.run{ types = { "api_key", "client_secret", "webhook_secret" }, reason = "test", dir = dir, use = true }
  expect.eq(#report.rotated, 3, "three rotated")
  expect.eq(#report.failed, 0, "none failed")
  expect.eq(#report.rolled_back, 0, "none rolled back")
  local byType = {}
  for _, e in ipairs(report.rotated) do byType[e.type] = e end
  expect.eq(byType.api_key.grace_period_hours, 48, "api key grace")
  expect.eq(byType.client_secret.grace_period_hours, 168, "client secret grace")
  expect.eq(byType.webhook_secret.grace_period_hours, 0, "webhook immediate")
  for t, e in pairs(byType) do
    expect.eq(e.verified, true, t .. " verified")
    expect.truthy(secret.is(e.credential), t .. " new credential is a secret value")
    expect.truthy(e.saved_to, t .. " saved")
    expect.eq(saved(t).value, e.credential:reveal(), t .. " file holds the new value")
  end
  expect.truthy(byType.webhook_secret.dual_secret and byType.webhook_secret.dual_secret.ends_at, "dual-secret window reported")
  expect.truthy(saved("webhook_secret").previous == json.null, "no previous value known yet for webhook secret")

  -- use=true: the session goes on with the new key, which really authenticates.
  expect.truthy(contio.getApp().id, "new key works")

  local status = contio.getCredentialStatus()
  expect.eq(status.api_key.status, "transitioning", "api key in grace")
  expect.eq(status.client_secret.status, "transitioning", "client secret in grace")
end)

test("status shows hours left in each grace period", function()
  local rows = rotation.status()
  local byType = {}
  for _, r in ipairs(rows) do byType[r.type] = r end
  expect.near(byType.api_key.hours_left, 48, 0.2)
  expect.near(byType.client_secret.hours_left, 168, 0.2)
  expect.eq(byType.api_key.warning, nil, "no warning with 48 h left")
  expect.eq(byType.api_key.rotations_24h, "1/3", "one rotation counted")
  sandbox.clock.advance("45h")
  for _, r in ipairs(rotation.status()) do byType[r.type] = r end
  expect.truthy(byType.api_key.hours_left < 4, "under 4 h left")
  expect.truthy(byType.api_key.warning and byType.api_key.warning:find("grace period ends"), "warning under 4 h")
  sandbox.clock.advance("4h")   -- past the api key grace, and past the 24 h rate window
end)

test("a forced verification failure rolls back", function()
  local before = saved("api_key").value
  local report = rotation.run{ types = { "api_key" }, dir = dir,
    verify = function(newKey) return false, "forced failure" end }
  expect.eq(#report.rotated, 0, "not reported as rotated")
  expect.eq(#report.rolled_back, 1, "rolled back")
  local entry = report.rolled_back[1]
  expect.truthy(entry.reason:find("forced failure"), "reason carries the verifier's words")
  expect.eq(contio.getCredentialStatus().api_key.status, "active", "old key current again, no grace")
  expect.eq(saved("api_key").value, before, "sink restored the previous value")
  local history = contio.getCredentialHistory{ credential_type = "api_key", action = "rollback", limit = 5 }
  expect.truthy(#history.events >= 1, "rollback in history")
end)

test("a verifier that raises also rolls back", function()
  local report = rotation.run{ types = { "client_secret" }, dir = dir, verify = function() error("boom") end }
  expect.eq(#report.rolled_back, 1, "rolled back")
  expect.truthy(report.rolled_back[1].reason:find("boom"), "reason")
end)

test("the 4th rotation of a type in 24 h is skipped with a clear reason", function()
  -- The api key has 1 rotation in the current window (the rolled-back one); two more fill it.
  local calls = 0
  local function sink(entry) calls = calls + 1; return "memory" end
  for i = 1, 2 do
    local r = rotation.run{ types = { "api_key" }, sink = sink, use = true }
    expect.eq(#r.rotated, 1, "rotation " .. i)
  end
  local audit = rotation.audit{ hours = 24 }
  expect.eq(audit[1].type, "api_key")
  expect.eq(audit[1].rotations, 3, "three in the window")
  expect.eq(audit[1].limit_left_24h, 0, "none left")
  local historyBefore = #contio.getCredentialHistory{ credential_type = "api_key", limit = 100 }.events

  local r = rotation.run{ types = { "api_key" }, sink = sink }
  expect.eq(#r.rotated, 0, "not rotated")
  expect.eq(#r.skipped, 1, "skipped")
  expect.eq(r.skipped[1].rate_limited, true, "marked rate limited")
  expect.truthy(r.skipped[1].reason:find("3 of 3"), "reason names the limit: " .. r.skipped[1].reason)
  expect.truthy(r.skipped[1].next_allowed_at, "says when it is allowed again")
  expect.eq(calls, 2, "sink not called for the skipped one")
  -- Checked before acting: no failed attempt was recorded by the API.
  expect.eq(#contio.getCredentialHistory{ credential_type = "api_key", limit = 100 }.events, historyBefore, "no request sent")
end)

test("webhook secret keeps the previous value for the dual-secret window", function()
  local first = saved("webhook_secret").value
  local r = rotation.run{ types = { "webhook-secret" }, dir = dir, webhookWindowHours = 2 }
  expect.eq(#r.rotated, 1, "rotated")
  local doc = saved("webhook_secret")
  expect.eq(doc.previous, first, "previous kept")
  expect.truthy(doc.value ~= first, "new value")
  expect.truthy(r.rotated[1].dual_secret.ends_at, "window end")
end)

test("options are checked", function()
  expect.error(function() rotation.run{ types = { "password" } } end, "unknown credential type 'password'")
  expect.error(function() rotation.run{ typse = {} } end, "unknown option 'typse'")
  expect.error(function() rotation.run{ grace = { webhook_secret = 1 } } end, "webhook secrets rotate immediately")
end)
