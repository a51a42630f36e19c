-- adminsh.host.topics: the built-in help topics (help "name"; help "topics" lists them).
-- Loaded on the first topic asked for. A module adds its own with help.topic(name, text).
return {
  rotation = [[rotation: rotating Contio credentials without locking anyone out
  local rotation = require "adminsh.rotation"
  rotation.status()                         one row per credential: status, age, recommended action, hours left
  rotation.run{types = {"api_key"}, reason = "monthly"}
                                            status -> 3-per-24 h limit checked -> rotate with a grace period
                                            -> save the new secret (0600 file) -> verify -> roll back on failure
  rotation.audit{hours = 24}                rotations per type and the limit left
  This session follows its own rotations: after contio.rotateAPIKey it sends the new key (use = false keeps
  the old one) and writes it back where the profile keeps it. contio.rollbackCredential undoes a rotation
  with its rollback token while the token is valid. See docs/profiles.md and docs/recipes.md.]],

  profiles = [[profiles: where calls go
  Without configuration calls go to the embedded sandbox (the banner says so). A profile is a section of
  $XDG_CONFIG_HOME/adminsh/config.toml: [profiles.prod] with contio_url / conto_url and where each key comes from
  (..._env variable, ..._key_file, or a ..._command). Select it with --profile prod or ADMINSH_PROFILE=prod;
  CONTIO_API_URL / CONTIO_API_KEY / CONTO_API_URL / CONTO_ORG_API_KEY alone make the profile "env".
  Settings: timeout, max_attempts, read_only = true (refuses every change), confirm = "mutating",
  color and label (the prompt). A real profile asks [y/N] before destructive calls. See docs/profiles.md.]],

  recipes = [[recipes: Lua files that do one admin job
  adminsh run onboard.lua [--plan] [--profile p]   a script; --plan records changes without sending them
  adminsh recipes                                  every module require can find, with its one-line help
  adminsh test tests/                              *_test.lua files against a fresh sandbox each
  A recipe requires the standard library (local provision = require "adminsh.provision") or a team library
  (adminsh.toml + adminsh.lock, pinned by commit and checksum). Modules take an options table (unknown
  names are errors) and return a report table. help(require "adminsh.saga") and docs/recipes.md.]],

  journal = [[journal: every change this profile made, and undo
  Each mutating call is written to the journal (JSON lines, 0600, one file per profile) before it is sent
  and completed with its outcome and the catalog's inverse.
  journal{since = "2h"}      the changes, newest last      journal.entries{since =} returns them
  undo(n)                    shows the inverse of the last n changes, asks, runs them newest first
  adminsh log / adminsh undo the same from the command line. See docs/journal.md.]],

  tables = [[tables: how records print and how to work with them
  A list reply prints as a table of its records that fits the terminal, with the resource's key columns
  first and a line saying how many there are; the value itself is unchanged (_.agents for the records).
  pp.table(rows, {"id", "name"})   chosen columns        pp.table(rows, "all")   every column
  q(records):where{status = "ACTIVE"}:select("id", "name"):sort("createdAt", "desc"):first(10)
                                   query records; q(conto.agents.list, {...}) reads every page first
  :csv(path) / :json(path)         export (files are 0600; secrets stay redacted)
  adminsh run --output json|csv    output for machines. See docs/results.md.]],
}
