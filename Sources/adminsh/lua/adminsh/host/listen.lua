-- adminsh.host.listen: __adminsh.listen{port=, secrets={current, previous}, count=, timeout=,
-- quiet=} over the host's webhook receiver. Secrets may be secret values: they are revealed
-- here, on the Lua side, and never printed.
local raw = __adminsh.listenRaw

function __adminsh.listen(options)
  options = options or {}
  local copy = {}
  for k, v in pairs(options) do copy[k] = v end
  copy.secrets = {}
  for i, s in ipairs(options.secrets or {}) do copy.secrets[i] = secret.is(s) and s:reveal() or tostring(s) end
  return raw(copy)
end

return __adminsh.listen
