-- adminsh.host.pp: the pretty printer, in Lua so it sees metatables (`__tostring`, `__name`)
-- and never copies values out of the state. new(color) returns a printer table (`render(value)`,
-- `renderAll(pack)`, settings maxDepth, maxItems, width, maxCell) that prints when called.
local printer = {}

function printer.new(color)
  local M = { maxDepth = 4, maxItems = 40, width = 100, maxCell = 40 }
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

  local function sortedKeys(t)
    local keys, n = {}, #t
    for k in pairs(t) do
      if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
    end
    table.sort(keys, keyOrder)
    return keys, n
  end

  local render

  -- A sequence of records sharing keys prints as an aligned table.
  local function recordColumns(t)
    local n = #t
    if n == 0 or custom(t) then return nil end
    local cols, seen, count = {}, {}, 0
    for k in pairs(t) do count = count + 1 end
    if count ~= n then return nil end
    for i = 1, n do
      local row = t[i]
      if type(row) ~= "table" or custom(row) or #row > 0 then return nil end
      for k, v in pairs(row) do
        if type(k) ~= "string" then return nil end
        if not seen[k] then seen[k] = true; cols[#cols + 1] = k end
      end
    end
    if #cols == 0 then return nil end
    local priority = { id = 1, name = 2 }
    table.sort(cols, function(a, b)
      local pa, pb = priority[a] or 9, priority[b] or 9
      if pa ~= pb then return pa < pb end
      return a < b
    end)
    return cols
  end

  local function cellText(v)
    local s
    if type(v) == "string" then s = v
    elseif type(v) == "table" and not custom(v) then s = (next(v) == nil) and "{}" or "{…}"
    elseif v == nil then s = ""
    else s = custom(v) or tostring(v) end
    s = s:gsub("[\r\n\t]", " ")
    if utf8.len(s) and utf8.len(s) > M.maxCell then
      s = s:sub(1, utf8.offset(s, M.maxCell) - 1) .. "…"
    end
    return s
  end

  local function width(s) return utf8.len(s) or #s end

  local function renderRecords(t, cols)
    local rows, widths = {}, {}
    for j, c in ipairs(cols) do widths[j] = width(c) end
    local shown = math.min(#t, M.maxItems)
    for i = 1, shown do
      local row = {}
      for j, c in ipairs(cols) do
        row[j] = cellText(t[i][c])
        widths[j] = math.max(widths[j], width(row[j]))
      end
      rows[i] = row
    end
    local function line(cells, paintWith)
      local out = {}
      for j, s in ipairs(cells) do
        local pad = string.rep(" ", widths[j] - width(s))
        out[j] = (paintWith and paint(paintWith, s) or s) .. (j < #cells and pad or "")
      end
      return " " .. table.concat(out, "  ")
    end
    local lines = { line(cols, C.head) }
    for i = 1, shown do lines[#lines + 1] = line(rows[i]) end
    if #t > shown then lines[#lines + 1] = paint(C.dim, " … " .. (#t - shown) .. " more") end
    return table.concat(lines, "\n")
  end

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
    if not parts or (not one:find("\n") and width(one) + #indent <= M.width) then return one end
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
      local cols = recordColumns(v)
      if cols then return renderRecords(v, cols) end
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
  return setmetatable(M, { __call = function(self, ...) print(self.renderAll(table.pack(...))) end })
end

return printer
