// Lua host.
