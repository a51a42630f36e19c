-- Every catalog operation, called once from Lua against a fresh sandbox, generated over
-- `adminsh.operations`:
--   1. fixtures create what path ids need;
--   2. each operation runs its case (early ones first, destructive ones last) and must succeed;
--   3. every typed parameter given a wrong-typed value must fail before any request.
-- An operation without a case fails the test, naming it. Rotations return secrets: results are
-- never printed.

local EMPTY_MANIFEST = { templates = json.array{}, next_steps = json.array{}, action_buttons = json.array{} }
local HOOK = "http://127.0.0.1:9/every-operation-hook"   -- refused at once: deliveries fail, retries exist
local VENDOR = "0x" .. string.rep("ef", 20)               -- payee of the agent-side payments
local TXHASH = "0x" .. string.rep("33", 32)
local EVERY_DAY = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}   -- payments work whatever the day
local serial = 0
local function unique(prefix) serial = serial + 1; return prefix .. "-" .. serial end

local function first(list, pred)
  for _, item in ipairs(list or {}) do if not pred or pred(item) then return item end end
end

---------------------------------------------------------------------------------------------
-- Fixtures
---------------------------------------------------------------------------------------------
local f = {}

local function newToolkit()
  return contio.createToolkit{name = unique("Kit"), slug = unique("every-op-kit"), version = "1.0.0", manifest = EMPTY_MANIFEST}.toolkit
end
local function newDraft(toolkitId, label)
  return contio.createToolkitVersion(toolkitId, {version_label = label or unique("2.0"), manifest = EMPTY_MANIFEST}).version
end

local function contioFixtures()
  -- Webhooks: a URL to deliver to, then one event so a delivery exists.
  contio.updateApp{webhook_url = HOOK}
  f.delivery = assert(sandbox.trigger("meeting.created").delivery_id, "trigger queued a delivery")

  -- Seeded data: two user connections, one workflow template; next steps found by name
  -- through a dry-run manifest (they are not listable in the API).
  local connections = contio.getUserConnections().items
  f.connection, f.connectionToRevoke = connections[1].id, connections[2].id
  f.workflowTemplate = contio.listWorkflowTemplates().items[1].id
  local dry = contio.createToolkit{name = "probe", slug = "probe", version = "1.0.0", dry_run = true, manifest = {
    templates = json.array{}, action_buttons = json.array{},
    next_steps = { { spec = { name = "Draft follow-up email", type = "ai" } }, { spec = { name = "Open CRM", type = "redirect" } } } }}
  f.nextStep = first(dry.conflicts, function(c) return c.entity_name == "Draft follow-up email" end).existing_entity_id
  f.otherNextStep = first(dry.conflicts, function(c) return c.entity_name == "Open CRM" end).existing_entity_id

  -- Templates: one with a next step, one to delete.
  f.template = contio.createTemplate{name = "Weekly sync"}.id
  contio.addTemplateNextStep(f.template, {next_step_id = f.nextStep, autopilot = false, sort_order = 1})
  f.templateToDelete = contio.createTemplate{name = "Scratch template"}.id

  -- Automations.
  local function automation(name)
    return contio.createAutomation{name = name, trigger_type = "action_item_match",
      actions = { { type = "phrase_match", config = { phrases = {"follow up"} } } }}.id
  end
  f.automation, f.automationToDelete = automation("Follow-ups"), automation("Scratch automation")

  -- Toolkits: one with a draft to read and edit, one to delete, one with a draft to discard.
  f.toolkit = newToolkit().id
  f.draft = newDraft(f.toolkit, "1.1.0").id
  f.toolkitToDelete = newToolkit().id
  f.toolkitWithDiscard = newToolkit().id
  f.draftToDiscard = newDraft(f.toolkitWithDiscard, "1.1.0").id

  -- IdP domain verification: a challenge to read and check (the IdP config is an early case).
  f.domain = "every-op.sandbox-test.com"
  contio.initiateIdpDomainVerification(f.domain)
end

local function contoFixtures()
  local function agent(name) return conto.agents.create{name = name, agentType = "CUSTOM"}.id end
  local function wallet(name, opts)
    local spec = {name = name}
    for k, v in pairs(opts or {}) do spec[k] = v end
    return conto.wallets.create(spec).id
  end

  f.agent = agent("Buyer")
  f.agentToDelete, f.agentToFreeze = agent("Scratch agent"), agent("Freeze me")
  f.frozen, f.frozen2 = agent("Frozen one"), agent("Frozen two")

  f.wallet = wallet("Ops wallet")
  conto.wallets.provision{walletId = f.wallet}
  f.walletToLink = wallet("Second wallet")
  f.walletToProvision = wallet("Unprovisioned wallet")
  f.walletToArchive, f.walletToDelete = wallet("Archive me"), wallet("Delete me")
  conto.agents.linkWallet(f.agent, {walletId = f.wallet, allowedDays = EVERY_DAY})

  local rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "500", action = "ALLOW" } }
  local policy = conto.policies.create{name = "Caps", policyType = "SPEND_LIMIT", rules = rules}
  f.policy = policy.id
  f.rule = (policy.rules and policy.rules[1] or conto.policies.listRules(f.policy).rules[1]).id
  f.policyToReplace = conto.policies.create{name = "Replace my rules", policyType = "SPEND_LIMIT", rules = rules}.id
  f.policyToAssign = conto.policies.create{name = "Assign me", policyType = "COMPOSITE"}.id
  f.policyToDelete = conto.policies.create{name = "Delete me", policyType = "COMPOSITE"}.id
  conto.agents.assignPolicy(f.agent, {policyId = f.policy})

  f.sdkKey = conto.agents.createSdkKey(f.agent, {name = "fixture key"}).id
  f.counterparty = conto.counterparties.create{name = "Acme", address = "0x" .. string.rep("ab", 20)}.id

  -- Freezing an agent raises an AGENT_SUSPENDED alert: two alerts, one per ack/resolve style.
  conto.agents.freeze(f.frozen)
  conto.agents.freeze(f.frozen2)
  local alerts = conto.alerts.list{type = "AGENT_SUSPENDED"}.alerts
  local function alertFor(agentId) return first(alerts, function(a) return a.agent and a.agent.id == agentId end).id end
  f.alert, f.alert2 = alertFor(f.frozen), alertFor(f.frozen2)

  -- An admin-type agent key (every agent scope, execute included) for the conto.sdk cases, and
  -- one settled payment, made as the agent, so transactions have something to show.
  f.agentKey = conto.agents.createSdkKey(f.agent, {name = "agent side", keyType = "admin"}).key
  local approval = conto.sdk.payments.approve(f.agentKey, {amount = 5, recipientAddress = VENDOR, walletId = f.wallet})
  if not approval.approved then error("fixture payment not approved: " .. table.concat(approval.reasons or {}, "; "), 0) end
  f.transaction = conto.sdk.payments.confirm(f.agentKey, approval.approvalId,
    {txHash = TXHASH, approvalToken = approval.approvalToken}).transactionId
end

---------------------------------------------------------------------------------------------
-- Cases: one per operation. A function runs in the main phase; early{...} runs before it
-- (creators others read), late{...} after it (deletes, discard, revoke, unlink, rollback).
---------------------------------------------------------------------------------------------
local function early(fn) return {phase = 1, run = fn} end
local function late(fn) return {phase = 3, run = fn} end
local cases = {}

-- Contio: app and webhook settings
cases["contio.getApp"] = function() return contio.getApp() end
cases["contio.updateApp"] = function() return contio.updateApp{description = "Updated by every_operation"} end
cases["contio.replaceApp"] = function() return contio.replaceApp{name = "Demo Partner App", webhook_url = HOOK} end
cases["contio.updateAppStatus"] = function() return contio.updateAppStatus{status = "active"} end
cases["contio.setWebhookFilter"] = function() return contio.setWebhookFilter{type = "exclude", events = {"agenda_item.deleted"}} end
cases["contio.removeWebhookFilter"] = late(function() return contio.removeWebhookFilter() end)
cases["contio.updateWebhookStatus"] = function() return contio.updateWebhookStatus{enabled = true, pending_disposition = "deliver"} end

-- Contio: webhook deliveries
cases["contio.getWebhookDeliveries"] = function() return contio.getWebhookDeliveries{limit = 10} end
cases["contio.getWebhookDelivery"] = function(f) return contio.getWebhookDelivery(f.delivery) end
cases["contio.retryWebhookDelivery"] = function(f) return contio.retryWebhookDelivery(f.delivery) end

-- Contio: automations
cases["contio.getAutomations"] = function() return contio.getAutomations{limit = 10} end
cases["contio.createAutomation"] = function()
  return contio.createAutomation{name = "Create CRM contact", description = "from action items", trigger_type = "action_item_match",
    actions = { { type = "phrase_match", config = { phrases = {"create contact"} } } }}
end
cases["contio.getAutomation"] = function(f) return contio.getAutomation(f.automation) end
cases["contio.updateAutomation"] = function(f) return contio.updateAutomation(f.automation, {description = "patched"}) end
cases["contio.replaceAutomation"] = function(f)
  return contio.replaceAutomation(f.automation, {name = "Follow-ups", trigger_type = "action_item_match", status = "active",
    actions = { { type = "phrase_match", config = { phrases = {"follow up", "circle back"} } } }})
end
cases["contio.deleteAutomation"] = late(function(f) return contio.deleteAutomation(f.automationToDelete) end)

-- Contio: user connections and workflow templates (seeded)
cases["contio.getUserConnections"] = function() return contio.getUserConnections{status = "active"} end
cases["contio.getUserConnection"] = function(f) return contio.getUserConnection(f.connection) end
cases["contio.revokeUserConnection"] = late(function(f) return contio.revokeUserConnection(f.connectionToRevoke) end)
cases["contio.listWorkflowTemplates"] = function() return contio.listWorkflowTemplates{limit = 10} end
cases["contio.getWorkflowTemplate"] = function(f) return contio.getWorkflowTemplate(f.workflowTemplate) end
cases["contio.getWorkspaces"] = function()
  local page = contio.getWorkspaces{limit = 1, offset = 1}
  assert(page.total == 2 and #page.items == 1, "getWorkspaces pages the two seeded workspaces")
  return page
end

-- Contio: credentials (one rotation per type here, a second client-secret one for the rollback)
cases["contio.getCredentialStatus"] = function() return contio.getCredentialStatus() end
cases["contio.rotateAPIKey"] = function()
  return contio.rotateAPIKey{confirmation_token = "confirm_rotation_1", reason = "every operation", grace_period_hours = 24}
end
cases["contio.rotateClientSecret"] = function()
  return contio.rotateClientSecret{confirmation_token = "confirm_rotation_1", reason = "every operation"}
end
cases["contio.rotateWebhookSecret"] = function()
  return contio.rotateWebhookSecret{confirmation_token = "confirm_rotation_1", reason = "every operation"}
end
cases["contio.getCredentialHistory"] = function() return contio.getCredentialHistory{credential_type = "api_key", limit = 10} end
cases["contio.rollbackCredential"] = late(function()
  local rotation = contio.rotateClientSecret{confirmation_token = "confirm_rotation_2", reason = "to roll back"}
  return contio.rollbackCredential("client-secret", {rollback_token = rotation.rollback_token, reason = "every operation"})
end)

-- Contio: IdP and domain verification
cases["contio.createIdPConfig"] = early(function()
  return contio.createIdPConfig{name = "Corporate SSO", discovery_url = "https://sso.every-op.test/.well-known/openid-configuration",
    idp_client_id = "every-op-client", idp_client_secret = "every-op-idp-secret", mode = "partner_managed"}
end)
cases["contio.getIdPConfig"] = function() return contio.getIdPConfig() end
cases["contio.updateIdPConfig"] = function() return contio.updateIdPConfig{name = "Corporate SSO (patched)"} end
cases["contio.replaceIdPConfig"] = function() return contio.replaceIdPConfig{name = "Corporate SSO", is_active = true} end
cases["contio.deleteIdPConfig"] = late(function() return contio.deleteIdPConfig() end)
cases["contio.getIdpDomainVerification"] = function(f) return contio.getIdpDomainVerification(f.domain) end
cases["contio.initiateIdpDomainVerification"] = function() return contio.initiateIdpDomainVerification("second.sandbox-test.com") end
cases["contio.checkIdpDomainVerification"] = function(f) return contio.checkIdpDomainVerification(f.domain) end

-- Contio: templates and their next steps
cases["contio.getTemplates"] = function() return contio.getTemplates{limit = 10} end
cases["contio.createTemplate"] = function() return contio.createTemplate{name = "Retro", description = "sprint retro"} end
cases["contio.getTemplate"] = function(f) return contio.getTemplate(f.template) end
cases["contio.updateTemplate"] = function(f) return contio.updateTemplate(f.template, {description = "patched"}) end
cases["contio.replaceTemplate"] = function(f) return contio.replaceTemplate(f.template, {name = "Weekly sync", description = "replaced"}) end
cases["contio.deleteTemplate"] = late(function(f) return contio.deleteTemplate(f.templateToDelete) end)
cases["contio.getTemplateNextSteps"] = function(f) return contio.getTemplateNextSteps(f.template) end
cases["contio.addTemplateNextStep"] = function(f)
  return contio.addTemplateNextStep(f.template, {next_step_id = f.otherNextStep, autopilot = true, sort_order = 2})
end
cases["contio.updateTemplateNextStep"] = function(f) return contio.updateTemplateNextStep(f.template, f.nextStep, {autopilot = true}) end
cases["contio.removeTemplateNextStep"] = late(function(f) return contio.removeTemplateNextStep(f.template, f.nextStep) end)

-- Contio: toolkits and versions
cases["contio.getToolkits"] = function() return contio.getToolkits{limit = 10} end
cases["contio.createToolkit"] = function()
  return contio.createToolkit{name = "Release kit", slug = "every-op-release-kit", version = "1.0.0", manifest = EMPTY_MANIFEST,
    description = "created by every_operation"}
end
cases["contio.exportEntities"] = function(f)
  return contio.exportEntities{template_ids = {f.template}, next_step_ids = {f.nextStep}, name = "Export"}
end
cases["contio.getToolkit"] = function(f) return contio.getToolkit(f.toolkit) end
cases["contio.updateToolkit"] = function(f) return contio.updateToolkit(f.toolkit, {description = "patched", auto_propagate = false}) end
cases["contio.deleteToolkit"] = late(function(f) return contio.deleteToolkit(f.toolkitToDelete) end)
cases["contio.exportToolkit"] = function(f) return contio.exportToolkit(f.toolkit) end
cases["contio.getToolkitInstallations"] = function(f) return contio.getToolkitInstallations(f.toolkit) end
cases["contio.listToolkitVersions"] = function(f) return contio.listToolkitVersions(f.toolkit) end
cases["contio.createToolkitVersion"] = function()
  return contio.createToolkitVersion(newToolkit().id, {version_label = "1.0.1", manifest = EMPTY_MANIFEST, changelog = "fixes"})
end
cases["contio.getToolkitVersion"] = function(f) return contio.getToolkitVersion(f.toolkit, f.draft) end
cases["contio.updateToolkitVersion"] = function(f) return contio.updateToolkitVersion(f.toolkit, f.draft, {changelog = "edited"}) end
cases["contio.discardToolkitVersion"] = late(function(f) return contio.discardToolkitVersion(f.toolkitWithDiscard, f.draftToDiscard) end)
cases["contio.publishToolkitVersion"] = function()
  local kit = newToolkit().id
  return contio.publishToolkitVersion(kit, newDraft(kit).id, {propagation = "none"})
end
cases["contio.republishToolkitVersion"] = function()
  -- Publishing a second version deprecates the first; republish brings it back.
  local kit = newToolkit().id
  local v1 = contio.listToolkitVersions(kit)[1].id   -- version 1, created PUBLISHED with the toolkit
  contio.publishToolkitVersion(kit, newDraft(kit).id, {})
  return contio.republishToolkitVersion(kit, v1)
end

-- Conto: agents, links, policy assignments, SDK keys
cases["conto.agents.list"] = function() return conto.agents.list{limit = 10} end
cases["conto.agents.create"] = function() return conto.agents.create{name = "Planner", agentType = "ANTHROPIC_CLAUDE", description = "plans"} end
cases["conto.agents.get"] = function(f) return conto.agents.get(f.agent) end
cases["conto.agents.update"] = function(f) return conto.agents.update(f.agent, {description = "patched"}) end
cases["conto.agents.delete"] = late(function(f) return conto.agents.delete(f.agentToDelete) end)
cases["conto.agents.freeze"] = function(f) return conto.agents.freeze(f.agentToFreeze) end
cases["conto.agents.unfreeze"] = function(f) return conto.agents.unfreeze(f.frozen) end
cases["conto.agents.listWallets"] = function(f) return conto.agents.listWallets(f.agent) end
cases["conto.agents.linkWallet"] = function(f)
  return conto.agents.linkWallet(f.agent, {walletId = f.walletToLink, delegationType = "LIMITED", spendLimitPerTx = 50})
end
cases["conto.agents.updateWalletLink"] = function(f) return conto.agents.updateWalletLink(f.agent, f.wallet, {spendLimitDaily = 2000}) end
cases["conto.agents.unlinkWallet"] = late(function(f) return conto.agents.unlinkWallet(f.agent, f.wallet) end)
cases["conto.agents.listPolicies"] = function(f) return conto.agents.listPolicies(f.agent) end
cases["conto.agents.assignPolicy"] = function(f) return conto.agents.assignPolicy(f.agent, {policyId = f.policyToAssign}) end
cases["conto.agents.unassignPolicy"] = late(function(f) return conto.agents.unassignPolicy(f.agent, f.policy) end)
cases["conto.agents.listSdkKeys"] = function(f) return conto.agents.listSdkKeys(f.agent) end
cases["conto.agents.createSdkKey"] = function(f) return conto.agents.createSdkKey(f.agent, {name = "every operation", expiresInDays = 30}) end
cases["conto.agents.revokeSdkKey"] = late(function(f) return conto.agents.revokeSdkKey(f.agent, f.sdkKey) end)

-- Conto: wallets
cases["conto.wallets.list"] = function() return conto.wallets.list{chainType = "EVM", limit = 10} end
cases["conto.wallets.create"] = function() return conto.wallets.create{name = "Treasury", custodyType = "PRIVY"} end
cases["conto.wallets.provision"] = function(f) return conto.wallets.provision{walletId = f.walletToProvision} end
cases["conto.wallets.get"] = function(f) return conto.wallets.get(f.wallet) end
cases["conto.wallets.update"] = function(f) return conto.wallets.update(f.wallet, {name = "Ops wallet (renamed)"}) end
cases["conto.wallets.delete"] = late(function(f) return conto.wallets.delete(f.walletToDelete) end)
cases["conto.wallets.archive"] = late(function(f) return conto.wallets.archive(f.walletToArchive) end)
cases["conto.wallets.refreshBalance"] = function(f) return conto.wallets.refreshBalance(f.wallet) end

-- Conto: policies and rules
cases["conto.policies.list"] = function() return conto.policies.list{isActive = true} end
cases["conto.policies.create"] = function()
  return conto.policies.create{name = "Approvals", policyType = "APPROVAL_THRESHOLD", priority = 70,
    rules = { { ruleType = "REQUIRE_APPROVAL_ABOVE", operator = "GT", value = "80", action = "REQUIRE_APPROVAL" } }}
end
cases["conto.policies.get"] = function(f) return conto.policies.get(f.policy) end
cases["conto.policies.update"] = function(f) return conto.policies.update(f.policy, {description = "patched", priority = 55}) end
cases["conto.policies.delete"] = late(function(f) return conto.policies.delete(f.policyToDelete) end)
cases["conto.policies.listRules"] = function(f) return conto.policies.listRules(f.policy) end
cases["conto.policies.addRule"] = function(f)
  return conto.policies.addRule(f.policy, {ruleType = "DAILY_LIMIT", operator = "LTE", value = "1000", action = "ALLOW"})
end
cases["conto.policies.setRules"] = function(f)
  return conto.policies.setRules(f.policyToReplace, {rules = { { ruleType = "MAX_AMOUNT", operator = "LTE", value = "250", action = "ALLOW" } }})
end
cases["conto.policies.updateRule"] = function(f) return conto.policies.updateRule(f.policy, f.rule, {value = "600"}) end
cases["conto.policies.removeRule"] = late(function(f) return conto.policies.removeRule(f.policy, f.rule) end)

-- Conto: alerts (one acknowledged then resolved singly, one in bulk)
cases["conto.alerts.list"] = function() return conto.alerts.list{status = "ACTIVE", limit = 10} end
cases["conto.alerts.stats"] = function() return conto.alerts.stats() end
cases["conto.alerts.get"] = function(f) return conto.alerts.get(f.alert) end
cases["conto.alerts.acknowledge"] = function(f) return conto.alerts.acknowledge(f.alert) end
cases["conto.alerts.resolve"] = late(function(f) return conto.alerts.resolve(f.alert) end)
cases["conto.alerts.bulkAcknowledge"] = function(f) return conto.alerts.bulkAcknowledge{alertIds = {f.alert2}} end
cases["conto.alerts.bulkResolve"] = late(function(f) return conto.alerts.bulkResolve{alertIds = {f.alert2}} end)

-- Conto: counterparties
cases["conto.counterparties.list"] = function() return conto.counterparties.list{search = "Acme"} end
cases["conto.counterparties.create"] = function()
  return conto.counterparties.create{name = "Globex", address = "0x" .. string.rep("cd", 20), status = "VERIFIED", category = "SaaS"}
end
cases["conto.counterparties.get"] = function(f) return conto.counterparties.get(f.counterparty) end
cases["conto.counterparties.update"] = function(f) return conto.counterparties.update(f.counterparty, {status = "TRUSTED", notes = "ok"}) end
cases["conto.counterparties.delete"] = late(function(f) return conto.counterparties.delete(f.counterparty) end)

-- Conto: reporting
cases["conto.transactions.list"] = function(f) return conto.transactions.list{agentId = f.agent, limit = 10} end
cases["conto.transactions.get"] = function(f)
  local tx = conto.transactions.get(f.transaction)
  if tx.status ~= "CONFIRMED" then error("the fixture payment is " .. tostring(tx.status), 0) end
  return tx
end

-- Conto: the agent side (conto.sdk.*, authenticated with the agent's SDK key)
cases["conto.sdk.payments.request"] = early(function(f)
  local r = conto.sdk.payments.request(f.agentKey, {amount = 5, recipientAddress = VENDOR, walletId = f.wallet})
  if r.status ~= "APPROVED" then error("request not approved: " .. tostring(r.status), 0) end
  f.requestId = r.requestId
  return r
end)
cases["conto.sdk.payments.approve"] = early(function(f)
  f.approval = conto.sdk.payments.approve(f.agentKey, {amount = 5, recipientAddress = VENDOR, walletId = f.wallet})
  if not f.approval.approved then error("approval denied: " .. table.concat(f.approval.reasons or {}, "; "), 0) end
  return f.approval
end)
cases["conto.sdk.payments.confirm"] = function(f)
  return conto.sdk.payments.confirm(f.agentKey, f.approval.approvalId, {txHash = TXHASH, approvalToken = f.approval.approvalToken})
end
cases["conto.sdk.payments.execute"] = function(f) return conto.sdk.payments.execute(f.agentKey, f.requestId) end
cases["conto.sdk.payments.get"] = function(f) return conto.sdk.payments.get(f.agentKey, f.requestId) end
cases["conto.sdk.policies.list"] = function(f) return conto.sdk.policies.list(f.agentKey, {walletId = f.wallet}) end
cases["conto.analytics.spendSummary"] = function(f) return conto.analytics.spendSummary{period = "month", agentId = f.agent} end
cases["conto.auditLogs.list"] = function() return conto.auditLogs.list{resource = "agent", limit = 10} end
cases["conto.organizations.listMembers"] = function() return conto.organizations.listMembers() end

---------------------------------------------------------------------------------------------
-- Runner
---------------------------------------------------------------------------------------------
local failures, notes = {}, {}
local function fail(name, why) failures[#failures + 1] = name .. ": " .. tostring(why) end

local ok, err = pcall(contioFixtures)
if not ok then error("contio fixtures failed: " .. tostring(err), 0) end
ok, err = pcall(contoFixtures)
if not ok then error("conto fixtures failed: " .. tostring(err), 0) end

-- Every catalog operation needs a case; every case must name a catalog operation.
local byName = {}
for _, op in ipairs(adminsh.operations) do
  byName[op.qualified] = op
  if cases[op.qualified] == nil then fail(op.qualified, "no case in every_operation.lua (add one)") end
end
for name in pairs(cases) do
  if not byName[name] then fail(name, "case for an operation that is not in the catalog") end
end

-- Calls: phase by phase, catalog order within a phase.
local succeeded, limited = 0, 0
for phase = 1, 3 do
  for _, op in ipairs(adminsh.operations) do
    local case = cases[op.qualified]
    if type(case) == "function" then case = {phase = 2, run = case} end
    if case and case.phase == phase then
      local okCall, result, note = pcall(case.run, f)
      if okCall and note then
        limited = limited + 1
        notes[#notes + 1] = op.qualified .. ": " .. note
      elseif okCall then
        succeeded = succeeded + 1
      else
        fail(op.qualified, result)
      end
    end
  end
end

-- Wrong types: every declared parameter, and each path parameter, refused before any request.
local function wrongValue(typ)
  if typ == "any" then return nil end
  if typ == "string" then return 12345 end
  if typ == "integer" or typ == "number" then return "not a number" end
  if typ == "boolean" then return "yes" end
  if typ:find("|", 1, true) then return "__not_one_of_them__" end   -- enumeration
  return "not a table"                                               -- table, {element}
end

local function refusedBeforeRequest(op, label, args)
  local fn = load("return " .. op.qualified)()
  local okCall, e = pcall(fn, table.unpack(args, 1, args.n))
  if okCall then return fail(op.qualified, label .. ": a wrong type was accepted") end
  if type(e) ~= "table" or e.code ~= "VALIDATION_FAILED" or e.status ~= nil then
    return fail(op.qualified, label .. ": expected a client-side VALIDATION_FAILED, got " .. tostring(e))
  end
  if not tostring(e.message):find(label, 1, true) then
    fail(op.qualified, label .. ": the refusal does not name the field: " .. tostring(e.message))
  end
end

local typedOps, typeChecks = 0, 0
for _, op in ipairs(adminsh.operations) do
  local checked = false
  -- Agent-key operations (conto.sdk.*) take the agent's SDK key first.
  local keyed = op.qualified:find("^conto%.sdk%.") ~= nil
  local function pathArgs()
    local args = {n = #op.pathParameters}
    for i = 1, args.n do
      local allowed = op.pathValues and op.pathValues[op.pathParameters[i]]
      args[i] = allowed and allowed[1] or "id_placeholder"
    end
    if keyed then table.insert(args, 1, "conto_agent_" .. string.rep("0", 64)); args.n = args.n + 1 end
    return args
  end
  if keyed then
    local args = pathArgs()
    args[1] = "conto_not_an_agent_key"
    refusedBeforeRequest(op, "sdkKey", args)
    typeChecks = typeChecks + 1
  end
  for i, name in ipairs(op.pathParameters) do
    local args = pathArgs()
    args[i + (keyed and 1 or 0)] = true
    refusedBeforeRequest(op, name, args)
    checked, typeChecks = true, typeChecks + 1
  end
  for _, p in ipairs(op.parameters) do
    local wrong = wrongValue(p.type)
    if wrong ~= nil then
      local args = pathArgs()
      args.n = args.n + 1
      args[args.n] = {[p.name] = wrong}
      refusedBeforeRequest(op, p.name, args)
      checked, typeChecks = true, typeChecks + 1
    end
  end
  if checked then typedOps = typedOps + 1 end
end

for _, line in ipairs(notes) do print("note: " .. line) end
if #failures > 0 then
  for _, line in ipairs(failures) do print("FAIL " .. line) end
  error(string.format("every operation: %d failure(s) over %d operations", #failures, #adminsh.operations), 0)
end
print(string.format("every operation: ok (%d operations: %d succeeded, %d limited as noted; %d wrong-type refusals over %d operations with typed parameters)",
  #adminsh.operations, succeeded, limited, typeChecks, typedOps))
