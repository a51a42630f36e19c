-- adminsh.host.complete: the default Tab completer.
--   complete(text [, line]) -> candidates [, labels]
-- `text` is the word before the cursor, `line` the whole line up to the cursor. With the line the
-- completer sees where the word sits: a key of a bound call's argument table
-- (`conto.agents.linkWallet(a.id, {spend<TAB>`), a value of an enum field inside a string or
-- not (`agentType = "ANTH<TAB>`), a call's string argument, quoted or not yet (ids this session
-- has seen, labelled with their names: `conto.agents.get("agt_<TAB>`; never a request). Otherwise: globals, dotted
-- and `:` paths, fields reachable through `__index` metatables and `__complete`.
-- `labels`, when returned, are what a list of several candidates shows (same order).
local function fieldsOf(t, out, seen)
  seen = seen or {}
  if seen[t] then return end
  seen[t] = true
  if type(t) == "table" then
    for k in pairs(t) do if type(k) == "string" then out[k] = true end end
  end
  local mt = getmetatable(t)
  if type(mt) == "table" then
    local idx = rawget(mt, "__index")
    if type(idx) == "table" then fieldsOf(idx, out, seen) end
    local extra = rawget(mt, "__complete")
    if type(extra) == "function" then
      local ok, names = pcall(extra, t)
      if ok and type(names) == "table" then for _, n in ipairs(names) do out[n] = true end end
    end
  end
end
local keywords = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto",
  "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }

-- The value at a dotted path from _G (no metamethod errors escape), or nil.
local function resolve(path)
  local v = _G
  for part in path:gmatch("[^%.:]+") do
    local ok, x = pcall(function() return v[part] end)
    if not ok or x == nil then return nil end
    v = x
  end
  return v
end

-- Names: globals, dotted and `:` paths.
local function names(text)
  local path, sep, last = text:match("^(.-)([%.:]?)([%w_]*)$")
  if not path then return {} end
  local base = _G
  if sep ~= "" then
    for part in path:gmatch("[^%.:]+") do
      local ok, v = pcall(function() return base[part] end)
      if not ok or (type(v) ~= "table" and type(v) ~= "userdata" and type(v) ~= "string") then return {} end
      base = type(v) == "string" and string or v
    end
  end
  local found = {}
  fieldsOf(base, found)
  if sep == "" then for _, k in ipairs(keywords) do found[k] = true end end
  local out = {}
  for name in pairs(found) do
    if name:sub(1, #last) == last and name:match("^[%a_][%w_]*$") then
      local full = path .. sep .. name
      if sep == ":" then
        local ok, v = pcall(function() return base[name] end)
        if ok and type(v) == "function" then out[#out + 1] = full end
      else
        out[#out + 1] = full
      end
    end
  end
  table.sort(out)
  return out
end

-- The catalog entry of a bound function named by `path` (an alias such as `a = conto.agents`
-- works too: the function is compared with every operation's).
local function operationAt(path)
  local ops = type(adminsh) == "table" and type(adminsh.operations) == "table" and adminsh.operations or nil
  if not ops or not path then return nil end
  local e = rawget(ops, path)
  if type(e) == "table" then return e end
  local fn = resolve(path)
  if type(fn) ~= "function" then return nil end
  for _, op in ipairs(ops) do
    if resolve(op.qualified) == fn then return op end
  end
  return nil
end

-- Where the end of `line` sits: inside a string (its quote, its start) and the open brackets
-- around it ({ch, pos, commas}); `comment` after a `--`.
local function scan(line)
  local stack, quote, qstart = {}, nil, nil
  local i, n = 1, #line
  while i <= n do
    local c = line:sub(i, i)
    if quote then
      if c == "\\" then i = i + 1
      elseif c == quote then quote = nil end
    elseif c == '"' or c == "'" then
      quote, qstart = c, i
    elseif c == "-" and line:sub(i + 1, i + 1) == "-" then
      return { comment = true }
    elseif c == "(" or c == "{" or c == "[" then
      stack[#stack + 1] = { ch = c, pos = i, commas = 0 }
    elseif c == ")" or c == "}" or c == "]" then
      stack[#stack] = nil
    elseif c == "," and #stack > 0 then
      stack[#stack].commas = stack[#stack].commas + 1
    end
    i = i + 1
  end
  return { stack = stack, quote = quote, qstart = qstart }
end

local function trimRight(s) return (s:gsub("%s+$", "")) end

-- The dotted name right before position `pos` (a call's function), or nil.
local function calleeBefore(line, pos)
  return trimRight(line:sub(1, pos - 1)):match("([%a_][%w_%.]*)$")
end

-- The operation whose argument table opens at bracket `b` (stack index `k`):
-- `f{...}` or `f(x, {...}`.
local function tableOwner(line, stack, k)
  local b = stack[k]
  local before = trimRight(line:sub(1, b.pos - 1))
  local direct = before:match("([%a_][%w_%.]*)$")
  if direct then return operationAt(direct) end
  local last = before:sub(-1)
  local outer = stack[k - 1]
  if (last == "(" or last == ",") and outer and outer.ch == "(" then
    return operationAt(calleeBefore(line, outer.pos))
  end
  return nil
end

local function parameter(op, name)
  for _, p in ipairs(op and op.parameters or {}) do
    if p.name == name then return p end
  end
  return nil
end

-- The values of an enum type ("A | B | C", or "{A | B}" for a list of them), or nil.
local plainTypes = { string = true, integer = true, number = true, boolean = true, table = true, any = true }
local function enumValues(p)
  local t = p and p.type
  if type(t) ~= "string" then return nil end
  t = t:match("^{(.*)}$") or t
  if plainTypes[t] or t:find("[{}]") then return nil end
  local out = {}
  for v in (t .. " | "):gmatch("(.-) | ") do out[#out + 1] = v end
  return #out > 0 and out or nil
end

-- `prefix` matches: the part of each candidate after what `text` does not cover (the word the
-- line editor replaces may be only the tail of the prefix, after a break character).
local function finish(prefix, text, items)
  local cut = #prefix - #text
  if cut < 0 or prefix:sub(cut + 1) ~= text then cut = 0 end
  local out, labels = {}, {}
  for _, item in ipairs(items) do
    out[#out + 1] = item.insert:sub(cut + 1)
    labels[#labels + 1] = item.label or out[#out]
  end
  return out, labels
end

-- The values a call's positional argument at bracket `top` may take: its path values, else
-- the ids seen (of the parameter's kind first), each as {value =, label =}.
local function argumentValues(line, top, partial)
  local op = operationAt(calleeBefore(line, top.pos))
  local name = op and op.pathParameters and op.pathParameters[top.commas + 1]
  if not name then return nil end
  local out = {}
  local choices = op.pathValues and op.pathValues[name]
  if choices then
    for _, v in ipairs(choices) do
      if v:sub(1, #partial) == partial then out[#out + 1] = { value = v, label = v } end
    end
    return out
  end
  local ok, seen = pcall(require, "adminsh.host.seen")
  if not ok then return nil end
  local kind = name:match("^(.-)_?[Ii][Dd]$")
  for _, r in ipairs(seen.matching(partial, kind and kind ~= "" and seen.singular(kind) or nil)) do
    out[#out + 1] = { value = r.id, label = r.name and (r.id .. "  " .. r.name) or r.id }
  end
  return out
end

-- Inside a string: an enum field's value, or a call's string argument.
local function inString(line, text, where)
  local partial = line:sub(where.qstart + 1)
  local before = trimRight(line:sub(1, where.qstart - 1))
  local stack, top = where.stack, where.stack[#where.stack]
  if not top then return nil end
  local key = before:match("([%a_][%w_]*)%s*=$")
  if key and top.ch == "{" then
    local values = enumValues(parameter(tableOwner(line, stack, #stack), key))
    if not values then return nil end
    local items = {}
    for _, v in ipairs(values) do
      if v:sub(1, #partial) == partial then items[#items + 1] = { insert = v .. where.quote, label = v } end
    end
    return finish(partial, text, items)
  end
  local last = before:sub(-1)
  if top.ch == "(" and (last == "(" or last == ",") then
    local values = argumentValues(line, top, partial)
    if not values then return nil end
    local items = {}
    for _, v in ipairs(values) do items[#items + 1] = { insert = v.value .. where.quote, label = v.label } end
    return finish(partial, text, items)
  end
  return nil
end

-- A call's positional argument typed without its quote yet (`conto.agents.get(agt_`): the
-- values come quoted. Only where no name matches, so variables still complete as before.
local function unquotedArgument(line, text, where)
  local top = where.stack[#where.stack]
  if not top or top.ch ~= "(" or text == "" or text:find("[%.:]") then return nil end
  local last = trimRight(line:sub(1, #line - #text)):sub(-1)
  if last ~= "(" and last ~= "," then return nil end
  local values = argumentValues(line, top, text)
  if not values or #values == 0 then return nil end
  local items = {}
  for _, v in ipairs(values) do items[#items + 1] = { insert = '"' .. v.value .. '"', label = v.label } end
  return finish(text, text, items)
end

-- Outside strings, inside a call's argument table: a key, or an enum value (quoted).
local function inTable(line, text, where)
  local stack, top = where.stack, where.stack[#where.stack]
  if not top or top.ch ~= "{" or text:find("[%.:]") then return nil end
  local before = trimRight(line:sub(1, #line - #text))
  local op = tableOwner(line, stack, #stack)
  if not op then return nil end
  local last = before:sub(-1)
  if last == "{" or last == "," then
    local present = {}
    for k in line:sub(top.pos):gmatch("([%a_][%w_]*)%s*=") do present[k] = true end
    local items = {}
    for _, p in ipairs(op.parameters or {}) do
      if p.name:sub(1, #text) == text and not present[p.name] then items[#items + 1] = { insert = p.name } end
    end
    if #items > 0 then return finish(text, text, items) end
    return nil
  end
  local key = before:match("([%a_][%w_]*)%s*=$")
  local values = key and enumValues(parameter(op, key))
  if values then
    local items = {}
    for _, v in ipairs(values) do
      if v:sub(1, #text) == text then items[#items + 1] = { insert = '"' .. v .. '"', label = v } end
    end
    if #items > 0 then return finish(text, text, items) end
  end
  return nil
end

return function(text, line)
  if type(line) == "string" then
    local where = scan(line)
    if where.comment then return {} end
    if where.quote then
      local out, labels = inString(line, text, where)
      return out or {}, labels
    end
    local out, labels = inTable(line, text, where)
    if out then return out, labels end
    local found = names(text)
    if #found == 0 then
      out, labels = unquotedArgument(line, text, where)
      if out then return out, labels end
    end
    return found
  end
  return names(text)
end
