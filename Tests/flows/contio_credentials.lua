-- Contio credential management as the vendor guide describes it, against a fresh sandbox.
local status = contio.getCredentialStatus()
for _, kind in ipairs{"api_key", "client_secret", "webhook_secret"} do
  assert(status[kind], "status has " .. kind)
  assert(status[kind].status == "active", kind .. " starts active")
  assert(math.type(status[kind].age_days) == "integer", "age_days is an integer")
end

-- Rotate the API key with a 48 h grace period.
local rotation = contio.rotateAPIKey{confirmation_token = "confirm_rotation_1", reason = "monthly", grace_period_hours = 48}
assert(secret.is(rotation.new_credential), "new key is a secret value")
assert(tostring(rotation.new_credential):find("‹secret›"), "prints redacted")
assert(rotation.grace_period_ends_at, "grace period end reported")
assert(contio.getCredentialStatus().api_key.status == "transitioning", "in grace: transitioning")

-- Keep working with the new key (the old one still works too during the grace period).
contio.useCredentials{api_key = rotation.new_credential}
assert(contio.getApp().id or contio.getApp().name, "the new key authenticates")

-- Roll back within the hour: the old key is current again.
contio.useCredentials(nil)
contio.rollbackCredential("api-key", {rollback_token = rotation.rollback_token, reason = "undo test"})
local ok, err = pcall(contio.rollbackCredential, "api-key", {rollback_token = rotation.rollback_token})
assert(not ok and err.status == 400, "a rollback token works once")

-- History with filters.
local history = contio.getCredentialHistory{credential_type = "api_key", limit = 10}
assert(#history.events >= 2, "rotation and rollback recorded")
for _, event in ipairs(history.events) do assert(event.credential_type == "api_key") end
print("contio credentials: ok")
