-- The session follows its own rotations: two in a row keep working, use = false keeps the old
-- key and rotation.status() warns about it, a rollback switches back.
local rotation = require "adminsh.rotation"

test("two API-key rotations in a row keep the session authenticated", function()
  contio.rotateAPIKey{ confirmation_token = "first" }
  contio.rotateAPIKey{ confirmation_token = "second" }
  -- The second rotation ended the first grace: only the newest key and the one it replaced work.
  expect.truthy(contio.getApp().id, "getApp after two rotations")
end)

test("a rollback switches back to the restored key", function()
  local r = contio.rotateAPIKey{ confirmation_token = "third" }
  contio.rollbackCredential("api-key", { rollback_token = r.rollback_token })
  -- The key the session had switched to was revoked by the rollback.
  expect.truthy(contio.getApp().id, "getApp after the rollback")
end)

test("use = false keeps the old key and status warns", function()
  sandbox.clock.advance("25h")                -- out of the 3-per-24h window
  local r = contio.rotateAPIKey{ confirmation_token = "fourth", use = false }
  expect.truthy(r.grace_period_ends_at, "a grace period")
  expect.truthy(contio.getApp().id, "the old key works during the grace")
  local warned
  for _, row in ipairs(rotation.status()) do
    if row.type == "api_key" then warned = row.warning end
  end
  expect.truthy(warned and warned:find("this session's API key"), "status warns: " .. tostring(warned))
  contio.useCredentials{ api_key = r.new_credential }
  expect.truthy(contio.getApp().id, "the new key works")
end)
