-- B5: parallel.map creating BENCH_N agents at concurrency 16 through conto.agents.create
-- against the in-process sandbox. Prints "requests_per_second ok failed".
local N = tonumber(os.getenv("BENCH_N") or "") or 1000
local function now()  -- wall clock (os.clock is CPU time)
  local p = io.popen("date +%s.%N"); local t = tonumber(p:read("l")); p:close(); return t
end
local parallel = require "adminsh.parallel"
conto.agents.list{limit = 1} -- the sandbox starts on the first call: not timed
local names = {}
for i = 1, N do names[i] = string.format("bench-adminsh-%d", i) end
local t0 = now()
local summary = parallel.map(names, function(name)
  return conto.agents.create{ name = name, agentType = "CUSTOM" }
end, { concurrency = 16, progress = false })
local dt = now() - t0
print(string.format("%.1f %d %d", N / dt, summary.ok, summary.failed))
