-- adminsh.shell: the shell's Lua side (`local shell = require "adminsh.shell"`).
--   shell.render(pack) -> text       how the prompt, -e and `adminsh run` print returned values
--   shell.format                     "text" or "json" (--output)
--   shell.complete(text) -> {names}  the Tab completer; replace it to customise completion
--   shell.confirm(question) -> bool  asks at the terminal (only at an interactive prompt)
--   shell.describeError(e) -> text   one line per error (adminsh.host.errors)
local errors = require "adminsh.host.errors"
local output = require "adminsh.host.output"

local shell = { format = "text" }
shell.complete = require "adminsh.host.complete"
shell.describeError = errors.describe

function shell.render(pack)
  return output.render(pack, shell.format)
end

-- Runs one chunk typed at the prompt; `_` keeps its first result for the next line.
function shell.exec(code)
  local fn = assert(load(code, "=stdin"))
  local results = table.pack(fn())
  if results.n == 0 then return "" end
  _ = results[1]
  return shell.render(results)
end

help.set(shell, "adminsh.shell: render(pack), format, complete(text), confirm(question) (at the prompt), describeError(e)")
help.set(shell.complete, "shell.complete(text) -> {names}\n  The Tab completer; replace it to customise completion.")
return shell
