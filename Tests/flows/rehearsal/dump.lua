-- Everything the admin read operations show, as one JSON document: run against a source and
-- against its clone, the two documents must be equal (Tests/flows/test_rehearsal.py).
local out = { contio = {}, conto = {} }
local function safe(fn, ...)
  local ok, v = pcall(fn, ...)
  if ok then return v end
  return { error = type(v) == "table" and v.code or tostring(v) }
end
local C, O = out.contio, out.conto
C.app = safe(contio.getApp)
C.automations = safe(all, contio.getAutomations, {})
C.templates = safe(all, contio.getTemplates, {})
C.templateNextSteps = {}
for _, t in ipairs(C.templates) do C.templateNextSteps[t.id] = safe(all, contio.getTemplateNextSteps, t.id, {}) end
C.toolkits = safe(all, contio.getToolkits, {})
C.toolkitVersions, C.exports = {}, {}
for _, k in ipairs(C.toolkits) do
  C.toolkitVersions[k.id] = safe(contio.listToolkitVersions, k.id)
  C.exports[k.id] = safe(contio.exportToolkit, k.id)
end
C.connections = safe(all, contio.getUserConnections, {})
C.workspaces = safe(all, contio.getWorkspaces, {})
C.workflowTemplates = safe(all, contio.listWorkflowTemplates, {})
C.idp = safe(contio.getIdPConfig)
C.deliveries = safe(contio.getWebhookDeliveries, { limit = 100 })

O.members = safe(conto.organizations.listMembers).members
O.agents = safe(all, conto.agents.list, {})
O.agentDetails, O.links, O.assignments, O.sdkKeys = {}, {}, {}, {}
for _, a in ipairs(O.agents) do
  O.agentDetails[a.id] = safe(conto.agents.get, a.id)
  O.links[a.id] = safe(conto.agents.listWallets, a.id)
  O.assignments[a.id] = safe(conto.agents.listPolicies, a.id)
  O.sdkKeys[a.id] = safe(conto.agents.listSdkKeys, a.id)
end
O.wallets = safe(all, conto.wallets.list, {})
O.walletDetails = {}
for _, w in ipairs(O.wallets) do O.walletDetails[w.id] = safe(conto.wallets.get, w.id) end
O.policies = safe(conto.policies.list, {})
O.counterparties = safe(all, conto.counterparties.list, {})
O.alerts = safe(all, conto.alerts.list, {})
O.transactions = safe(all, conto.transactions.list, {})
print(json.encode(out))
