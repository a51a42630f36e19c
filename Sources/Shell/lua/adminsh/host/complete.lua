-- adminsh.host.complete: the default Tab completer. complete(text) -> sorted names: globals,
-- dotted and `:` paths, fields reachable through `__index` metatables and `__complete`.
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
return function(text)
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
  local names = {}
  fieldsOf(base, names)
  if sep == "" then for _, k in ipairs(keywords) do names[k] = true end end
  local out = {}
  for name in pairs(names) do
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
