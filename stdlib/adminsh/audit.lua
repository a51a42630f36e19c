-- adminsh.audit: inventory and compliance reports over both platforms (read-only).
local util = require "adminsh.util"
local parallel = require "adminsh.parallel"
local rotation = require "adminsh.rotation"

local M = {}
M.help = [[adminsh.audit: inventory and compliance reports (read-only)
  audit.credentials() -> rows: Contio credentials with age, status, grace left, rotations in 24 h
  audit.agents{expiringDays=30, concurrency=4} -> rows: Conto agents with wallets, limits, policies, SDK keys
  audit.report{format='table'|'json', hours=24, expiringDays=30}
    -> {generated_at, credentials, rotations, agents, findings}; format='json' returns JSON text]]

function M.credentials()
  local ok, rows = pcall(rotation.status)
  if not ok then error("audit.credentials: cannot read Contio credential status: " .. util.errorText(rows), 2) end
  return rows
end

local function days(seconds) return math.floor(seconds / 86400 * 10 + 0.5) / 10 end

function M.agents(opts)
  opts = util.options(opts, { expiringDays = "number", concurrency = "number", status = "string" }, "audit.agents")
  local expiring = opts.expiringDays or 30
  local now = util.now("conto")
  local agents = all(conto.agents.list, { status = opts.status })
  local summary = parallel.map(agents, function(a)
    local row = { id = a.id, name = a.name, externalId = a.externalId ~= json.null and a.externalId or nil, status = a.status }
    local links = conto.agents.listWallets(a.id).wallets or {}
    local active = {}
    for _, l in ipairs(links) do if l.isActive ~= false then active[#active + 1] = l end end
    row.wallets = #active
    if active[1] then
      local l = active[1]
      row.wallet = l.wallet and l.wallet.name or l.walletId
      row.per_tx = l.spendLimitPerTx ~= json.null and l.spendLimitPerTx or nil
      row.daily = l.spendLimitDaily ~= json.null and l.spendLimitDaily or nil
      row.spent_today = l.spentToday
    end
    local names = {}
    for _, p in ipairs(conto.agents.listPolicies(a.id).policies or {}) do names[#names + 1] = p.policy and p.policy.name or p.policyId end
    table.sort(names)
    row.policies = table.concat(names, ", ")
    local keys, soonest = 0, nil
    for _, k in ipairs(conto.agents.listSdkKeys(a.id).sdkKeys or {}) do
      if k.isActive ~= false and (k.revokedAt == nil or k.revokedAt == json.null) then
        keys = keys + 1
        local exp = util.parseTime(k.expiresAt)
        if exp and (not soonest or exp < soonest) then soonest = exp end
      end
    end
    row.sdk_keys = keys
    if soonest then
      row.key_expires_in_days = days(soonest - now)
      if soonest - now < expiring * 86400 then
        row.warning = string.format("SDK key expires in %.1f days", row.key_expires_in_days)
      end
    end
    return row
  end, { concurrency = opts.concurrency or 4, label = "audit agents" })
  local rows = {}
  for i, r in ipairs(summary.results) do
    rows[i] = r.ok and r.value or { id = agents[i].id, name = agents[i].name, error = util.errorText(r.error) }
  end
  return rows
end

local REPORT_OPTIONS = { format = "string", hours = "number", expiringDays = "number", concurrency = "number" }

function M.report(opts)
  opts = util.options(opts, REPORT_OPTIONS, "audit.report")
  local format = opts.format or "table"
  if format ~= "table" and format ~= "json" then error("audit.report: format must be 'table' or 'json', got '" .. format .. "'", 2) end
  local report = { generated_at = util.formatTime(os.time()), findings = {} }
  local function finding(text) report.findings[#report.findings + 1] = text end

  -- Each platform is optional: a profile may configure only one of them.
  local okC, creds = pcall(M.credentials)
  if okC then
    report.credentials = creds
    report.rotations = rotation.audit{ hours = opts.hours or 24 }
    for _, c in ipairs(creds) do if c.warning then finding("contio " .. c.type .. ": " .. c.warning) end end
  else
    report.credentials_error = util.errorText(creds)
  end
  local okA, agents = pcall(M.agents, { expiringDays = opts.expiringDays, concurrency = opts.concurrency })
  if okA then
    report.agents = agents
    for _, a in ipairs(agents) do
      local who = "conto agent " .. tostring(a.name) .. " (" .. a.id .. ")"
      if a.error then finding(who .. ": could not be read: " .. a.error)
      else
        if a.warning then finding(who .. ": " .. a.warning) end
        if a.status == "ACTIVE" and a.wallets == 0 then finding(who .. ": active without a linked wallet") end
        if a.status == "ACTIVE" and a.policies == "" then finding(who .. ": no policy assigned (only org-wide policies apply)") end
        if a.status == "SUSPENDED" then finding(who .. ": suspended") end
      end
    end
  else
    report.agents_error = util.errorText(agents)
  end
  if format == "json" then return json.encode(report, { pretty = true }) end
  return report
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.credentials, "audit.credentials() -> rows {type, status, age_days, recommended_action, rotations_24h, hours_left, warning}")
  help.set(M.agents, "audit.agents{expiringDays=30, concurrency=4, status=} -> rows {id, name, externalId, status, wallets, per_tx, daily, policies, sdk_keys, key_expires_in_days, warning}")
  help.set(M.report, "audit.report{format='table'|'json', hours=24, expiringDays=30} -> {generated_at, credentials, rotations, agents, findings}")
end
return M
