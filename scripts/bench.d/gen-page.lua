-- Writes an agents page of BENCH_N records to stdout, each shaped like the sandbox agent in
-- BENCH_SAMPLE (a real `GET /api/agents` answer), with its own ids, names, keys and times.
-- Runs in adminsh (json.encode keeps nulls and the API's types).
local f = assert(io.open(assert(os.getenv("BENCH_SAMPLE")), "rb"))
local sample = json.decode(f:read("a")).agents[1]
f:close()
local N = assert(tonumber(os.getenv("BENCH_N")))
math.randomseed(42)
local function hex(n)
  local t = {}
  for i = 1, n do t[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(t)
end
local contexts = { "shopping.checkout", "travel.booking", "saas.subscriptions", "ads.spend", "cloud.compute" }
local tags = { "team:growth", "team:ops", "cost-center:4411", "pilot", "eu", "us", "tier:gold" }
local agents = {}
for i = 1, N do
  local a = {}
  for k, v in pairs(sample) do a[k] = v end
  a.id = "agt_" .. hex(24)
  a.name = string.format("%s %05d", sample.name, i)
  a.description = string.format("%s (fleet member %d of %d)", sample.description, i, N)
  a.publicKey = "0x" .. hex(40)
  a.externalId = "asst_" .. hex(16)
  a.status = (i % 17 == 0) and "SUSPENDED" or "ACTIVE"
  a.riskTier = ({ "LOW", "MEDIUM", "HIGH" })[i % 3 + 1]
  a.allowedContexts = { contexts[i % #contexts + 1], contexts[(i * 3) % #contexts + 1] }
  a.identityTags = { tags[i % #tags + 1], tags[(i * 5) % #tags + 1], "batch:" .. (i // 100) }
  a.autoFreezeEnabled = (i % 4 == 0)
  local day, sec = 1 + i % 28, i % 86400
  a.createdAt = string.format("2025-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + i % 12, day, sec // 3600, sec // 60 % 60, sec % 60, i % 1000)
  a.updatedAt = a.createdAt
  agents[i] = a
end
io.write(json.encode{ agents = agents, total = N, limit = N, offset = 0 })
