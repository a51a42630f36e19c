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

-- Code points a terminal draws two columns wide (East Asian wide and full-width forms, emoji);
-- combining marks and zero-width characters take none.
local wideRanges = {
  { 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
  { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 },
  { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
}
local function charWidth(c)
  if (c >= 0x0300 and c <= 0x036F) or c == 0x200B or c == 0x200D or (c >= 0xFE00 and c <= 0xFE0F) then return 0 end
  if c < 0x1100 then return 1 end
  for _, r in ipairs(wideRanges) do
    if c >= r[1] and c <= r[2] then return 2 end
  end
  return 1
end

--- width(s): columns a string takes on a terminal (UTF-8 aware; bytes when s is not UTF-8).
function M.width(s)
  if not utf8.len(s) then return #s end
  if not s:find("[\xC0-\xFF]") then return #s end   -- ASCII and the common case
  local n = 0
  for _, c in utf8.codes(s) do n = n + charWidth(c) end
  return n
end

-- The characters of s as {text, width} pairs.
local function chars(s)
  local out = {}
  if not utf8.len(s) then
    for i = 1, #s do out[i] = { s:sub(i, i), 1 } end
    return out
  end
  for p, c in utf8.codes(s) do out[#out + 1] = { utf8.char(c), charWidth(c) } end
  return out
end

--- shorten(s, w): s in at most w columns, the middle replaced by "…".
function M.shorten(s, w)
  if M.width(s) <= w then return s end
  if w <= 1 then return w == 1 and "…" or "" end
  local list = chars(s)
  local headRoom = (w - 1) - (w - 1) // 2
  local tailRoom = (w - 1) // 2
  local head, used, i = {}, 0, 1
  while i <= #list and used + list[i][2] <= headRoom do
    head[#head + 1] = list[i][1]; used = used + list[i][2]; i = i + 1
  end
  local tail, tailUsed, j = {}, 0, #list
  while j >= i and tailUsed + list[j][2] <= tailRoom + (headRoom - used) do
    table.insert(tail, 1, list[j][1]); tailUsed = tailUsed + list[j][2]; j = j - 1
  end
  return table.concat(head) .. "…" .. table.concat(tail)
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
