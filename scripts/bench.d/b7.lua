-- B7: load the whole stdlib, then one call of each platform when the API is there (adminsh).
if not conto then
  -- Plain lua5.4 (the anchor): the modules the stdlib takes from the host (adminsh.files,
  -- adminsh.duration, adminsh.progress) load as empty tables.
  table.insert(package.searchers, function(name)
    if name:match("^adminsh%.") then return function() return {} end end
  end)
end
for _, m in ipairs{ "util", "parallel", "provision", "rotation", "toolkits", "webhooks", "audit" } do
  require("adminsh." .. m)
end
if conto then
  contio.getApp()
  conto.agents.list{ limit = 1 }
end
print("b7 done")
