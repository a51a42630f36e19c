-- adminsh.host.bindings: the Lua half of the bindings. install(entries, namespaces) builds the
-- `contio`/`conto` tables from the catalog entries (one function per operation, with its help),
-- `adminsh.operations`, `each`/`all` over any list envelope, and the `secret` global.
local call, helpText = __adminsh.call, __adminsh.helpText
local secret = require "adminsh.host.secret"
local seen = require "adminsh.host.seen"
local journal = require "adminsh.journal"
-- On a real profile, destructive calls ask first at the prompt (adminsh.host.confirmation).
call = require("adminsh.host.confirmation").guard(call)

-- Wrap the operation's declared secret fields of a response as secret values (they print
-- redacted), wherever they sit in the reply.
local function wrapSecrets(v, fields, depth)
  if type(v) ~= "table" or depth > 6 then return v end
  for k, x in pairs(v) do
    if type(x) == "string" and fields[k] and #x > 0 then
      v[k] = secret.new(x)
    elseif type(x) == "table" then
      wrapSecrets(x, fields, depth + 1)
    end
  end
  return v
end

return function(entries, namespaces)
  local info = setmetatable({}, { __mode = "k" })   -- function -> catalog entry
  adminsh = adminsh or {}
  -- The catalog as data, both a sequence and a map by qualified name:
  -- adminsh.operations[i] and adminsh.operations["conto.agents.create"] are the same entry.
  adminsh.operations = {}
  for i, e in ipairs(entries) do
    local copy = {}
    for k, v in pairs(e) do copy[k] = v end
    adminsh.operations[i] = copy
    adminsh.operations[copy.qualified] = copy
  end
  local function namespace(root, dotted)
    local t = root
    for part in dotted:gmatch("[^%.]+") do
      t[part] = t[part] or {}
      t = t[part]
    end
    return t
  end

  local contio = rawget(_G, "contio") or {}
  local conto = rawget(_G, "conto") or {}
  _G.contio, _G.conto = contio, conto
  local roots = { contio = contio, conto = conto }
  for _, e in ipairs(entries) do
    local qualified = e.qualified
    local secretFields = {}
    for _, f in ipairs(e.secretFields or {}) do secretFields[f] = true end
    local fn
    local send = function(...) return call(qualified, ...) end
    if e.mutating then send = journal.wrap(e, send) end   -- journaled before it is sent (adminsh.journal)
    send = require("adminsh.host.capabilities").guard(qualified, send)   -- libraries' capabilities, checked first
    local deliver = send
    if next(secretFields) then
      deliver = function(...) return wrapSecrets(send(...), secretFields, 1) end
    end
    fn = function(...) return seen.note(e, deliver(...)) end   -- ids for Tab completion (adminsh.host.seen)
    info[fn] = e
    local parent, leaf = e.name:match("^(.*)%.([^%.]+)$")
    local t = parent and namespace(roots[e.platform], parent) or roots[e.platform]
    t[leaf or e.name] = fn
    help.set(fn, function() return helpText(qualified) end)
  end
  for path, text in pairs(namespaces) do
    local platform, rest = path:match("^(%w+)%.?(.*)$")
    local t = roots[platform]
    if rest ~= "" then t = namespace(t, rest) end
    help.set(t, text)
  end

  -- The items of one page, whatever the envelope.
  local function pageItems(entry, page)
    if entry.bare or (type(page) == "table" and page[1] ~= nil) then return page, true end
    if type(page) ~= "table" then return {}, true end
    local items = page[entry.items] or {}
    return items, false
  end

  --- each(listFn, params [, onPage]) iterates every item of every page of a list operation;
  --- onPage(page, pagesRead, total) is told about each page read (q uses it for progress).
  function _G.each(fn, params, onPage)
    local entry = info[fn]
    if not entry then error("each: expected a bound list function (e.g. contio.getToolkits)", 2) end
    if not (entry.items or entry.bare) then error("each: " .. entry.qualified .. " is not a list operation", 2) end
    params = params or {}
    local limit = params.limit or 100
    local offset = params.offset or 0
    local items, index, finished, pages = nil, 0, false, 0
    local function fetch()
      local args = {}
      for k, v in pairs(params) do args[k] = v end
      args.limit, args.offset = limit, offset
      local page = fn(args)
      local single
      items, single = pageItems(entry, page)
      index = 0
      offset = offset + #items
      local total = type(page) == "table" and (page.total or (type(page.pagination) == "table" and page.pagination.total))
      local more -- nil unless the envelope says (Conto's pagination.hasMore)
      if type(page) == "table" and type(page.pagination) == "table" then more = page.pagination.hasMore end
      finished = single or #items < limit or (math.type(total) and offset >= total) or more == false
      pages = pages + 1
      if onPage then onPage(page, pages, math.type(total) and total or nil) end
    end
    return function()
      if items == nil then fetch() end
      while true do
        index = index + 1
        if items[index] ~= nil then return items[index] end
        if finished then return nil end
        fetch()
        if #items == 0 then return nil end
      end
    end
  end

  --- all(listFn, params) returns every item of every page as one sequence.
  function _G.all(fn, params)
    local out = {}
    for item in each(fn, params) do out[#out + 1] = item end
    return out
  end

  help.set(each, "each(listFn, {params}) -> iterator\n  for agent in each(conto.agents.list, {status='ACTIVE'}) do ... end\n  Walks every page of any list operation, whatever its envelope.")
  help.set(all, "all(listFn, {params}) -> {items}\n  Every item of every page of a list operation, as one sequence.")
  _G.secret = secret
  _G.journal, _G.undo = journal, journal.undo
end
