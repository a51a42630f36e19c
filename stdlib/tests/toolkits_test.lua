-- adminsh.toolkits against a fresh sandbox: release, re-run, rollback, export and import.
local toolkits = require "adminsh.toolkits"
local files = require "adminsh.files"

local function manifest(prompt)
  return { toolkit_prompt = prompt, templates = json.array{}, next_steps = json.array{}, action_buttons = json.array{} }
end
local kit = contio.createToolkit{ name = "Release kit", slug = "release-kit", version = "1.0.0", manifest = manifest("v1") }.toolkit
local file = os.tmpname()

test("release publishes a new version from a manifest table", function()
  local r = toolkits.release{ toolkit = kit.id, manifest = manifest("v1.1"), label = "1.1.0", changelog = "better prompt" }
  expect.eq(r.ok, true, r.message)
  expect.eq(r.version.status, "PUBLISHED", "published")
  expect.eq(r.previous.label, "1.0.0", "previous recorded")
  expect.truthy(r.installations and r.installations.total_connected_workspaces, "installations checked")
  expect.eq(contio.getToolkit(kit.id).manifest.toolkit_prompt, "v1.1", "toolkit serves the new manifest")
end)

test("release from a file, with propagation", function()
  local f = io.open(file, "w")
  f:write(json.encode(manifest("v1.2")))
  f:close()
  local r = toolkits.release{ toolkit = kit.id, manifest = file, label = "1.2.0", propagate = true }
  expect.eq(r.ok, true, r.message)
  expect.eq(r.propagation, "normal", "propagate=true means normal")
  expect.eq(r.previous.label, "1.1.0", "previous")
end)

test("an interrupted release (draft left behind) is continued, another draft is refused", function()
  contio.createToolkitVersion(kit.id, { version_label = "1.3.0", manifest = manifest("half") })
  local refused = toolkits.release{ toolkit = kit.id, manifest = manifest("other"), label = "9.9.9" }
  expect.eq(refused.ok, false, "refused")
  expect.truthy(refused.message:find("already has a draft '1.3.0'"), refused.message)
  local r = toolkits.release{ toolkit = kit.id, manifest = manifest("v1.3"), label = "1.3.0" }
  expect.eq(r.ok, true, r.message)
  expect.eq(contio.getToolkit(kit.id).manifest.toolkit_prompt, "v1.3", "draft updated to the given manifest")
end)

test("rollback republishes the previous version", function()
  local r = toolkits.rollback(kit.id)
  expect.eq(r.ok, true, r.message)
  expect.eq(r.from.label, "1.3.0", "from")
  expect.eq(r.to.label, "1.2.0", "to")
  for _, v in ipairs(contio.listToolkitVersions(kit.id)) do
    if v.version_label == "1.2.0" then expect.eq(v.status, "PUBLISHED", "1.2.0 live again") end
    if v.version_label == "1.3.0" then expect.eq(v.status, "DEPRECATED", "1.3.0 deprecated") end
  end
  local explicit = toolkits.rollback(kit.id, { to = "1.0.0" })
  expect.eq(explicit.to.label, "1.0.0", "explicit target")
  expect.error(function() toolkits.rollback(kit.id, { to = "7.7.7" }) end, "no version '7.7.7'")
end)

test("a release failing after the draft was made discards that draft", function()
  -- The update step (PATCH of the new draft) fails; dry run and draft creation go through.
  sandbox.fault{ path_prefix = "/v1/partner/admin/toolkits/" .. kit.id .. "/versions", method = "PATCH", status = 400, count = 1 }
  local r = toolkits.release{ toolkit = kit.id, manifest = manifest("broken"), label = "2.0.0" }
  sandbox.clearFaults()
  expect.eq(r.ok, false, "failed")
  expect.truthy(r.message:find("draft was discarded"), r.message)
  for _, v in ipairs(contio.listToolkitVersions(kit.id)) do
    expect.truthy(v.status ~= "DRAFT", "no draft left (" .. v.version_label .. ")")
  end
end)

test("export then import round-trips the manifest", function()
  local r = toolkits.export(kit.id, file)
  expect.eq(r.path, file)
  local doc = json.decode(files.read(file))
  expect.truthy(doc.manifest and doc.metadata, "export document written")
  local imported = toolkits.import(file, { slug = "release-kit-copy", name = "Release kit copy" })
  expect.eq(imported.ok, true, "imported")
  expect.eq(imported.toolkit.slug, "release-kit-copy", "new slug")
  expect.eq(contio.getToolkit(imported.toolkit.id).manifest.toolkit_prompt, doc.manifest.toolkit_prompt, "same manifest")
end)

test("options are checked", function()
  expect.error(function() toolkits.release{ manifest = {}, label = "1" } end, "toolkit %(the toolkit id%) is required")
  expect.error(function() toolkits.release{ toolkit = kit.id, manifest = {}, label = "1", propagate = "loud" } end, "propagate must be")
  expect.error(function() toolkits.release{ toolkit = kit.id, manifest = "/nonexistent.json", label = "1" } end, "nonexistent")
end)
