-- adminsh.host.pp: the pretty printer, in Lua so it sees metatables (`__tostring`, `__name`)
-- and never copies values out of the state. new(color) returns a printer table (`render(value)`,
-- `renderAll(pack)`, `table(rows, columns)`, settings maxDepth, maxItems, maxRows, width, maxCell)
-- that prints when called. Lists print as tables that fit the terminal (adminsh.host.layout),
-- with the catalog's columns for the resource (adminsh.host.records).
local records = require "adminsh.host.records"
local layout = require "adminsh.host.layout"
local printer = {}

-- Columns of the terminal: $COLUMNS, else the terminal's own width (nil when not a terminal).
local function terminalColumns()
  local env = tonumber(os.getenv("COLUMNS") or "")
  if env and env >= 20 then return math.floor(env) end
  local probe = rawget(_G, "__adminsh") and __adminsh.terminalColumns
  local n = probe and probe()
  if math.type(n) == "integer" and n >= 20 then return n end
end

function printer.new(color)
  -- width = nil: the terminal's ($COLUMNS, the terminal, else 100); set it to override.
  local M = { maxDepth = 4, maxItems = 40, maxRows = 100, width = nil, maxCell = 40 }
  local function lineWidth() return M.width or terminalColumns() or 100 end
  local C = color and {
    str = "\27[32m", num = "\27[36m", kw = "\27[35m", dim = "\27[2m", head = "\27[1m", reset = "\27[0m",
  } or { str = "", num = "", kw = "", dim = "", head = "", reset = "" }

  local function paint(c, s) return c == "" and s or (c .. s .. C.reset) end

  local function quote(s)
    s = s:gsub('[%c"\\]', function(ch)
      if ch == "\n" then return "\\n" elseif ch == "\t" then return "\\t"
      elseif ch == '"' then return '\\"' elseif ch == "\\" then return "\\\\"
      else return string.format("\\%03d", ch:byte()) end
    end)
    return '"' .. s .. '"'
  end

  local function custom(v)
    local mt = getmetatable(v)
    if type(mt) == "table" and mt.__tostring then
      local ok, s = pcall(tostring, v)
      return ok and s or "<__tostring failed>"
    end
  end

  local function scalar(v)
    local t = type(v)
    if t == "string" then return paint(C.str, quote(v))
    elseif t == "number" then return paint(C.num, tostring(v))
    elseif t == "boolean" or t == "nil" then return paint(C.kw, tostring(v))
    end
    local c = custom(v)
    if c then return (c == "null") and paint(C.kw, c) or c end
    return paint(C.dim, "<" .. tostring(v) .. ">")
  end

  local function keyOrder(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta == "number" end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end

  local function isIdent(k) return type(k) == "string" and k:match("^[%a_][%w_]*$") end

  -- Keys in print order: a record of a catalog resource shows its key fields first, in their
  -- declared order; everything else sorts.
  local function sortedKeys(t)
    local keys, n = {}, #t
    for k in pairs(t) do
      if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
    end
    local first = {}
    local entry = n == 0 and records.resourceOf(t)
    if entry then
      for i, c in ipairs(entry.columns) do first[c] = i end
    end
    table.sort(keys, function(a, b)
      local fa, fb = first[a], first[b]
      if fa or fb then
        if fa and fb then return fa < fb end
        return fa ~= nil
      end
      return keyOrder(a, b)
    end)
    return keys, n
  end

  local render

  local function width(s) return layout.width(s) end

  local function paintKind(kind, s)
    return paint(kind == "head" and C.head or C.dim, s)
  end

  -- The columns to show: "all", the caller's list, or the resource's declared ones (the rest
  -- hidden); the number hidden.
  local function chooseColumns(rows, entry, wanted)
    if type(wanted) == "table" then return wanted, 0, true end
    local order, declared = records.columnOrder(rows, entry and entry.columns)
    if wanted == "all" then return order, 0, true end
    if entry and declared > 0 then
      local shown = {}
      for i = 1, declared do shown[i] = order[i] end
      return shown, #order - declared, false
    end
    return order, 0, false
  end

  -- Table lines for `rows` and the notes that go under it.
  local function tableLines(rows, entry, wanted)
    local columns, hidden, strict = chooseColumns(rows, entry, wanted)
    local lines, shown = layout.render(rows, columns, {
      width = lineWidth(), maxRows = M.maxRows, maxCell = M.maxCell, strict = strict, paint = paintKind,
    })
    hidden = hidden + (#columns - shown)
    local notes = {}
    if hidden > 0 then notes[1] = "+" .. hidden .. (hidden == 1 and " column" or " columns") .. ': pp.table(_, "all")' end
    return lines, notes
  end

  local function withNotes(lines, notes)
    for _, l in ipairs(layout.joinNotes(notes, lineWidth())) do lines[#lines + 1] = paint(C.dim, l) end
    return table.concat(lines, "\n")
  end

  -- One page of a list: its records as a table, then `5 of 5 agents · limit 50 offset 0 · ...`.
  local function renderReply(reply, wanted)
    local rows = records.isRecords(reply.items) and reply.items or {}
    local noun = reply.entry and reply.entry.noun or reply.key
    local lines, notes = {}, {}
    if #rows > 0 then lines, notes = tableLines(rows, reply.entry, wanted) end
    local count = reply.total and (#rows .. " of " .. reply.total .. " " .. noun) or (#rows .. " " .. noun)
    table.insert(notes, 1, count)
    if reply.limit then table.insert(notes, 2, "limit " .. reply.limit .. " offset " .. (reply.offset or 0)) end
    notes[#notes + 1] = "_." .. reply.key .. " for the records"
    return withNotes(lines, notes)
  end

  --- renderTable(rows, columns) -> text: rows (records, a list reply or a query) as a table;
  --- columns nil (the resource's), "all", or a list of names.
  function M.renderTable(rows, columns)
    if columns ~= nil and columns ~= "all" and type(columns) ~= "table" then
      error("pp.table: columns must be \"all\" or a list of names, got " .. type(columns), 2)
    end
    local reply = records.listReply(rows)
    if reply then return renderReply(reply, columns) end
    local list, entry = records.rowsOf(rows)
    if not list then
      if type(rows) == "table" and next(rows) == nil then return "" end
      error("pp.table: expected a sequence of records or a list reply, got " .. type(rows), 2)
    end
    return withNotes(tableLines(list, entry, columns))
  end

  --- table(rows, columns): prints rows as a table (see renderTable).
  function M.table(rows, columns) print(M.renderTable(rows, columns)) end

  local function compact(t, depth, seen)
    if seen[t] then return paint(C.dim, "<cycle>") end
    if depth > M.maxDepth then return "{…}" end
    seen[t] = true
    local parts = {}
    local keys, n = sortedKeys(t)
    local shown = 0
    for i = 1, n do
      shown = shown + 1
      if shown > M.maxItems then break end
      parts[#parts + 1] = render(t[i], depth + 1, seen)
    end
    for _, k in ipairs(keys) do
      shown = shown + 1
      if shown > M.maxItems then break end
      local name = isIdent(k) and k or ("[" .. scalar(k) .. "]")
      parts[#parts + 1] = name .. " = " .. render(t[k], depth + 1, seen)
    end
    local total = n + #keys
    if total > M.maxItems then parts[#parts + 1] = paint(C.dim, "… " .. (total - M.maxItems) .. " more") end
    seen[t] = nil
    if #parts == 0 then return "{}" end
    return "{ " .. table.concat(parts, ", ") .. " }", parts
  end

  local function indented(t, depth, seen, indent)
    if seen[t] then return paint(C.dim, "<cycle>") end
    local one, parts = compact(t, depth, seen)
    if not parts or (not one:find("\n") and width(one) + #indent <= lineWidth()) then return one end
    seen[t] = true
    local pad = indent .. "  "
    local lines = {}
    local keys, n = sortedKeys(t)
    local shown = 0
    local function item(prefix, v)
      local s = type(v) == "table" and not custom(v) and depth < M.maxDepth and indented(v, depth + 1, seen, pad)
                or render(v, depth + 1, seen)
      lines[#lines + 1] = pad .. prefix .. s .. ","
    end
    for i = 1, n do
      shown = shown + 1
      if shown > M.maxItems then break end
      item("", t[i])
    end
    for _, k in ipairs(keys) do
      shown = shown + 1
      if shown > M.maxItems then break end
      item((isIdent(k) and k or ("[" .. scalar(k) .. "]")) .. " = ", t[k])
    end
    local total = n + #keys
    if total > M.maxItems then lines[#lines + 1] = pad .. paint(C.dim, "… " .. (total - M.maxItems) .. " more") end
    seen[t] = nil
    return "{\n" .. table.concat(lines, "\n") .. "\n" .. indent .. "}"
  end

  function render(v, depth, seen)
    if type(v) ~= "table" or custom(v) then return scalar(v) end
    return (compact(v, depth, seen))
  end

  function M.render(v)
    if type(v) == "table" and not custom(v) then
      local reply = records.listReply(v)
      if reply then return renderReply(reply) end
      if records.isRecords(v) then return withNotes(tableLines(v, records.resourceOf(v))) end
      local keyed = records.keyedRecords(v)
      if keyed then return withNotes(tableLines(keyed, records.resourceOf(keyed))) end
      return indented(v, 1, {}, "")
    end
    return scalar(v)
  end

  function M.renderAll(pack)
    local out = {}
    for i = 1, pack.n do out[i] = M.render(pack[i]) end
    return table.concat(out, "\n")
  end

  -- pp(value, ...) prints like the prompt does.
  if rawget(_G, "help") then
    help.set(M.table, 'pp.table(rows [, columns])\n  Prints records, a list reply or a query as a table that fits the terminal.\n  columns: nil (the resource\'s own), "all", or {"id", "name", ...} in that order.')
    help.set(M.renderTable, "pp.renderTable(rows [, columns]) -> string\n  The text pp.table prints.")
  end
  return setmetatable(M, { __call = function(self, ...) print(self.renderAll(table.pack(...))) end })
end

return printer
