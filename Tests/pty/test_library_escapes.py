"""A library may do only what its adminsh-lib.toml declares, whatever path its code takes: the raw
entry points, the journal, the host's internals, files it compiles, commands and file writes.
Each test drives the real binary with a --lib folder holding a manifest, and checks that nothing
was sent, journaled, run or written."""
import os
import subprocess

import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))

TRICKS = """
local M = {}
function M.raw(id) return __adminsh.call("conto.agents.delete", id) end
function M.rawWithOutcome(id) return __adminsh.callWithOutcome("conto.agents.delete", id) end
function M.callWith(send, name, ...) return send(name, ...) end
function M.journaled(id)
  return require("adminsh.journal").wrap({ qualified = "conto.agents.delete" }, function() end)(id)
end
function M.list() return #conto.agents.list().agents end
function M.reset() return sandbox.reset() end
return M
"""


@pytest.fixture
def env(tmp_path):
    e = dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
             XDG_CONFIG_HOME=str(tmp_path / "config"))
    e.pop("ADMINSH_PATH", None)
    e.pop("ADMINSH_PROFILE", None)
    return e


def library(tmp_path, name, capabilities, modules):
    lib = tmp_path / name
    (lib / name).mkdir(parents=True)
    caps = ", ".join(f'"{c}"' for c in capabilities)
    (lib / "adminsh-lib.toml").write_text(f'name = "{name}"\nversion = "0.1.0"\ndescription = "test"\ncapabilities = [{caps}]\n')
    for module, text in modules.items():
        (lib / name / f"{module}.lua").write_text(text)
    return lib


def run(env, lib, code, cwd):
    return subprocess.run([ADMINSH, "--lib", str(lib), "-e", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def denied(r, library="evil"):
    out = r.stdout + r.stderr
    return "CAPABILITY_DENIED" in out and f"library {library} may not" in out


# Creates an agent as the user (trusted), runs `attempt` with `id` bound to it, then prints the
# agent's status and how many journal entries the attempt added.
def around(attempt):
    return f"""
        local id = conto.agents.create{{ name = 'victim', agentType = 'CUSTOM' }}.id
        local before = #journal.entries()
        local ok, err = pcall(function() {attempt} end)
        print(ok, tostring(type(err) == 'table' and (tostring(err.code) .. ': ' .. tostring(err.message)) or err))
        print('STATUS', conto.agents.get(id).status, 'JOURNALED', #journal.entries() - before)
    """


def outcome(r):
    line = [l for l in r.stdout.splitlines() if l.startswith("STATUS")]
    assert line, r.stdout + r.stderr
    parts = line[0].split()
    return parts[1], int(parts[3])


def test_raw_entry_points_check_the_capabilities(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": TRICKS})
    for attempt in ["require('evil.x').raw(id)", "require('evil.x').rawWithOutcome(id)",
                    # Handed the raw functions by trusted code: they check themselves.
                    "require('evil.x').callWith(__adminsh.call, 'conto.agents.delete', id)",
                    "require('evil.x').callWith(__adminsh.callWithOutcome, 'conto.agents.delete', id)",
                    # The journal's wrap reaches the raw callWithOutcome it took at start-up.
                    "require('evil.x').journaled(id)",
                    # The sandbox table took the raw call at start-up: its calls are operations too.
                    "require('evil.x').reset()"]:
        r = run(env, lib, around(attempt), tmp_path)
        assert r.returncode == 0, r.stderr
        assert denied(r), (attempt, r.stdout)
        assert outcome(r) == ("ACTIVE", 0), (attempt, r.stdout)
    # What the library declared still goes through the raw function.
    r = run(env, lib, "print('N', require('evil.x').callWith(__adminsh.call, 'conto.agents.list') ~= nil)", tmp_path)
    assert r.returncode == 0 and "N\ttrue" in r.stdout, r.stdout + r.stderr
    # The user's own code is trusted.
    r = run(env, lib, around("__adminsh.call('conto.agents.delete', id)"), tmp_path)
    assert outcome(r)[0] == "REVOKED", r.stdout + r.stderr


def test_host_internals_are_out_of_reach(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": """
local M = {}
function M.forge(id)
  return __adminsh.journalBegin { operation = "conto.agents.create", path = {}, arguments = {} }
end
function M.peek()
  local n = 0
  for _ in pairs(__adminsh) do n = n + 1 end
  return n, next(__adminsh), rawget(__adminsh, "journalBegin"), rawget(__adminsh, "call"), getmetatable(__adminsh)
end
function M.plant() __adminsh.listen = function() end end
function M.rawPlant() rawset(__adminsh, "listen", function() end) end
function M.remeta() setmetatable(__adminsh, {}) end
return M
"""})
    r = run(env, lib, around("require('evil.x').forge(id)"), tmp_path)
    assert denied(r) and "__adminsh.journalBegin" in r.stdout, r.stdout + r.stderr
    assert outcome(r) == ("ACTIVE", 0), r.stdout
    r = run(env, lib, "print('PEEK', require('evil.x').peek())", tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split("\n")[0].split("\t") == ["PEEK", "0", "nil", "nil", "nil", "the host's"], r.stdout
    for attempt in ["plant", "rawPlant", "remeta"]:
        r = run(env, lib, f"print(pcall(require('evil.x').{attempt})); print('TYPE', debug.getinfo(__adminsh.listen, 'S').source)", tmp_path)
        assert r.returncode == 0, (attempt, r.stderr)
        assert r.stdout.startswith("false"), (attempt, r.stdout)
        assert "TYPE\t@adminsh/" in r.stdout, (attempt, r.stdout)
    # The user's code and the host's modules keep everything.
    r = run(env, lib, "print(type(__adminsh.journalBegin), type(require('adminsh.progress')))", tmp_path)
    assert r.returncode == 0 and r.stdout.split() == ["function", "table"], r.stdout + r.stderr


def test_files_a_library_compiles_stay_its_code(env, tmp_path):
    # Written by the test (a library may not write files): outside the library's folder.
    outside = tmp_path / "outside.lua"
    outside.write_text("#!/usr/bin/env adminsh\nreturn conto.agents.delete(...)\n")
    returns = tmp_path / "returns.lua"
    returns.write_text("return function(id) return conto.agents.delete(id) end\n")
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": f"""
local M = {{}}
function M.file() return loadfile("{outside}") end
function M.relative() return loadfile("outside.lua") end
function M.viaDofile() return dofile("{returns}") end
return M
"""})
    for attempt in ["require('evil.x').file()(id)", "require('evil.x').relative()(id)", "require('evil.x').viaDofile()(id)"]:
        r = run(env, lib, around(attempt), tmp_path)
        assert r.returncode == 0, r.stderr
        assert denied(r), (attempt, r.stdout)
        assert outcome(r) == ("ACTIVE", 0), (attempt, r.stdout)
    # The user's own loadfile is trusted (the shebang line is skipped either way).
    r = run(env, lib, around(f"loadfile('{outside}')(id)"), tmp_path)
    assert outcome(r)[0] == "REVOKED", r.stdout + r.stderr


SYSTEM = """
local M = {}
local marker = ...
function M.execute(path) return os.execute("touch " .. path) end
function M.popen(path) return io.popen("touch " .. path):close() end
function M.write(path) local f = io.open(path, "w"); f:write("x"); f:close() end
function M.append(path) local f = io.open(path, "a+"); f:write("x"); f:close() end
function M.output(path) io.output(path) end
function M.private(path) require("adminsh.files").writePrivate(path, "x") end
function M.mkdirs(path) require("adminsh.files").mkdirs(path) end
function M.remove(path) os.remove(path) end
function M.rename(path) os.rename(path, path .. ".moved") end
function M.exit() os.exit(7) end
function M.loadlib(path) return package.loadlib(path, "*") end
function M.read(path) local f = io.open(path); local t = f:read("a"); f:close(); return t end
return M
"""


def test_commands_and_file_changes_need_system_capabilities(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"sys": SYSTEM})
    kept = tmp_path / "kept.txt"
    kept.write_text("mine")
    attempts = {"execute": "system.exec", "popen": "system.exec", "write": "system.write", "append": "system.write",
                "output": "system.write", "private": "system.write", "mkdirs": "system.write", "exit": "system.exec",
                "loadlib": "system.exec"}
    for fn, capability in attempts.items():
        target = tmp_path / f"made-by-{fn}"
        r = run(env, lib, f"print(pcall(require('evil.sys').{fn}, '{target}')); print('ALIVE')", tmp_path)
        assert r.returncode == 0, (fn, r.stderr)
        assert denied(r) and f'declare "{capability}"' in r.stdout, (fn, r.stdout)
        assert "ALIVE" in r.stdout and not target.exists(), (fn, r.stdout)
    for fn in ["remove", "rename"]:
        r = run(env, lib, f"print(pcall(require('evil.sys').{fn}, '{kept}'))", tmp_path)
        assert denied(r) and 'declare "system.write"' in r.stdout, (fn, r.stdout)
        assert kept.read_text() == "mine"
    # Reading stays allowed; the user's own code writes freely.
    r = run(env, lib, f"print(require('evil.sys').read('{kept}')); require('adminsh.files').writePrivate('{tmp_path}/own', 'x')", tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == "mine", r.stderr
    assert (tmp_path / "own").exists()

    # Declared, they are allowed.
    lib = library(tmp_path / "trusted", "evil", ["conto.agents.list", "system.exec", "system.write"], {"sys": SYSTEM})
    r = run(env, lib, f"require('evil.sys').execute('{tmp_path}/ran'); require('evil.sys').write('{tmp_path}/wrote')", tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "ran").exists() and (tmp_path / "wrote").exists()


def test_system_capabilities_are_validated_shown_and_hinted(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list", "system.nope"], {"sys": SYSTEM})
    r = subprocess.run([ADMINSH, "lib", "check", str(lib)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "system.nope" in r.stdout + r.stderr and "system.exec" in r.stdout + r.stderr

    lib = library(tmp_path / "hinted", "evil", ["conto.agents.list"], {"sys": SYSTEM})
    r = subprocess.run([ADMINSH, "lib", "check", str(lib)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert 'evil/sys.lua uses os.execute, which needs "system.exec"' in r.stdout, r.stdout
    assert 'evil/sys.lua uses io.open for writing, which needs "system.write"' in r.stdout, r.stdout

    lib = library(tmp_path / "declared", "evil", ["conto.agents.list", "system.exec", "system.write"], {"sys": SYSTEM})
    r = subprocess.run([ADMINSH, "lib", "check", str(lib)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "needs \"system" not in r.stdout, r.stdout

    project = tmp_path / "project"
    project.mkdir()
    plain = library(tmp_path / "plain", "evil", ["conto.agents.list"], {"sys": "return {}\n"})
    r = subprocess.run([ADMINSH, "lib", "add", "--path", str(plain)], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    # A new version asking for system.exec widens the capabilities: it needs acceptance.
    (plain / "adminsh-lib.toml").write_text('name = "evil"\nversion = "0.2.0"\ndescription = "test"\ncapabilities = ["conto.agents.list", "system.exec"]\n')
    r = subprocess.run([ADMINSH, "lib", "update"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "system.exec" in r.stdout + r.stderr and "--accept-capabilities" in r.stderr, r.stdout + r.stderr
    r = subprocess.run([ADMINSH, "lib", "update", "--accept-capabilities"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "runs commands (system.exec)" in r.stdout, r.stdout + r.stderr
    r = subprocess.run([ADMINSH, "lib", "list"], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert "system.exec" in r.stdout, r.stdout


def test_the_guard_itself_cannot_be_switched_off(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": """
local M = {}
function M.replace() local c = require("adminsh.host.capabilities"); c.check = function() end; c.adopt = function(v) return v end end
function M.rawReplace() rawset(require("adminsh.host.capabilities"), "adopt", function(v) return v end) end
function M.setlocal() local victim = 1; return debug.setlocal(1, 1, 2) end
function M.retry(id)
  -- Refused one way, the library tries the others.
  local ok = pcall(conto.agents.delete, id)
  ok = ok or pcall(function() return __adminsh.call("conto.agents.delete", id) end)
  ok = ok or pcall(function() return load("return conto.agents.delete(...)", "@/usr/share/lua/5.4/x.lua")(id) end)
  ok = ok or pcall(function() return load(string.dump(function(i) return conto.agents.delete(i) end))(id) end)
  return ok
end
function M.tail(id) return conto.agents.delete(id) end
return M
"""})
    for attempt in ["replace", "rawReplace"]:
        r = run(env, lib, f"print(pcall(require('evil.x').{attempt}))", tmp_path)
        assert r.stdout.startswith("false") and "may not use the host module adminsh.host.capabilities" in r.stdout, (attempt, r.stdout + r.stderr)
    # Handed the module by the user's code, the library still cannot change it.
    r = run(env, lib, "local c = require('adminsh.host.capabilities'); print(pcall(function() c.check = nil end)); print(pcall(rawset, c, 'adopt', print))", tmp_path)
    assert r.stdout.count("cannot be changed") == 2, r.stdout + r.stderr
    r = run(env, lib, around("require('evil.x').replace()") + " print(pcall(require('evil.x').tail, id)); print('AFTER', conto.agents.get(id).status)", tmp_path)
    assert "AFTER\tACTIVE" in r.stdout, r.stdout + r.stderr
    r = run(env, lib, "print(pcall(require('evil.x').setlocal))", tmp_path)
    assert denied(r) and "debug.setlocal" in r.stdout, r.stdout
    r = run(env, lib, around("assert(require('evil.x').retry(id), 'refused')"), tmp_path)
    assert "refused" in r.stdout and outcome(r) == ("ACTIVE", 0), r.stdout + r.stderr


def test_host_modules_are_out_of_reach(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": """
local M = {}
local name = "adminsh.host.confirmation"
function M.require() return require(name) end
function M.pcalled() local ok, m = pcall(require, name); if ok then return m end; error(m, 0) end
function M.coroutine() return coroutine.wrap(function() return require(name) end)() end
function M.loaded() return package.loaded[name] end
function M.preload() return package.preload["adminsh.host.capabilities"] end
function M.listed()
  local n = 0
  for k in pairs(package.loaded) do if k:find("^adminsh%.host%.") then n = n + 1 end end
  return n
end
function M.laundered()
  local s = require("adminsh.parallel").map({ name }, require)
  return s.ok
end
function M.plant() package.loaded["adminsh.util"] = { hijacked = true } end
return M
"""})
    for attempt in ["require", "pcalled", "coroutine", "loaded", "preload", "plant"]:
        r = run(env, lib, f"print(pcall(require('evil.x').{attempt}))", tmp_path)
        assert r.stdout.startswith("false") and denied(r) and "host module adminsh." in r.stdout, (attempt, r.stdout + r.stderr)
    r = run(env, lib, "print('N', require('evil.x').listed(), require('evil.x').laundered())", tmp_path)
    assert "N\t0\t0" in r.stdout, r.stdout + r.stderr
    # The user's code and the stdlib keep them; a library's require of the stdlib still works.
    r = run(env, lib, "require('evil.x').laundered(); print(require('adminsh.host.confirmation') ~= nil, require('adminsh.util').hijacked, "
                      "require('adminsh.parallel').map({1, 2}, function(i) return i end).ok)", tmp_path)
    assert r.returncode == 0 and r.stdout.split() == ["true", "nil", "2"], r.stdout + r.stderr


def test_search_path_and_credentials_are_not_a_library_s_to_change(env, tmp_path):
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": """
local M = {}
function M.cpath() package.cpath = "/tmp/?.so;" .. package.cpath end
function M.path() package.path = "/tmp/?.lua;" .. package.path end
function M.searcher() table.insert(package.searchers, 1, function() return "x" end) end
function M.loaded() package.loaded = {} end
function M.credentials() conto.useCredentials { org_key = "someone-else" } end
return M
"""})
    for attempt in ["cpath", "path", "searcher", "loaded", "credentials"]:
        r = run(env, lib, f"print(pcall(require('evil.x').{attempt})); print('SEARCH', #package.searchers, package.cpath:sub(1, 5) ~= '/tmp/', type(package.loaded))"
                          " ; print('LIST', #conto.agents.list().agents >= 0)", tmp_path)
        assert r.returncode == 0, (attempt, r.stderr)
        assert r.stdout.startswith("false") and denied(r), (attempt, r.stdout)
        assert "SEARCH\t4\ttrue\ttable" in r.stdout and "LIST\ttrue" in r.stdout, (attempt, r.stdout)
    # The user's code changes them freely.
    r = run(env, lib, "package.path = package.path .. ';/tmp/?.lua'; conto.useCredentials(nil); print('ok')", tmp_path)
    assert r.returncode == 0 and "ok" in r.stdout, r.stderr


def test_a_tail_call_from_a_function_handed_over_still_counts(env, tmp_path):
    # Functions trusted code reaches without going through the module's table: a global, a table
    # with a metatable, a help text; each tail-calls a bound function.
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": """
local M = {}
function M.install()
  _G.helper = function(id) return conto.agents.delete(id) end
  M.hidden = setmetatable({ f = function(id) return conto.agents.delete(id) end }, {})
  M.compiled = load("return function(id) return conto.agents.delete(id) end")()
end
-- What the rewrite must keep: every value of a call, a call through a string argument.
function M.values() return select(2, "a", "b", "c") end
function M.count(...) return select("#", ...) end
function M.upper(s) return s:upper"" end
return M
"""})
    for attempt in ["helper(id)", "require('evil.x').hidden.f(id)", "require('evil.x').compiled(id)"]:
        r = run(env, lib, "require('evil.x').install()" + around(attempt), tmp_path)
        assert r.returncode == 0, (attempt, r.stderr)
        assert denied(r), (attempt, r.stdout)
        assert outcome(r) == ("ACTIVE", 0), (attempt, r.stdout)
    r = run(env, lib, "local x = require('evil.x'); print('V', x.values()); print('N', x.count(nil, nil)); print('U', x.upper('ab'))", tmp_path)
    assert r.returncode == 0, r.stderr
    assert "V\tb\tc" in r.stdout and "N\t2" in r.stdout, r.stdout


def test_a_library_cannot_rebind_the_bindings(env, tmp_path):
    # Pointing conto.agents.get at delete would make the user's own later get a delete, with no
    # library on the stack to check it: the bindings are read-only to library code.
    lib = library(tmp_path, "evil", ["conto.agents.list"], {"x": """
local M = {}
function M.rebind() conto.agents.get = conto.agents.delete end
function M.rawRebind() rawset(conto.agents, "get", conto.agents.delete) end
function M.remeta() setmetatable(conto.agents, {}) end
function M.replaceNamespace() conto.agents = { get = conto.agents.delete } end
return M
"""})
    for attempt in ["rebind", "rawRebind", "remeta", "replaceNamespace"]:
        code = f"""
            local id = conto.agents.create{{ name = 'victim', agentType = 'CUSTOM' }}.id
            print(pcall(require('evil.x').{attempt}))
            print('STATUS', conto.agents.get(id).status, 'JOURNALED', 0)
        """
        r = run(env, lib, code, tmp_path)
        assert r.returncode == 0, (attempt, r.stderr)
        assert r.stdout.startswith("false"), (attempt, r.stdout)
        assert outcome(r)[0] == "ACTIVE", (attempt, r.stdout)
    # The user's own code may still add to them, and completion and help see every operation.
    r = run(env, lib, "conto.agents.mine = function() return 1 end; local n = 0; "
                      "for k in pairs(conto.agents) do n = n + 1 end; print('N', conto.agents.mine(), n > 10, help(conto.agents.get) ~= false)", tmp_path)
    assert r.returncode == 0 and "N\t1\ttrue\ttrue" in r.stdout, r.stdout + r.stderr
