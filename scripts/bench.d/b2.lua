-- B2: decode throughput of one JSON file, in MB/s (median of 5 batches).
-- adminsh: json.decode (the API-response path); lua5.4: cjson.decode. BENCH_FILE = the page.
local decode
if json and json.decode then decode = json.decode else decode = require("cjson").decode end
local f = assert(io.open(assert(os.getenv("BENCH_FILE")), "rb"))
local bytes = f:read("a"); f:close()
local first = decode(bytes)
assert(type(first.agents) == "table" and #first.agents > 0, "not an agents page")
-- repeat so each batch decodes about 20 MB
local reps = math.max(1, math.floor(20e6 / #bytes))
local rates = {}
for b = 1, 5 do
  collectgarbage("collect")
  local t0 = os.clock()
  for _ = 1, reps do local t = decode(bytes) end
  rates[b] = #bytes * reps / (os.clock() - t0) / 1e6
end
table.sort(rates)
print(string.format("%.2f", rates[3]))
