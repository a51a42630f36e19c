-- Automations, toolkit versions and webhook settings, against a fresh sandbox.
local automation = contio.createAutomation{
  name = "Create CRM Contact", description = "Create contacts from meeting action items",
  trigger_type = "action_item_match",
  actions = { { type = "phrase_match", config = { phrases = {"create contact", "add contact"} } } },
}
assert(automation.id, "automation created")
assert(contio.getAutomation(automation.id).name == "Create CRM Contact")

local manifest = { templates = json.array{}, next_steps = json.array{}, action_buttons = json.array{} }
local created = contio.createToolkit{name = "Release kit", slug = "release-kit-" .. os.time(), version = "1.0.0", manifest = manifest}
local toolkit = created.toolkit
assert(toolkit and toolkit.id, "toolkit created")
local v1 = contio.createToolkitVersion(toolkit.id, {version_label = "1.0.1", manifest = manifest, changelog = "first"}).version
assert(v1.status == "DRAFT", "new version is a draft")
contio.updateToolkitVersion(toolkit.id, v1.id, {changelog = "first release"})
contio.publishToolkitVersion(toolkit.id, v1.id, {})
assert(contio.getToolkitVersion(toolkit.id, v1.id).status == "PUBLISHED")
local v2 = contio.createToolkitVersion(toolkit.id, {version_label = "1.1.0", manifest = manifest}).version
contio.publishToolkitVersion(toolkit.id, v2.id, {})
assert(contio.getToolkitVersion(toolkit.id, v1.id).status == "DEPRECATED", "publishing deprecates the previous")
contio.republishToolkitVersion(toolkit.id, v1.id, {})
assert(contio.getToolkitVersion(toolkit.id, v1.id).status == "PUBLISHED", "republished")

contio.setWebhookFilter{type = "include", events = {"meeting.created"}}
assert(contio.getApp().webhook_filter ~= json.null, "filter set")
contio.removeWebhookFilter()
contio.updateWebhookStatus{enabled = false}
contio.updateWebhookStatus{enabled = true, pending_disposition = "abandon"}
print("contio toolkits and webhooks: ok")
