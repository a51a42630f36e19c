-- adminsh.progress: a one-line progress bar on stderr for bulk work (silent when stderr is not a
-- terminal, or with --quiet). The bar itself is drawn by the host (__adminsh.progress).
--   local bar = require("adminsh.progress").new{label = "provisioning", total = 50}
--   bar:tick(ok); bar:finish()
local P = __adminsh.progress

getmetatable(P.new{ label = "", total = 0 }).__index = { tick = P.tick, finish = P.finish }

local progress = { new = P.new }
help.set(progress, "progress.new{label=, total=} -> bar; bar:tick(ok); bar:finish()\n  A progress bar on stderr (only on a terminal, not with --quiet).")
return progress
