-- B1: 10^7 calls of a bridge function from a Lua loop, CPU time by os.clock().
-- Needs ADMINSH_BENCH=1 (installs __bench.swift and __bench.c). Prints "swift_s c_s".
local N = tonumber(os.getenv("BENCH_B1_N") or "") or 10000000
local function loop(f)
  local t0 = os.clock()
  for i = 1, N do f(i) end
  return os.clock() - t0
end
local swift, c = __bench.swift, __bench.c
assert(swift(7) == 7 and c(7) == 7, "bench functions must return their argument")
loop(c) -- warm-up
local bs, bc = {}, {}
for r = 1, 3 do bs[r] = loop(swift); bc[r] = loop(c) end -- interleaved
table.sort(bs); table.sort(bc)
print(string.format("%.4f %.4f", bs[2], bc[2])) -- medians of 3
