-- B5 anchor: wrk POSTs conto.agents.create bodies (a unique name each), like b5.lua does.
-- BENCH_KEY = the org key.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local key = os.getenv("BENCH_KEY")
function request()
  counter = counter + 1
  local body = string.format('{"name":"bench-wrk-%d-%d","agentType":"CUSTOM"}', tid or 0, counter)
  return wrk.format("POST", "/api/agents",
    { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json" }, body)
end
