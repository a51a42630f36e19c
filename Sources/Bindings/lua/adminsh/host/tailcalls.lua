-- adminsh.host.tailcalls: a library's source with no tail calls, compiled like the original.
--   `return f(x)` replaces the caller's frame with f's, so a library function that trusted code
--   reaches directly (a global it set, a callback it handed over) would vanish from the Lua call
--   stack just before a bound call, and the capability check would not see it. The host compiles
--   library files with every `return <list>` rewritten as `return K(<list>)`: the calls in the
--   list run while the library's frame is still there, and K (the identity) keeps every value.
--   Lines stay where they were (the rewrite adds no newline), so errors point at the same lines.
-- untail(text) -> text. A lexical pass: strings, long strings and comments are skipped; the end
-- of a return's list is the end of its block (end, else, elseif, until, ";" or the end of the
-- text), anonymous functions inside it counted.
local sub, find, match = string.sub, string.find, string.match
local concat = table.concat

local M = {}

local KEEP = "__adminsh_keep"

-- Where the long bracket at i ("[[", "[==[") ends, or nil when there is none at i.
local function longBracketEnd(text, i)
  local eq = match(text, "^%[(=*)%[", i)
  if not eq then return nil end
  local _, stop = find(text, "]" .. eq .. "]", i + #eq + 2, true)
  return stop or #text
end

-- The tokens that matter: names/keywords with their start, and single punctuation.
local function tokens(text)
  local list, i, n = {}, 1, #text
  while i <= n do
    local c = sub(text, i, i)
    if c == "-" and sub(text, i + 1, i + 1) == "-" then
      local stop = longBracketEnd(text, i + 2)
      if stop then i = stop + 1
      else
        local nl = find(text, "\n", i, true)
        i = nl and nl + 1 or n + 1
      end
    elseif c == "'" or c == '"' then
      local j = i + 1
      while j <= n do
        local d = sub(text, j, j)
        if d == "\\" then j = j + 2
        elseif d == c or d == "\n" then break
        else j = j + 1 end
      end
      i = j + 1
    elseif c == "[" and longBracketEnd(text, i) then
      i = longBracketEnd(text, i) + 1
    elseif find(c, "[%a_]") then
      local word = match(text, "^[%w_]+", i)
      list[#list + 1] = { word = word, at = i, stop = i + #word - 1 }
      i = i + #word
    elseif find(c, "%d") then
      -- A number (1e-5, 0x1p+4): its letters must not read as names.
      local num = match(text, "^0[xX][%x%.]*[pP]?[%+%-]?%x*", i) or match(text, "^[%d%.]+[eE]?[%+%-]?%d*", i)
      i = i + #num
    elseif find(c, "[%(%)%[%]{};]") then
      list[#list + 1] = { word = c, at = i, stop = i }
      i = i + 1
    else
      i = i + 1
    end
  end
  return list
end

local BLOCK_END = { ["end"] = true, ["else"] = true, ["elseif"] = true, ["until"] = true, [";"] = true }
local OPENS = { ["("] = ")", ["["] = "]", ["{"] = "}" }

function M.untail(text)
  local list = tokens(text)
  local inserts = {}   -- position -> text inserted before it
  local k = 1
  while k <= #list do
    local t = list[k]
    if t.word == "return" then
      -- Find where its list ends: the first block end at depth 0.
      local depth, blocks, j = 0, {}, k + 1
      while j <= #list do
        local w = list[j].word
        if #blocks == 0 and depth == 0 and BLOCK_END[w] then break end
        if OPENS[w] then depth = depth + 1
        elseif w == ")" or w == "]" or w == "}" then depth = depth - 1
        elseif w == "function" or w == "if" or w == "do" then blocks[#blocks + 1] = "end"
        elseif w == "repeat" then blocks[#blocks + 1] = "until"
        elseif (w == "end" or w == "until") and #blocks > 0 then blocks[#blocks] = nil
        end
        j = j + 1
      end
      -- A list with no name or bracket in it holds no call (`return`, `return "x"`).
      if j > k + 1 then
        inserts[#inserts + 1] = { at = t.stop + 1, text = " " .. KEEP .. "(" }
        inserts[#inserts + 1] = { at = j <= #list and list[j].at or #text + 1, text = ")" }
      end
    end
    k = k + 1
  end
  if #inserts == 0 then return text end
  table.sort(inserts, function(a, b) return a.at < b.at end)
  local out, from = {}, 1
  for _, ins in ipairs(inserts) do
    out[#out + 1] = sub(text, from, ins.at - 1)
    out[#out + 1] = ins.text
    from = ins.at
  end
  out[#out + 1] = sub(text, from)
  -- The identity, local to the chunk, on its first line (a "#" line is kept as a comment).
  local body = concat(out)
  if sub(body, 1, 1) == "#" then body = "--" .. body end
  return "local " .. KEEP .. " = function(...) return ... end; " .. body
end

return M
