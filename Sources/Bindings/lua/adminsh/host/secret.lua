-- adminsh.host.secret: the secret value type. The host boxes the text in a userdata
-- (__adminsh.secret.new); this finishes its metatable and returns the public `secret` table.
local S = __adminsh.secret

local mt = getmetatable(S.new("x"))
mt.__name = "secret"
mt.__tostring = S.display
mt.__index = { reveal = S.reveal }
mt.__eq = function(a, b) return S.reveal(a) == S.reveal(b) end
mt.__concat = function() error("a secret does not concatenate: use :reveal() if you really need the text", 2) end
mt.__metatable = "secret"

local secret = {}
function secret.is(v) return type(v) == "userdata" and getmetatable(v) == "secret" end
secret.new = S.new

help.set(secret, "secret values print redacted; s:reveal() gives the text. secret.is(v), secret.new(text)")
help.topic("secrets", "Secrets returned by the APIs (new keys, rollback tokens, SDK keys) print as prefix_…last4 ‹secret›.\n  s:reveal() returns the full text. Pass them to other calls as they are.")
return secret
