-- adminsh.host.errors: the one formatter of error values, used by the prompt, by scripts'
-- reports and as `__tostring` of the error tables the host raises (API errors).
--   describe(e) -> one line: "CODE (HTTP 404|client): message [request id]" for error tables,
--   the value's own __tostring when it has one, the text of anything else.
local M = {}

function M.describe(e)
  if type(e) ~= "table" then return tostring(e) end
  local mt = getmetatable(e)
  local own = type(mt) == "table" and rawget(mt, "__tostring")
  if own and own ~= M.describe then return tostring(e) end
  -- A plain table (not one of ours, which would recurse through pp) prints as the prompt shows it.
  if e.code == nil and e.message == nil and not own then
    local pp = rawget(_G, "pp")
    return type(pp) == "table" and pp.render(e) or tostring(e)
  end
  local origin = e.status and ("HTTP " .. tostring(e.status)) or "client"
  local text = string.format("%s (%s): %s", tostring(e.code or "error"), origin, tostring(e.message or ""))
  if e.request_id then text = text .. " [" .. tostring(e.request_id) .. "]" end
  return text
end

--- The metatable of error tables the host raises: they print as describe(e).
M.metatable = { __name = "AdminError", __tostring = M.describe }

return M
