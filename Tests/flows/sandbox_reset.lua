-- sandbox.reset() from a script: no question asked, everything erased, the seeded credentials
-- (and only they) work afterwards, also after the session switched to a rotated key.
local agent = conto.agents.create{name = "before reset", agentType = "CUSTOM"}
assert(agent.id, "agent created")
contio.createAutomation{name = "before reset", trigger_type = "meeting_ended",
  actions = {{type = "phrase_match", config = {phrases = {"create contact"}}}}}
local rotation = contio.rotateAPIKey{confirmation_token = "confirm_rotation_1", reason = "before reset", grace_period_hours = 0,
  use = false}   -- a switch by hand: the seed record keeps the seeded key
contio.useCredentials{api_key = rotation.new_credential}
sandbox.clock.advance("3d")

local answer = sandbox.reset()
assert(answer.reset == true and answer.credentials == "kept", "reset answered")
assert(answer.conto.org_id and answer.contio.client_id, "ids of the demo tenants")

-- Back on the seeded credentials: the rotated key is gone with everything else.
assert(#conto.agents.list{}.agents == 0, "agents erased")
assert(#all(contio.getAutomations, {}) == 0, "automations erased")
local status = contio.getCredentialStatus()
assert(status.api_key.status == "active" and status.api_key.age_days == 0, "a fresh API key record")
assert(#contio.getCredentialHistory{}.events == 0, "history erased")
assert(sandbox.clock.now().conto.offsetSeconds == 0, "test clock back to real time")
local ok, err = pcall(contio.useCredentials, {api_key = rotation.new_credential})
assert(ok, "switching is local")
ok, err = pcall(contio.getApp)
assert(not ok and err.status == 401, "the rotated key no longer exists")
contio.useCredentials(nil)

-- Bad options are a Lua error, before any request.
ok, err = pcall(sandbox.reset, "yes")
assert(not ok and tostring(err):find("expected an options table"), "bad options refused")
print("sandbox reset: ok")
