-- adminsh.host.rehearse: `rehearse(function() ... end)` at the prompt on a profile. The function
-- runs against a clone of the profile (GET requests only reach the profile, to clone it; a clone
-- younger than an hour is reset and reused), its mutations are journaled as rehearsal-<profile>,
-- then the report (journal, diff of state per resource type) is printed and the diff returned.
local start, finish = __adminsh.rehearse.start, __adminsh.rehearse.finish
local errors = require "adminsh.host.errors"

local function rehearse(fn, ...)
  if type(fn) ~= "function" then
    error("rehearse(function() ... end [, args...]): runs the function against a clone of this profile and prints the diff", 2)
  end
  local note, profile = start()
  io.stderr:write("rehearsal of " .. profile .. ": the function runs against a clone (" .. note .. "); nothing is sent to "
    .. profile .. "\n")
  -- Tasks the function spawns are waited for before the session points back at the profile: a
  -- call still in flight after the function returned must land in the clone, never in production.
  local spawned, rawspawn = {}, task.spawn
  task.spawn = function(...)
    local t = rawspawn(...)
    spawned[#spawned + 1] = t
    return t
  end
  -- The clone is no production: its calls ask nothing (adminsh.host.confirmation).
  local confirmation = require "adminsh.host.confirmation"
  confirmation.rehearsing(true)
  local results = table.pack(pcall(fn, ...))
  for _, t in ipairs(spawned) do pcall(task.wait, t) end
  task.spawn = rawspawn
  confirmation.rehearsing(false)
  local text, diff = finish()
  print(text)
  diff = require("adminsh.host.sandbox").wrapDiff(diff)
  if not results[1] then
    print("\nThe function failed in the rehearsal: " .. errors.describe(results[2]))
    return diff
  end
  return diff, table.unpack(results, 2, results.n)
end

help.set(rehearse, "rehearse(function() ... end [, args...]) -> diff, results...\n  Runs the function against a clone of this profile (only GET requests reach the profile), prints the\n  rehearsal's mutations (journal rehearsal-<profile>) and the diff of state; returns the diff\n  (#d.created.agents) and what the function returned. Run it for real after: just call the function.")
return rehearse
