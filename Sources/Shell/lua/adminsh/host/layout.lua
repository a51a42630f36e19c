-- adminsh.host.layout: records as a table that fits a width. Cells print compactly (nested
-- values as `[2 wallets]`, `{3 fields}`, timestamps without their `T`/`Z`), long cells are
-- shortened in the middle so an id keeps both ends, and no line is wider than asked: columns
-- narrow first, then the last ones are left out (or, when the caller named the columns, each
-- record prints as a block of `key  value` lines instead).
local M = {}

local function custom(v)
  local mt = getmetatable(v)
  return mt ~= nil and (type(mt) ~= "table" or mt.__tostring ~= nil)
end

--- width(s): columns a string takes (UTF-8 aware).
function M.width(s) return utf8.len(s) or #s end

--- shorten(s, w): s in at most w columns, the middle replaced by "…".
function M.shorten(s, w)
  local n = M.width(s)
  if n <= w then return s end
  if w <= 1 then return w == 1 and "…" or "" end
  local head = (w - 1) - (w - 1) // 2
  local tail = (w - 1) // 2
  local valid = utf8.len(s) ~= nil
  local function sub(i, j)   -- characters i..j (1-based, inclusive); bytes when s is not UTF-8
    if j < i then return "" end
    if not valid then return s:sub(i, j) end
    return s:sub(utf8.offset(s, i), utf8.offset(s, j + 1) - 1)
  end
  return sub(1, head) .. "…" .. sub(n - tail + 1, n)
end

local function isArray(t)
  local mt = getmetatable(t)
  return #t > 0 or (type(mt) == "table" and rawget(mt, "__jsontype") == "array")
end

--- cell(v, key) -> one line of text for a value in column `key`
function M.cell(v, key)
  local s
  if v == nil or (json and rawequal(v, json.null)) then
    s = ""
  elseif type(v) == "string" then
    local date, time = v:match("^(%d%d%d%d%-%d%d%-%d%d)T(%d%d:%d%d:%d%d)[%.%d]*Z$")
    s = date and (date .. " " .. time) or v
  elseif type(v) == "table" and not custom(v) then
    local n, count = #v, 0
    for _ in pairs(v) do count = count + 1 end
    if count == 0 then s = isArray(v) and "[]" or "{}"
    elseif n == count then s = "[" .. n .. " " .. (key or "items") .. "]"
    else s = "{" .. count .. (count == 1 and " field}" or " fields}") end
  else
    local ok, text = pcall(tostring, v)
    s = ok and text or "?"
  end
  return (s:gsub("[%c]", " "))
end

-- Column widths that fit `limit`: the widest column gives way first, none below its minimum.
-- Returns the widths and how many columns (from the left) fit.
local function fit(natural, minimum, limit)
  local widths, n = {}, #natural
  for j = 1, n do widths[j] = natural[j] end
  local function total(count)
    local sum = 1 + 2 * (count - 1)
    for j = 1, count do sum = sum + widths[j] end
    return sum
  end
  local count = n
  while count > 0 do
    local excess = total(count) - limit
    while excess > 0 do
      local widest
      for j = 1, count do
        if widths[j] > minimum[j] and (not widest or widths[j] > widths[widest]) then widest = j end
      end
      if not widest then break end
      widths[widest] = widths[widest] - 1
      excess = excess - 1
    end
    if excess <= 0 then return widths, count end
    if count == 1 then widths[1] = math.max(1, limit - 1); return widths, 1 end
    count = count - 1
    for j = 1, count do widths[j] = natural[j] end
  end
  return widths, 0
end

--- render(rows, columns, opts) -> lines, shown
--- opts: width, maxRows, maxCell, strict (the caller named the columns: never leave one out),
--- paint(kind, text) with kind "head" or "dim". `shown` is how many columns fit.
function M.render(rows, columns, opts)
  local limit = math.max(opts.width or 100, 20)
  local paint = opts.paint or function(_, s) return s end
  local shownRows = math.min(#rows, opts.maxRows or #rows)
  local cells, natural, minimum = {}, {}, {}
  for j, c in ipairs(columns) do
    natural[j] = M.width(c)
    minimum[j] = math.min(natural[j], 6)
  end
  local rigid = {}
  for j in ipairs(columns) do rigid[j] = true end
  for i = 1, shownRows do
    local row = {}
    for j, c in ipairs(columns) do
      local v = rows[i][c]
      if type(v) == "string" and not v:match("^%d%d%d%d%-%d%d%-%d%dT[%d:%.]+Z$") then rigid[j] = false end
      local text = M.cell(v, c)
      if opts.maxCell and M.width(text) > opts.maxCell then text = M.shorten(text, opts.maxCell) end
      row[j] = text
      natural[j] = math.max(natural[j], M.width(text))
    end
    cells[i] = row
  end
  for j in ipairs(columns) do
    -- Long text (ids, descriptions) narrows to 12 columns before a column is left out; short
    -- text (names, enum values), timestamps, numbers and flags only read whole.
    local short = natural[j] <= 16
    minimum[j] = (rigid[j] or short) and natural[j] or math.max(M.width(columns[j]), 12)
  end
  local widths, shown = fit(natural, minimum, limit)
  if opts.strict and shown < #columns then
    return M.expanded(rows, columns, opts), #columns
  end
  local function line(texts, kind)
    local out = {}
    for j = 1, shown do
      local s = M.shorten(texts[j], widths[j])
      local pad = j < shown and string.rep(" ", widths[j] - M.width(s)) or ""
      out[j] = (kind and paint(kind, s) or s) .. pad
    end
    return ((" " .. table.concat(out, "  ")):gsub(" +$", ""))
  end
  local lines = { line(columns, "head") }
  for i = 1, shownRows do lines[#lines + 1] = line(cells[i]) end
  if #rows > shownRows then lines[#lines + 1] = paint("dim", " … " .. (#rows - shownRows) .. " more rows") end
  return lines, shown
end

--- expanded(rows, columns, opts) -> lines: each record as `key  value` lines, for columns that
--- cannot stand side by side.
function M.expanded(rows, columns, opts)
  local limit = math.max(opts.width or 100, 20)
  local paint = opts.paint or function(_, s) return s end
  local keyWidth = 0
  for _, c in ipairs(columns) do keyWidth = math.max(keyWidth, M.width(c)) end
  keyWidth = math.min(keyWidth, limit // 3)
  local lines = {}
  local shownRows = math.min(#rows, opts.maxRows or #rows)
  for i = 1, shownRows do
    local label = "─ " .. i .. " "
    lines[#lines + 1] = paint("dim", label .. string.rep("─", math.max(0, limit - 1 - M.width(label))))
    for _, c in ipairs(columns) do
      local key = M.shorten(c, keyWidth)
      local value = M.shorten(M.cell(rows[i][c], c), limit - keyWidth - 3)
      local line = " " .. paint("head", key) .. string.rep(" ", keyWidth - M.width(key)) .. "  " .. value
      lines[#lines + 1] = (line:gsub("%s+$", ""))
    end
  end
  if #rows > shownRows then lines[#lines + 1] = paint("dim", " … " .. (#rows - shownRows) .. " more rows") end
  return lines
end

--- joinNotes(parts, width) -> lines: footer parts joined with " · ", broken to fit the width.
function M.joinNotes(parts, width)
  local lines, current = {}, nil
  for _, p in ipairs(parts) do
    if not current then current = p
    elseif M.width(current) + 3 + M.width(p) <= width then current = current .. " · " .. p
    else lines[#lines + 1] = current; current = p end
  end
  if current then lines[#lines + 1] = current end
  for i, l in ipairs(lines) do lines[i] = M.shorten(l, width) end
  return lines
end

return M
