-- adminsh.toolkits: release, roll back, export and import Contio toolkit versions.
local util = require "adminsh.util"

local M = {}
M.help = [[adminsh.toolkits: toolkit releases
  toolkits.release{toolkit=id, manifest=path_or_table, label='1.2.0', changelog=, propagate=false|true|'normal'|'force'}
    -> {ok, version, previous, propagation, installations, warnings}: validate (dry run) -> draft -> update -> publish -> check.
    A draft with the same label is reused (a re-run continues); a draft with another label is an error
    unless replaceDraft=true. A failure before publishing discards the draft this run created.
  toolkits.rollback(toolkitId [, {to=versionId_or_label}]) -> republishes the previous (or the given) version
  toolkits.export(toolkitId, path) -> writes the portable manifest (JSON) to path
  toolkits.import(path [, {name=, slug=, version=, dry_run=}]) -> creates a toolkit from an exported file]]

-- A manifest from a table, a JSON file, or an export document ({manifest, metadata}).
local function loadManifest(src, fname)
  local doc = src
  if type(src) == "string" then
    local ok, decoded = pcall(json.decode, util.readFile(src))
    if not ok then error(fname .. ": manifest file " .. src .. " is not valid JSON: " .. tostring(decoded), 3) end
    doc = decoded
  end
  if type(doc) ~= "table" then error(fname .. ": manifest must be a table or a path to a JSON file", 3) end
  if type(doc.manifest) == "table" then return doc.manifest, doc.metadata end
  return doc, nil
end

local function versions(toolkitId)
  local list = contio.listToolkitVersions(toolkitId)
  table.sort(list, function(a, b) return (a.version_number or 0) < (b.version_number or 0) end)
  return list
end

local function withStatus(list, status)
  local out = {}
  for _, v in ipairs(list) do if v.status == status then out[#out + 1] = v end end
  return out
end

local PROPAGATION = { none = true, normal = true, force = true }

local RELEASE_OPTIONS = { toolkit = "string", manifest = "string|table", label = "string", changelog = "string",
                          propagate = "boolean|string", replaceDraft = "boolean" }

function M.release(opts)
  opts = util.options(opts, RELEASE_OPTIONS, "toolkits.release")
  if not opts.toolkit then error("toolkits.release: toolkit (the toolkit id) is required", 2) end
  if not opts.label then error("toolkits.release: label (the version label, e.g. '1.2.0') is required", 2) end
  if opts.manifest == nil then error("toolkits.release: manifest (a table or a JSON file path) is required", 2) end
  local propagation = opts.propagate == true and "normal" or opts.propagate or "none"
  if opts.propagate == false then propagation = "none" end
  if not PROPAGATION[propagation] then error("toolkits.release: propagate must be true, false, 'normal', 'force' or 'none'", 2) end
  local manifest = loadManifest(opts.manifest, "toolkits.release")
  local id = opts.toolkit
  local report = { ok = false, toolkit = id, label = opts.label, propagation = propagation, warnings = {} }

  -- 1. Validate first, so a bad manifest creates nothing.
  local dry = contio.createToolkitVersion(id, { version_label = opts.label, manifest = manifest, dry_run = true })
  if type(dry) == "table" and type(dry.validation) == "table" then
    for _, w in ipairs(dry.validation.warnings or {}) do report.warnings[#report.warnings + 1] = w end
    if dry.validation.valid == false then
      report.errors = dry.validation.errors
      report.message = "manifest is not valid: " .. json.encode(dry.validation.errors or {})
      return report
    end
  end

  -- 2. Draft: reuse ours (same label) from an interrupted run, never someone else's.
  local before = versions(id)
  local published = withStatus(before, "PUBLISHED")[1]
  report.previous = published and { id = published.id, label = published.version_label } or nil
  local draft = withStatus(before, "DRAFT")[1]
  local createdDraft = false
  if draft and draft.version_label ~= opts.label then
    if not opts.replaceDraft then
      report.message = string.format("toolkit %s already has a draft '%s'; publish or discard it, or pass replaceDraft=true", id, draft.version_label)
      return report
    end
    contio.discardToolkitVersion(id, draft.id)
    draft = nil
  end
  if not draft then
    local created = contio.createToolkitVersion(id, { version_label = opts.label, manifest = manifest, changelog = opts.changelog })
    draft = created.version or created
    createdDraft = true
  end
  report.version = { id = draft.id, label = opts.label }

  local ok, err = pcall(function()
    -- 3. Update: the draft carries exactly this manifest and changelog (also when reused).
    contio.updateToolkitVersion(id, draft.id, { manifest = manifest, changelog = opts.changelog })
    -- 4. Publish; the previous published version becomes DEPRECATED (rollback target).
    contio.publishToolkitVersion(id, draft.id, { propagation = propagation })
  end)
  if not ok then
    if createdDraft then pcall(contio.discardToolkitVersion, id, draft.id) end
    report.error = err
    report.message = "release failed: " .. util.errorText(err) .. (createdDraft and " (the draft was discarded)" or "")
    return report
  end

  -- 5. Check the result and the installations.
  if util.planning() or util.planned(draft) then
    report.planned = true
  else
    local v = contio.getToolkitVersion(id, draft.id)
    report.version.status = v.status
    if v.status ~= "PUBLISHED" then
      report.message = "published, but the version reads back as " .. tostring(v.status)
      return report
    end
    local inst = contio.getToolkitInstallations(id, { limit = 100 })
    report.installations = inst.summary
    report.installations.total_connected_workspaces = inst.total_connected_workspaces
  end
  report.ok = true
  return report
end

function M.rollback(toolkitId, opts)
  if type(toolkitId) ~= "string" then error("toolkits.rollback: toolkitId must be a string", 2) end
  opts = util.options(opts, { to = "string" }, "toolkits.rollback")
  local list = versions(toolkitId)
  local current = withStatus(list, "PUBLISHED")[1]
  local target
  if opts.to then
    for _, v in ipairs(list) do if v.id == opts.to or v.version_label == opts.to then target = v end end
    if not target then error("toolkits.rollback: no version '" .. opts.to .. "' in toolkit " .. toolkitId, 2) end
    if target.status ~= "DEPRECATED" then
      error("toolkits.rollback: version '" .. opts.to .. "' is " .. tostring(target.status) .. "; only a DEPRECATED version can be republished", 2)
    end
  else
    -- The previous release: the newest deprecated version older than the current one.
    for _, v in ipairs(withStatus(list, "DEPRECATED")) do
      if not current or (v.version_number or 0) < (current.version_number or 0) then target = v end
    end
    if not target then
      return { ok = false, message = "nothing to roll back to: toolkit " .. toolkitId .. " has no earlier deprecated version" }
    end
  end
  contio.republishToolkitVersion(toolkitId, target.id)
  return { ok = true, from = current and { id = current.id, label = current.version_label } or nil,
           to = { id = target.id, label = target.version_label } }
end

function M.export(toolkitId, path)
  if type(toolkitId) ~= "string" then error("toolkits.export: toolkitId must be a string", 2) end
  if type(path) ~= "string" then error("toolkits.export: path must be a string", 2) end
  local doc = contio.exportToolkit(toolkitId)
  util.writeFile(path, json.encode(doc, { pretty = true }))
  return { path = path, metadata = doc.metadata, summary = doc.summary, warnings = doc.warnings }
end

function M.import(path, opts)
  if type(path) ~= "string" then error("toolkits.import: path must be a string", 2) end
  opts = util.options(opts, { name = "string", slug = "string", version = "string", description = "string", dry_run = "boolean" }, "toolkits.import")
  local manifest, meta = loadManifest(path, "toolkits.import")
  meta = meta or {}
  local fields = {
    name = opts.name or meta.name, slug = opts.slug or meta.slug, version = opts.version or meta.version or "1.0.0",
    description = opts.description or meta.description, manifest = manifest, dry_run = opts.dry_run,
  }
  for _, k in ipairs{ "name", "slug" } do
    if not fields[k] then error("toolkits.import: " .. k .. " is missing from the file's metadata; pass {" .. k .. "=...}", 2) end
  end
  local r = contio.createToolkit(fields)
  return { ok = r.validation == nil or r.validation.valid ~= false, toolkit = r.toolkit, validation = r.validation,
           conflicts = r.conflicts, summary = r.summary }
end

if help and help.set then
  help.set(M, M.help)
  help.set(M.release, "toolkits.release{toolkit=, manifest=, label=, changelog=, propagate=false|'normal'|'force', replaceDraft=false} -> report")
  help.set(M.rollback, "toolkits.rollback(toolkitId [, {to=versionId_or_label}]) -> {ok, from, to}")
  help.set(M.export, "toolkits.export(toolkitId, path) -> {path, metadata, summary, warnings}")
  help.set(M.import, "toolkits.import(path [, {name=, slug=, version=, dry_run=}]) -> {ok, toolkit, validation, conflicts}")
end
return M
