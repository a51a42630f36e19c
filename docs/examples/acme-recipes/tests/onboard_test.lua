local onboard = require "acme.onboard"

test("onboards a team with the standard limits", function()
  local s = onboard.team("payments", { "alice", "bob" }, { perTx = 40 })
  expect.eq(s.ok, 2, "both agents")
  for _, r in ipairs(s.results) do
    expect.eq(r.link.spendLimitPerTx, 40, r.externalId .. " per-tx limit")
    expect.truthy(secret.is(r.sdk_key), r.externalId .. " key")
  end
end)

test("running it again changes nothing", function()
  local s = onboard.team("payments", { "alice", "bob" }, { perTx = 40 })
  for _, r in ipairs(s.results) do expect.eq(#r.created, 0, r.externalId .. " nothing new") end
end)
