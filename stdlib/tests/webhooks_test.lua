-- adminsh.webhooks against a fresh sandbox: deliveries abandoned against a dead URL are
-- recovered once a receiver is back.
local webhooks = require "adminsh.webhooks"

-- Nothing listens on the discard port: every attempt is refused at once.
local DEAD = "http://127.0.0.1:9/hook"

-- Waits (real time) until f() is true; the sandbox's delivery engine polls every 100 ms.
local function eventually(f, what, seconds)
  local deadline = os.time() + (seconds or 10)
  while os.time() <= deadline do
    if f() then return end
    task.sleep(0.1)
  end
  error("timed out waiting for " .. what)
end

-- A live receiver: a tiny HTTP server answering 200 to every POST, when python3 is around.
local receiver
local function startReceiver()
  local portFile = os.tmpname()
  local code = [[
import http.server, sys, os
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length') or 0))
        self.send_response(200); self.end_headers(); self.wfile.write(b'ok')
    def log_message(self, *a): pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
open(sys.argv[1], 'w').write('%d %d' % (s.server_address[1], os.getpid()))
s.timeout = 60
s.serve_forever()
]]
  local script = os.tmpname()
  local f = io.open(script, "w") f:write(code) f:close()
  if not os.execute("python3 " .. script .. " " .. portFile .. " >/dev/null 2>&1 &") then return nil end
  local port, pid
  for _ = 1, 50 do
    local pf = io.open(portFile, "r")
    if pf then port, pid = pf:read("n", "n") pf:close() end
    if port and pid then break end
    task.sleep(0.1)
  end
  if not (pid and port) then return nil end
  receiver = { pid = math.tointeger(pid), url = "http://127.0.0.1:" .. math.tointeger(port) .. "/hook" }
  return receiver
end

local ids = {}

test("deliveries to a dead receiver are abandoned after the retry schedule", function()
  contio.updateApp{ webhook_url = DEAD }
  for i = 1, 3 do ids[i] = sandbox.trigger("meeting.created").delivery_id end
  -- Retries after 1 min, 5 min, 30 min, 2 h and 6 h: move the clock past each and let it run.
  for attempt = 1, 6 do
    eventually(function()
      for _, id in ipairs(ids) do
        local d = contio.getWebhookDelivery(id)
        if d.delivery_status == "pending" or (d.retry_count or 0) < attempt - 1 then return false end
      end
      return true
    end, "attempt " .. attempt)
    sandbox.clock.advance("7h")
  end
  for _, id in ipairs(ids) do
    eventually(function() return contio.getWebhookDelivery(id).delivery_status == "abandoned" end, "abandoned " .. id)
  end
end)

test("find lists them in the window, oldest first", function()
  local found = webhooks.find{ since = "2d", status = { "abandoned" } }
  expect.eq(#found, 3, "three abandoned")
  expect.eq(found[1].id, ids[1], "oldest first")
  expect.eq(#webhooks.find{ since = "1s", status = "abandoned" }, 0, "none created in the last second of the (advanced) clock")
end)

test("recover retries abandoned deliveries to a receiver that came back", function()
  local live = startReceiver()
  local before = {}
  for _, id in ipairs(ids) do before[id] = contio.getWebhookDelivery(id) end
  contio.updateApp{ webhook_url = live and live.url or DEAD }
  local report = webhooks.recover{ since = "2d", status = { "failed", "abandoned" }, concurrency = 2, wait = 10 }
  expect.eq(report.found, 3, "found")
  expect.eq(report.retried, 3, "retried")
  expect.eq(#report.errors, 0, "no errors")
  if live then
    expect.eq(report.outcomes.delivered, 3, "all delivered to the live receiver")
    for _, id in ipairs(ids) do expect.eq(contio.getWebhookDelivery(id).delivery_status, "delivered", id) end
  else
    -- No python3 for a receiver: the retry still happened, visible in the delivery records.
    for _, id in ipairs(ids) do
      local d = contio.getWebhookDelivery(id)
      expect.truthy(d.retry_count > before[id].retry_count, "a new attempt was recorded for " .. id)
    end
  end
  -- kill -9: adminsh ignores SIGTERM and its children inherit that.
  if receiver then os.execute("kill -9 " .. receiver.pid) end
end)

test("nothing left to recover; disabled webhooks are reported", function()
  local report = webhooks.recover{ since = "2d" }
  expect.eq(report.found, 0, "nothing failed any more")
  contio.updateWebhookStatus{ enabled = false }
  local r2 = webhooks.recover{ since = "2d" }
  expect.truthy(r2.warning and r2.warning:find("disabled"), "warning")
  contio.updateWebhookStatus{ enabled = true }
end)

test("bad options name the field", function()
  expect.error(function() webhooks.recover{ since = "yesterday" } end, "since must be")
  expect.error(function() webhooks.recover{ status = { "lost" } } end, "unknown status 'lost'")
  expect.error(function() webhooks.recover{ concurency = 2 } end, "unknown option 'concurency'")
end)

test("listen explains when the host has no receiver", function()
  if rawget(_G, "__adminsh") and __adminsh.listen then return end
  expect.error(function() webhooks.listen{ port = 9999 } end, "not available in this build")
end)
