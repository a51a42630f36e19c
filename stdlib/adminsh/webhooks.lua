-- adminsh.webhooks: recover failed and abandoned Contio webhook deliveries.
-- Also webhooks.listen, a local receiver, when the host provides one.
local util = require "adminsh.util"
local parallel = require "adminsh.parallel"

local M = {}
M.help = [[adminsh.webhooks: webhook delivery recovery
  webhooks.recover{since='24h'|rfc3339|epoch, status={'failed','abandoned'}, event_type=, concurrency=4, wait=10}
    -> {found, retried, not_scheduled, errors, outcomes={delivered=, failed=, abandoned=, pending=}, deliveries}
    Lists deliveries in the window, retries them with bounded concurrency and, with wait=seconds,
    follows each until it is delivered or fails again.
  webhooks.listen{port=N} runs a local receiver verifying X-Contio-Signature (needs host support)]]

local STATUSES = { pending = true, delivered = true, failed = true, abandoned = true }

-- `since` as epoch seconds: a duration back from now ("24h"), RFC 3339 text or a number.
local function sinceTime(since, now)
  if since == nil then return now - 24 * 3600 end
  if type(since) == "number" then return since end
  if type(since) == "string" then
    local t = util.parseTime(since)
    if t then return t end
    local ok, secs = pcall(util.seconds, since)
    if ok then return now - secs end
  end
  error("webhooks.recover: since must be a duration like '24h', an RFC 3339 time or epoch seconds, got " .. tostring(since), 3)
end

--- Deliveries with one of `statuses`, created at or after `from`, newest first.
function M.find(opts)
  opts = util.options(opts, { since = "string|number", status = "table|string", event_type = "string", ["until"] = "string|number" }, "webhooks.find")
  local now = util.now("contio")
  local from = sinceTime(opts.since, now)
  local to = opts["until"] and sinceTime(opts["until"], now) or math.huge
  local statuses = type(opts.status) == "string" and { opts.status } or opts.status or { "failed", "abandoned" }
  local out, seen = {}, {}
  for _, s in ipairs(statuses) do
    if not STATUSES[s] then error("webhooks.recover: unknown status '" .. tostring(s) .. "' (pending, delivered, failed, abandoned)", 3) end
    for d in each(contio.getWebhookDeliveries, { status = s, event_type = opts.event_type }) do
      local at = util.parseTime(d.created_at)
      if at and at < from then break end   -- newest first: the rest are older
      if not seen[d.id] and (not at or at <= to) then
        seen[d.id] = true
        out[#out + 1] = d
      end
    end
  end
  table.sort(out, function(a, b) return tostring(a.created_at) < tostring(b.created_at) end)   -- oldest first
  return out
end

local RECOVER_OPTIONS = { since = "string|number", ["until"] = "string|number", status = "table|string", event_type = "string",
                          concurrency = "number", wait = "number", dryRun = "boolean" }

function M.recover(opts)
  opts = util.options(opts, RECOVER_OPTIONS, "webhooks.recover")
  local report = { found = 0, retried = 0, not_scheduled = {}, errors = {}, outcomes = {}, deliveries = {} }

  -- Retries are refused while webhooks are off or the URL is empty: say so before trying.
  local app = contio.getApp()
  if app.webhook_enabled == false then
    report.warning = "webhooks are disabled for this app (contio.updateWebhookStatus{enabled=true}); nothing will be retried"
  elseif app.webhook_url == nil or app.webhook_url == "" then
    report.warning = "the app has no webhook_url; retries cannot be delivered"
  end

  local list = M.find{ since = opts.since, ["until"] = opts["until"], status = opts.status, event_type = opts.event_type }
  report.found = #list
  for i, d in ipairs(list) do
    report.deliveries[i] = { id = d.id, event_type = d.event_type, created_at = d.created_at, before = d.delivery_status,
                             retry_count = d.retry_count, error_message = d.error_message }
  end
  if opts.dryRun or #list == 0 then return report end

  local summary = parallel.map(list, function(d)
    return contio.retryWebhookDelivery(d.id)
  end, { concurrency = opts.concurrency or 4, label = "webhook retries" })
  for i, r in ipairs(summary.results) do
    local entry = report.deliveries[i]
    if not r.ok then
      entry.after = "error"
      entry.error = util.errorText(r.error)
      report.errors[#report.errors + 1] = { id = entry.id, error = entry.error }
    elseif util.planned(r.value) then
      entry.after = "planned"
    elseif type(r.value) == "table" and r.value.retry_scheduled == false then
      entry.after = entry.before
      entry.note = r.value.message
      report.not_scheduled[#report.not_scheduled + 1] = { id = entry.id, reason = r.value.message }
    else
      entry.after = "pending"
      report.retried = report.retried + 1
    end
  end

  -- Follow the retried ones until each settles (or the wait runs out).
  local deadline = os.time() + (opts.wait or 0)
  local function settle()
    local open = 0
    for _, entry in ipairs(report.deliveries) do
      if entry.after == "pending" then
        local ok, d = pcall(contio.getWebhookDelivery, entry.id)
        -- Settled: delivered, or a new attempt after our retry was recorded (retry_count moved).
        if ok and d.delivery_status ~= "pending"
          and (d.delivery_status == "delivered" or (d.retry_count or 0) > (entry.retry_count or 0)) then
          entry.after = d.delivery_status
          entry.http_status_code = d.http_status_code
          entry.last_error = d.error_message
        else
          open = open + 1
        end
      end
    end
    return open
  end
  if opts.wait and opts.wait > 0 then
    while settle() > 0 and os.time() < deadline do task.sleep(0.2) end
  end
  for _, entry in ipairs(report.deliveries) do
    report.outcomes[entry.after] = (report.outcomes[entry.after] or 0) + 1
  end
  return report
end

function M.listen(opts)
  local host = rawget(_G, "__adminsh")
  if type(host) ~= "table" or type(host.listen) ~= "function" then
    error("webhooks.listen: not available in this build (the host has no webhook receiver); use webhooks.recover to redeliver", 2)
  end
  opts = util.options(opts, { port = "number", secrets = "table", handler = "function", path = "string", once = "boolean" }, "webhooks.listen")
  return host.listen(opts)
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.recover, "webhooks.recover{since='24h', status={'failed','abandoned'}, event_type=, concurrency=4, wait=0, dryRun=false} -> report")
  help.set(M.find, "webhooks.find{since='24h', status={'failed','abandoned'}, event_type=} -> deliveries, oldest first")
  help.set(M.listen, "webhooks.listen{port=N}: a local receiver that verifies X-Contio-Signature (host support required)")
end
return M
