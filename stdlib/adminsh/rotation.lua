-- adminsh.rotation: rotate Contio credentials safely (rate limit, grace, verify, rollback, save).
-- The credential guide's automated workflow with the checks its sample leaves out.
local util = require "adminsh.util"
local files = require "adminsh.files"

local M = {}
M.help = [[adminsh.rotation: rotate Contio credentials safely
  rotation.run{types={'api_key','client_secret','webhook_secret'}, reason='...'} -> report
    report = {rotated={...}, skipped={...}, rolled_back={...}, failed={...}} (entries name type and reason)
    types default to what needs rotation (recommended_action other than ok/healthy).
    Options: grace={api_key=48, client_secret=168} hours, sink=fn|{save=,rollback=}, verify=fn(newKey, type, result),
             dir=folder for the default sink, show=true (also print new secrets), webhookWindowHours=24,
             use=true (this session goes on with the new API key).
  rotation.status() -> one row per type: status, age, recommended action, hours left in grace, warning under 4 h
  rotation.audit{hours=24} -> rotations per type in the window, with the 3-per-24 h limit left]]

M.LIMIT = 3                 -- rotations per credential type per rolling 24 h (the API's limit)
M.WINDOW = 24 * 3600
M.WARN_HOURS = 4            -- the guide warns when a grace period has less than this left

-- Per type: SDK function, rollback path segment, default grace (hours; nil = immediate).
M.TYPES = {
  api_key = { rotate = "rotateAPIKey", segment = "api-key", grace = 48, rollback = true },
  client_secret = { rotate = "rotateClientSecret", segment = "client-secret", grace = 168, rollback = true },
  webhook_secret = { rotate = "rotateWebhookSecret", grace = nil, rollback = false },
}
M.ORDER = { "api_key", "client_secret", "webhook_secret" }

-- The guide lists "healthy" but its sample compares with "ok" (the sandbox's word): both mean no.
local HEALTHY = { ok = true, healthy = true }

local function normaliseType(t, fname)
  if type(t) ~= "string" then error(fname .. ": types must be strings like 'api_key', got " .. type(t), 4) end
  local key = t:gsub("-", "_")
  if not M.TYPES[key] then
    error(fname .. ": unknown credential type '" .. t .. "' in types (use api_key, client_secret or webhook_secret)", 4)
  end
  return key
end

--- Successful rotations per type in the last `hours` (default 24), newest first, from history.
-- Returns {api_key={times...}, ...} (epoch seconds) and the events read.
local function recentRotations(now, hours)
  local since = now - hours * 3600
  local byType, failedByType, rollbacks, events = {}, {}, {}, {}
  for _, t in ipairs(M.ORDER) do byType[t], failedByType[t], rollbacks[t] = {}, 0, 0 end
  for event in each(contio.getCredentialHistory, {}) do
    local at = util.parseTime(event.created_at)
    if at and at <= since then break end          -- history is newest first
    local t = event.credential_type
    local failed = type(event.metadata) == "table" and (event.metadata.result == "failed" or event.metadata.error ~= nil)
    if byType[t] then
      if event.action == "rotated" then
        events[#events + 1] = event
        if failed then failedByType[t] = failedByType[t] + 1 else table.insert(byType[t], at) end
      elseif event.action == "rollback" and not failed then
        events[#events + 1] = event
        rollbacks[t] = rollbacks[t] + 1
      end
    end
  end
  return byType, failedByType, rollbacks, events
end

-- The default sink: one 0600 JSON file per type under $XDG_DATA_HOME/adminsh/secrets/contio/<app>/,
-- keeping the previous value (webhook receivers need both during the dual-secret window).
local function fileSink(dir)
  local sink = {}
  local function pathFor(t) return dir .. "/" .. t .. ".json" end
  local function load(path)
    if files.exists(path) then
      local ok, doc = pcall(json.decode, util.readFile(path))
      if ok and type(doc) == "table" then return doc end
    end
    return nil
  end
  function sink.save(entry)
    local path = pathFor(entry.type)
    local old = load(path)
    local doc = {
      credential_type = entry.type,
      value = util.reveal(entry.credential),
      previous = old and old.value or json.null,
      rotated_at = entry.rotated_at,
      grace_period_ends_at = entry.grace_period_ends_at or json.null,
      rollback_token = util.reveal(entry.rollback_token) or json.null,
      rollback_expires_at = entry.rollback_expires_at or json.null,
    }
    util.writeFile(path, json.encode(doc, { pretty = true }), true)
    return path
  end
  function sink.rollback(entry)
    -- The old credential is current again: put it back as the value, forget the dead new one.
    local path = pathFor(entry.type)
    local doc = load(path)
    if not doc then return nil end
    doc.value, doc.previous = doc.previous, json.null
    doc.rolled_back_at, doc.rollback_token = util.formatTime(os.time()), json.null
    util.writeFile(path, json.encode(doc, { pretty = true }), true)
    return path
  end
  sink.dir = dir
  return sink
end

local function defaultDir()
  local ok, app = pcall(contio.getApp)
  local appID = ok and type(app) == "table" and app.id or "default"
  return util.dataDir() .. "/secrets/contio/" .. appID
end

--- Makes the sink from the option: nil (files), a function(entry) (save only) or {save=, rollback=}.
local function makeSink(opt, dir)
  if opt == nil then return fileSink(dir or defaultDir()) end
  if type(opt) == "function" then return { save = opt } end
  if type(opt) == "table" and type(opt.save) == "function" then return opt end
  error("rotation.run: sink must be a function(entry) or a table with save(entry) [and rollback(entry)]", 3)
end

-- Default verification. API key: an authenticated call made with the new key. The other types
-- cannot be used through the admin API, so the credential status must show the new one as current.
-- useCredentials(nil) drops the verifier's switch: the session goes back to its own key, which
-- the host has already moved to the new one after the rotation (unless use = false).
local function restoreSession()
  contio.useCredentials(nil)
end

local function defaultVerify(newCredential, t, result, rotatedAt)
  if t == "api_key" then
    contio.useCredentials{ api_key = newCredential }
    local ok, app = pcall(contio.getApp)
    restoreSession()                               -- back to the session's key in every case
    if not ok then return false, "an authenticated call with the new key failed: " .. util.errorText(app) end
    return type(app) == "table" and app.id ~= nil, "getApp with the new key returned no app"
  end
  local status = contio.getCredentialStatus()[t]
  if type(status) ~= "table" then return false, "credential status has no " .. t end
  local created = util.parseTime(status.created_at)
  if created and rotatedAt and created + 5 < rotatedAt then
    return false, t .. " in credential status is older than this rotation"
  end
  if M.TYPES[t].grace and (result.grace_period_ends_at and status.status ~= "transitioning") then
    return false, t .. " is not in its grace period after rotation (status " .. tostring(status.status) .. ")"
  end
  return true
end

local function runVerify(verify, cred, t, result, rotatedAt)
  local ok, passed, why = pcall(verify, cred, t, result, rotatedAt)
  if not ok then return false, "verifier raised: " .. util.errorText(passed) end
  if not passed then return false, why or "the verifier rejected the new credential" end
  return true
end

local RUN_OPTIONS = {
  types = "table", reason = "string", grace = "table", sink = "function|table", verify = "function",
  dir = "string", show = "boolean", webhookWindowHours = "number", confirmation = "string", use = "boolean",
}

function M.run(opts)
  opts = util.options(opts, RUN_OPTIONS, "rotation.run")
  local planning = util.planning()
  local report = { rotated = {}, skipped = {}, rolled_back = {}, failed = {}, planned = planning or nil }
  local reason = opts.reason or "adminsh rotation"
  local grace = opts.grace or {}
  for k, v in pairs(grace) do
    local key = normaliseType(k, "rotation.run")
    if not M.TYPES[key].grace then error("rotation.run: grace.webhook_secret is not allowed: webhook secrets rotate immediately", 2) end
    if math.type(v) ~= "integer" or v < 0 or v > 168 then error("rotation.run: grace." .. k .. " must be an integer 0-168 (hours)", 2) end
  end

  -- 1. Status, and what to rotate.
  local status = contio.getCredentialStatus()
  local wanted = {}
  if opts.types then
    for _, t in ipairs(opts.types) do wanted[#wanted + 1] = normaliseType(t, "rotation.run") end
  else
    for _, t in ipairs(M.ORDER) do
      local s = status[t]
      if s and not HEALTHY[s.recommended_action] then
        wanted[#wanted + 1] = t
      elseif s then
        report.skipped[#report.skipped + 1] = { type = t, reason = string.format(
          "healthy: recommended_action=%s, age %s days", tostring(s.recommended_action), tostring(s.age_days)) }
      end
    end
  end

  -- 2. The rate limit, from history, before acting.
  local now = util.now("contio")
  local recent = recentRotations(now, 24)

  local sink = (not planning) and makeSink(opts.sink, opts.dir) or nil
  local verify = opts.verify or defaultVerify

  for _, t in ipairs(wanted) do
    local spec = M.TYPES[t]
    local s = status[t] or {}
    local used = #recent[t]
    if used >= M.LIMIT then
      local oldest = recent[t][#recent[t]]
      local nextAt = oldest + M.WINDOW
      report.skipped[#report.skipped + 1] = {
        type = t, rate_limited = true, next_allowed_at = util.formatTime(nextAt),
        reason = string.format("rate limit: %d of %d %s rotations used in the last 24 h; next allowed at %s (in %.1f h)",
          used, M.LIMIT, t, util.formatTime(nextAt), (nextAt - now) / 3600),
      }
      goto continue
    end

    do
      -- 3. Rotate with the right grace for the type.
      local params = { confirmation_token = opts.confirmation or ("adminsh_rotate_" .. t .. "_" .. os.time()), reason = reason }
      if spec.grace then params.grace_period_hours = grace[t] or spec.grace end
      if opts.use == false and (t == "api_key" or t == "client_secret") then params.use = false end
      local entry = { type = t, age_days = s.age_days, recommended_action = s.recommended_action }
      if s.status == "transitioning" then
        entry.warning = "a previous grace period (until " .. tostring(s.grace_period_ends_at) .. ") ended early: only the newest replaced credential stays valid"
      end
      local ok, result = pcall(contio[spec.rotate], params)
      if not ok then
        local e = result
        if util.errorCode(e) == "rate_limit_exceeded" or (type(e) == "table" and e.status == 429) then
          entry.rate_limited, entry.reason = true, "rate limit (server): " .. util.errorText(e)
          report.skipped[#report.skipped + 1] = entry
        else
          entry.reason, entry.error = "rotation failed: " .. util.errorText(e), e
          report.failed[#report.failed + 1] = entry
        end
        goto continue
      end
      if planning or util.planned(result) then
        entry.planned, entry.reason = true, "would rotate (plan mode)"
        entry.grace_period_hours = params.grace_period_hours
        report.rotated[#report.rotated + 1] = entry
        goto continue
      end

      entry.rotated_at = util.formatTime(util.now("contio"))
      entry.credential = result.new_credential
      entry.rollback_token = result.rollback_token
      entry.grace_period_ends_at = result.grace_period_ends_at
      entry.rollback_expires_at = result.rollback_expires_at
      entry.grace_period_hours = params.grace_period_hours or 0

      -- 4. Save first: the new secret is shown once, so it must be stored before anything can fail.
      local saved, where = pcall(sink.save, entry)
      if saved then entry.saved_to = where else entry.save_error = util.errorText(where) end
      if opts.show then print(string.format("%s: %s", t, util.reveal(result.new_credential))) end

      -- 5. Verify; roll back on failure when the type allows it.
      local verified, why = runVerify(verify, result.new_credential, t, result, util.parseTime(entry.rotated_at))
      entry.verified = verified
      if not verified then
        entry.verify_error = why
        if spec.rollback and result.rollback_token then
          local rb, rbErr = pcall(contio.rollbackCredential, spec.segment,
            { rollback_token = result.rollback_token, reason = "adminsh: verification failed: " .. tostring(why) })
          if rb then
            if sink.rollback then pcall(sink.rollback, entry) end
            entry.credential, entry.rollback_token = nil, nil
            entry.reason = "verification failed (" .. tostring(why) .. "); rolled back, the previous credential is current again"
            report.rolled_back[#report.rolled_back + 1] = entry
          else
            entry.reason = "verification failed (" .. tostring(why) .. ") and rollback failed: " .. util.errorText(rbErr)
              .. "; the new credential is current" .. (entry.saved_to and (" and saved in " .. entry.saved_to) or "")
            report.failed[#report.failed + 1] = entry
          end
        else
          entry.reason = "verification failed (" .. tostring(why) .. "); " .. t .. " cannot be rolled back, the new secret is current"
          report.failed[#report.failed + 1] = entry
        end
        goto continue
      end
      if not saved then
        -- Rotated and working, but not stored: say so loudly instead of losing the secret silently.
        entry.reason = "rotated and verified, but saving failed: " .. entry.save_error .. " (the new credential is in this report)"
        report.failed[#report.failed + 1] = entry
        goto continue
      end

      -- 6. Webhook secrets switch at once: receivers must accept old and new for a while.
      if t == "webhook_secret" then
        local hours = opts.webhookWindowHours or 24
        entry.dual_secret = {
          starts_at = entry.rotated_at,
          ends_at = util.formatTime(util.parseTime(entry.rotated_at) + hours * 3600),
          note = "deliveries are signed with the new secret now; verify X-Contio-Signature against the new and the previous secret until ends_at",
        }
        entry.reason = "rotated (immediate); dual-secret window until " .. entry.dual_secret.ends_at
      else
        entry.reason = string.format("rotated; old and new both work until %s (%d h grace)", tostring(entry.grace_period_ends_at), entry.grace_period_hours)
      end
      if t == "api_key" then
        -- The host switched the session to the new key unless use = false (and stored it where
        -- the profile's key comes from); say which.
        if opts.use == false then
          entry.session = "this session keeps the old key until " .. tostring(entry.grace_period_ends_at) .. " (use = false)"
        else
          entry.session = "this session now uses the new key"
        end
      end
      report.rotated[#report.rotated + 1] = entry
    end
    ::continue::
  end
  return report
end

--- One row per credential type: status, age, recommended action, hours left in grace, warnings.
function M.status()
  local status = contio.getCredentialStatus()
  local now = util.now("contio")
  local recent = recentRotations(now, 24)
  local rows = {}
  for _, t in ipairs(M.ORDER) do
    local s = status[t]
    if s then
      local row = {
        type = t, status = s.status, age_days = s.age_days, recommended_action = s.recommended_action,
        rotations_24h = string.format("%d/%d", #recent[t], M.LIMIT),
      }
      local ends = util.parseTime(s.grace_period_ends_at)
      if s.status == "transitioning" and ends then
        row.grace_ends_at = s.grace_period_ends_at
        row.hours_left = math.floor((ends - now) / 360 + 0.5) / 10
        if row.hours_left < M.WARN_HOURS then
          row.warning = string.format("grace period ends in %.1f h: update your configuration to the new %s", row.hours_left, t)
        end
      end
      if not HEALTHY[s.recommended_action] then
        row.warning = (row.warning and row.warning .. "; " or "") .. "recommended: " .. tostring(s.recommended_action)
      end
      local host = rawget(_G, "__adminsh")
      if t == "api_key" and host and host.credentialWarning then
        -- The session's own key: replaced by a rotation it did not follow, or past its grace.
        local own = host.credentialWarning()
        if own then row.warning = (row.warning and row.warning .. "; " or "") .. own end
      end
      rows[#rows + 1] = row
    end
  end
  return rows
end

--- Rotations per type in the last `hours` (default 24) from the credential history.
function M.audit(opts)
  opts = util.options(opts, { hours = "number", events = "boolean" }, "rotation.audit")
  local hours = opts.hours or 24
  local now = util.now("contio")
  local ok, failed, rollbacks, events = recentRotations(now, hours)
  local inDay = hours == 24 and ok or recentRotations(now, 24)
  local rows = {}
  for _, t in ipairs(M.ORDER) do
    local row = { type = t, rotations = #ok[t], failed_attempts = failed[t], rollbacks = rollbacks[t],
                  limit_left_24h = math.max(0, M.LIMIT - #inDay[t]) }
    if #ok[t] > 0 then row.last_rotated_at = util.formatTime(ok[t][1]) end
    if #inDay[t] >= M.LIMIT then row.next_allowed_at = util.formatTime(inDay[t][#inDay[t]] + M.WINDOW) end
    if opts.events then
      row.events = {}
      for _, e in ipairs(events) do if e.credential_type == t then row.events[#row.events + 1] = e end end
    end
    rows[#rows + 1] = row
  end
  return rows
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.run, "rotation.run{types={...}, reason=, grace={api_key=48, client_secret=168}, sink=, verify=fn(newKey,type), show=false}\n  -> {rotated, skipped, rolled_back, failed}: status -> pick -> rate-limit check -> rotate -> save -> verify -> rollback on failure.")
  help.set(M.status, "rotation.status() -> rows {type, status, age_days, recommended_action, rotations_24h, hours_left, warning}")
  help.set(M.audit, "rotation.audit{hours=24, events=false} -> rows {type, rotations, failed_attempts, rollbacks, limit_left_24h, next_allowed_at}")
end
return M
