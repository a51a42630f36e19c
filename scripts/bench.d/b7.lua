-- B7: load the whole stdlib, then one call of each platform when the API is there (adminsh).
for _, m in ipairs{ "util", "parallel", "provision", "rotation", "toolkits", "webhooks", "audit" } do
  require("adminsh." .. m)
end
if conto then
  contio.getApp()
  conto.agents.list{ limit = 1 }
end
print("b7 done")
