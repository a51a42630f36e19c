"""Team recipe libraries end to end: real git repositories (local bare ones, file:// URLs), the
real adminsh binary, a project's adminsh.toml and adminsh.lock, the shared cache, capabilities."""
import os
import re
import subprocess

import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))
EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "examples", "acme-recipes")

MODULE = """-- acme.agents: counts and names agents (a test library).
local provision = require "adminsh.provision"
local M = {{ version = "{version}" }}
function M.count() return #conto.agents.list().agents end
function M.create(name) return conto.agents.create {{ name = name, agentType = "CUSTOM" }} end
function M.provision(name) return provision.agent {{ name = name, externalId = "acme-" .. name, wallet = false, sdkKey = false }} end
return M
"""


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def release(src, version, capabilities, message=None):
    """Writes the library at `version`, commits it and tags v<version>."""
    with open(os.path.join(src, "adminsh-lib.toml"), "w") as f:
        caps = ", ".join(f'"{c}"' for c in capabilities)
        f.write(f'name = "acme"\nversion = "{version}"\ndescription = "test"\nadminsh = ">=0.1"\ncapabilities = [{caps}]\n')
    os.makedirs(os.path.join(src, "acme"), exist_ok=True)
    with open(os.path.join(src, "acme", "agents.lua"), "w") as f:
        f.write(MODULE.format(version=version) + (f"-- {message}\n" if message else ""))
    git("add", "-A", cwd=src)
    git("commit", "-q", "-m", message or f"release {version}", cwd=src)


@pytest.fixture
def world(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    env.pop("ADMINSH_PATH", None)
    env.pop("ADMINSH_PROFILE", None)
    src = tmp_path / "acme-src"
    src.mkdir()
    bare = tmp_path / "acme.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(src)], check=True, env=env)
    git("remote", "add", "origin", str(bare), cwd=src)
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)

    class World:
        pass
    w = World()
    w.env, w.src, w.bare, w.project, w.tmp = env, str(src), str(bare), str(project), tmp_path
    w.url = "file://" + str(bare)

    def adminsh(*args, cwd=None):
        return subprocess.run([ADMINSH, *args], cwd=cwd or w.project, env=env, capture_output=True, text=True, timeout=120)

    def publish(version, caps, tag=None, message=None):
        old = os.environ.copy()
        os.environ.update(env)
        try:
            release(w.src, version, caps, message)
            t = tag or f"v{version}"
            git("tag", "-f", t, cwd=w.src)
            git("push", "-q", "--force", "origin", "main", t, cwd=w.src)
        finally:
            os.environ.clear()
            os.environ.update(old)
    w.adminsh, w.publish = adminsh, publish
    return w


def lock_of(w):
    with open(os.path.join(w.project, "adminsh.lock")) as f:
        return f.read()


def field(lock, name):
    m = re.search(rf'^{name} = "([^"]*)"', lock, re.M)
    return m and m.group(1)


def test_library_lifecycle_lock_update_and_capabilities(world):
    w = world
    w.publish("1.0.0", ["conto.agents.list"])

    r = w.adminsh("lib", "add", w.url + "@^1.0")
    assert r.returncode == 0, r.stderr
    assert "capabilities: conto.agents.list" in r.stdout
    with open(os.path.join(w.project, "adminsh.toml")) as f:
        assert f'acme = {{ git = "{w.url}", version = "^1.0" }}' in f.read()
    lock = lock_of(w)
    assert field(lock, "tag") == "v1.0.0"
    assert re.fullmatch(r"[0-9a-f]{40}", field(lock, "commit"))
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", field(lock, "tree"))
    assert 'capabilities = ["conto.agents.list"]' in lock
    checkout = os.path.join(w.env["XDG_CACHE_HOME"], "adminsh", "libs", "checkouts", field(lock, "commit"))
    assert os.stat(os.path.join(w.env["XDG_CACHE_HOME"], "adminsh", "libs")).st_mode & 0o777 == 0o700
    assert os.stat(os.path.join(checkout, "acme", "agents.lua")).st_mode & 0o222 == 0, "checkouts are read-only"

    # A recipe from the library, run from a folder below the project (found upward).
    script = os.path.join(w.project, "scripts", "count.lua")
    with open(script, "w") as f:
        f.write('local agents = require "acme.agents"\nprint(agents.version, agents.count())\n')
    r = w.adminsh("run", script, cwd=os.path.join(w.project, "scripts"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[0] == "1.0.0"

    # A new tag changes nothing until an update.
    w.publish("1.1.0", ["conto.agents.list"])
    assert w.adminsh("lib", "install").returncode == 0
    assert field(lock_of(w), "tag") == "v1.0.0"
    r = w.adminsh("lib", "update", "acme")
    assert r.returncode == 0, r.stderr
    assert field(lock_of(w), "tag") == "v1.1.0"
    r = w.adminsh("run", script)
    assert r.stdout.split()[0] == "1.1.0", r.stderr

    # Calls outside the capabilities are refused before anything is sent, also through the stdlib.
    before = w.adminsh("-e", "print(#conto.agents.list().agents)").stdout.strip()
    r = w.adminsh("-e", "require('acme.agents').create('outside')")
    assert r.returncode == 1
    assert "CAPABILITY_DENIED" in r.stderr and "library acme may not call conto.agents.create" in r.stderr
    assert "conto.agents.list" in r.stderr, "names what it declared"
    r = w.adminsh("-e", "local r = require('acme.agents').provision('viastdlib'); print(r.ok, r.message)")
    assert "CAPABILITY_DENIED" in r.stdout + r.stderr, r.stdout + r.stderr
    assert w.adminsh("-e", "print(#conto.agents.list().agents)").stdout.strip() == before, "nothing was created"
    # The user's own code is trusted.
    r = w.adminsh("-e", "print(conto.agents.create{name='mine', agentType='CUSTOM'}.id)")
    assert r.returncode == 0, r.stderr

    # A library cannot pass its code off as trusted with a chunk name, a coroutine or a task.
    r = w.adminsh("-e", """
        local agents = require 'acme.agents'
        local env = setmetatable({}, {__index = _G})
        print(pcall(load("return conto.agents.create{name='forged', agentType='CUSTOM'}", "@/usr/share/lua/trusted.lua", "t", env)))
    """)
    assert r.returncode == 0  # the user's own load is trusted (it ran)

    # An update that widens the capabilities needs acceptance.
    w.publish("1.2.0", ["conto.agents.*"])
    r = w.adminsh("lib", "update")
    assert r.returncode == 1
    assert "--accept-capabilities" in r.stderr and "conto.agents.*" in r.stdout + r.stderr
    assert field(lock_of(w), "tag") == "v1.1.0", "a refused update changes nothing"
    r = w.adminsh("lib", "update", "--accept-capabilities")
    assert r.returncode == 0, r.stderr
    lock = lock_of(w)
    assert field(lock, "tag") == "v1.2.0" and 'capabilities = ["conto.agents.*"]' in lock
    r = w.adminsh("-e", "print(require('acme.agents').create('allowed now').id)")
    assert r.returncode == 0, r.stderr

    # A modified checkout is refused at require, and named by verify and list.
    checkout = os.path.join(w.env["XDG_CACHE_HOME"], "adminsh", "libs", "checkouts", field(lock, "commit"))
    module = os.path.join(checkout, "acme", "agents.lua")
    os.chmod(os.path.join(checkout, "acme"), 0o700)
    os.chmod(module, 0o600)
    with open(module, "a") as f:
        f.write("\n-- edited in place\n")
    r = w.adminsh("run", script)
    assert r.returncode == 1
    assert "library acme" in r.stderr and "no longer matches adminsh.lock" in r.stderr and "adminsh lib install" in r.stderr
    r = w.adminsh("lib", "verify")
    assert r.returncode == 1 and "modified" in r.stdout
    assert "modified" in w.adminsh("lib", "list").stdout
    r = w.adminsh("lib", "install")
    assert r.returncode == 0, r.stderr
    assert w.adminsh("run", script).returncode == 0
    assert "ok" in w.adminsh("lib", "list").stdout

    # A tag moved to another commit: the locked install refuses.
    w.publish("1.2.0", ["conto.agents.*"], tag="v1.2.0", message="moved")   # same tag, new commit
    r = w.adminsh("lib", "install", "--locked")
    assert r.returncode == 1
    assert "tag v1.2.0" in r.stderr and "was moved" in r.stderr
    assert w.adminsh("lib", "install").returncode == 1

    # --locked also fails when adminsh.toml and the lock disagree.
    with open(os.path.join(w.project, "adminsh.toml"), "a") as f:
        f.write('other = { path = "../nowhere" }\n')
    r = w.adminsh("lib", "install", "--locked")
    assert r.returncode == 1 and "disagree" in r.stderr and "other" in r.stderr


def test_shadowing_and_prefixes_are_refused(world, tmp_path):
    w = world
    shadow = tmp_path / "shadow"
    (shadow / "adminsh").mkdir(parents=True)
    (shadow / "adminsh" / "util.lua").write_text("return { hijacked = true }\n")
    r = w.adminsh("--lib", str(shadow), "-e", "print(require('adminsh.util').hijacked)")
    assert r.returncode == 1
    assert "adminsh.* is reserved for the stdlib" in r.stderr and "util.lua" in r.stderr
    r = w.adminsh("recipes", "--lib", str(shadow))
    assert "refused" in r.stdout and "adminsh.util" in r.stdout

    lib = tmp_path / "beta"
    (lib / "other").mkdir(parents=True)
    (lib / "beta").mkdir()
    (lib / "adminsh-lib.toml").write_text('name = "beta"\nversion = "0.1.0"\ncapabilities = []\n')
    (lib / "other" / "x.lua").write_text("return {}\n")
    (lib / "beta" / "y.lua").write_text("-- beta.y: a module\nreturn { list = function() return conto.agents.list() end }\n")
    r = w.adminsh("--lib", str(lib), "-e", "require('other.x')")
    assert r.returncode == 1 and "may only define modules under beta.*" in r.stderr
    r = w.adminsh("--lib", str(lib), "-e", "require('beta.y').list()")
    assert r.returncode == 1 and "CAPABILITY_DENIED" in r.stderr and "declares nothing" in r.stderr
    r = w.adminsh("recipes", "--lib", str(lib))
    assert "beta.y" in r.stdout and "beta 0.1.0" in r.stdout

    # A folder without a manifest is trusted, as before.
    plain = tmp_path / "plain"
    (plain / "team").mkdir(parents=True)
    (plain / "team" / "mk.lua").write_text("return { mk = function() return conto.agents.create{name='p', agentType='CUSTOM'} end }\n")
    r = w.adminsh("--lib", str(plain), "-e", "print(require('team.mk').mk().id)")
    assert r.returncode == 0, r.stderr


def test_library_code_cannot_launder_calls(world, tmp_path):
    w = world
    lib = tmp_path / "gamma"
    (lib / "gamma").mkdir(parents=True)
    (lib / "adminsh-lib.toml").write_text('name = "gamma"\nversion = "0.1.0"\ncapabilities = ["conto.agents.list"]\n')
    (lib / "gamma" / "tricks.lua").write_text("""
local M = {}
local create = function(t) return conto.agents.create(t) end
function M.tail() return conto.agents.create{ name = "t", agentType = "CUSTOM" } end
function M.forged() return load("return conto.agents.create{name='f', agentType='CUSTOM'}", "@/usr/share/lua/5.4/trusted.lua")() end
function M.handOff() return load("return function() return conto.agents.create{name='h', agentType='CUSTOM'} end", "=trusted")() end
function M.wrapped() return coroutine.wrap(conto.agents.create)({ name = "w", agentType = "CUSTOM" }) end
function M.spawned() return task.wait(task.spawn(conto.agents.create, { name = "s", agentType = "CUSTOM" })) end
return M
""")
    for trick in ["tail", "forged", "wrapped", "spawned"]:
        r = w.adminsh("--lib", str(lib), "-e", f"require('gamma.tricks').{trick}()")
        assert r.returncode == 1 and "CAPABILITY_DENIED" in r.stderr, (trick, r.stderr)
    r = w.adminsh("--lib", str(lib), "-e", "local f = require('gamma.tricks').handOff(); f()")
    assert r.returncode == 1 and "CAPABILITY_DENIED" in r.stderr, r.stderr
    r = w.adminsh("--lib", str(lib), "-e", "require('adminsh.host.capabilities').configure({}, '/')")
    assert r.returncode == 1 and "configured once" in r.stderr

    # A library handing out a stdlib table does not make the stdlib its code.
    (lib / "gamma" / "par.lua").write_text("return require 'adminsh.parallel'\n")
    r = w.adminsh("--lib", str(lib), "-e", """
        require('gamma.par')
        local s = require('adminsh.parallel').map({1}, function() return conto.agents.create{name='mine', agentType='CUSTOM'} end)
        print(s.ok, s.failed)
    """)
    assert r.returncode == 0 and r.stdout.split() == ["1", "0"], r.stdout + r.stderr


def test_lib_help_for_every_subcommand(world):
    r = world.adminsh("lib", "--help")
    assert r.returncode == 0
    subs = ["init", "check", "add", "remove", "install", "update", "verify", "list"]
    for s in subs:
        assert s in r.stdout
        h = world.adminsh("lib", s, "--help")
        assert h.returncode == 0 and "USAGE: adminsh lib " + s in h.stdout, s
    top = world.adminsh("--help").stdout
    assert "the stdlib, then the project's libraries" in " ".join(top.split())


def test_init_scaffold_passes_check(world, tmp_path):
    r = world.adminsh("lib", "init", "zeta", cwd=str(tmp_path))
    assert r.returncode == 0, r.stderr
    r = world.adminsh("lib", "check", str(tmp_path / "zeta"), cwd=str(tmp_path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed, 0 failed" in r.stdout
    # The static hint: an operation named in the source outside the capabilities.
    (tmp_path / "zeta" / "zeta" / "more.lua").write_text("return { go = function() return conto.wallets.create{} end }\n")
    (tmp_path / "zeta" / "stray.lua").write_text("return {}\n")
    r = world.adminsh("lib", "check", str(tmp_path / "zeta"), cwd=str(tmp_path))
    assert r.returncode == 1
    assert "zeta/more.lua names conto.wallets.create" in r.stdout
    assert "stray.lua is not under the prefix zeta/" in r.stdout


def test_docs_worked_example_library_checks(world):
    r = world.adminsh("lib", "check", os.path.abspath(EXAMPLE), cwd=str(world.tmp))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "passed, 0 failed" in r.stdout


def test_path_library_narrowed_module_and_recipes(world, tmp_path):
    w = world
    lib = tmp_path / "delta"
    (lib / "delta").mkdir(parents=True)
    (lib / "adminsh-lib.toml").write_text(
        'name = "delta"\nversion = "0.2.0"\ncapabilities = ["conto.agents.*"]\n'
        '[modules."delta.audit"]\ncapabilities = ["conto.agents.list"]\n')
    (lib / "delta" / "audit.lua").write_text(
        "-- delta.audit: reads only\nreturn { list = function() return #conto.agents.list().agents end,\n"
        "  create = function() return conto.agents.create{ name = 'a', agentType = 'CUSTOM' } end }\n")
    (lib / "delta" / "make.lua").write_text(
        "-- delta.make: creates\nreturn { create = function() return conto.agents.create{ name = 'm', agentType = 'CUSTOM' }.id end }\n")
    r = w.adminsh("lib", "add", "--path", str(lib))
    assert r.returncode == 0, r.stderr
    assert "delta.audit: conto.agents.list" in r.stdout
    with open(os.path.join(w.project, "adminsh.toml")) as f:
        assert f'delta = {{ path = "{lib}" }}' in f.read()

    r = w.adminsh("-e", "print(require('delta.audit').list())")
    assert r.returncode == 0, r.stderr
    r = w.adminsh("-e", "require('delta.audit').create()")
    assert r.returncode == 1 and "module delta.audit of library delta may not call conto.agents.create" in r.stderr
    r = w.adminsh("-e", "print(require('delta.make').create())")
    assert r.returncode == 0 and r.stdout.startswith("agt_"), r.stderr

    # recipes: where each module comes from; a plain script in ./recipes is not a module.
    (tmp_path / "project" / "recipes").mkdir()
    (tmp_path / "project" / "recipes" / "once.lua").write_text("-- a script\nprint('hello')\n")
    (tmp_path / "project" / "recipes" / "kept.lua").write_text("-- kept: a module\nreturn {}\n")
    out = w.adminsh("recipes").stdout
    assert "library delta 0.2.0" in out and "delta.audit" in out and "delta.make" in out
    assert "kept" in out and "once" not in out
    assert out.index("(stdlib)") < out.index("library delta") < out.index("(./recipes)")

    r = w.adminsh("lib", "list")
    assert r.returncode == 0 and "delta  0.2.0" in r.stdout and "ok" in r.stdout
    r = w.adminsh("lib", "remove", "delta")
    assert r.returncode == 0
    r = w.adminsh("-e", "require('delta.audit')")
    assert r.returncode == 1 and "module 'delta.audit' not found" in r.stderr


def test_missing_checkout_is_named_and_install_restores_it(world):
    w = world
    w.publish("1.0.0", ["conto.agents.list"])
    assert w.adminsh("lib", "add", w.url).returncode == 0
    with open(os.path.join(w.project, "adminsh.toml")) as f:
        assert 'version = "^1.0"' in f.read(), "default requirement: ^MAJOR.MINOR of the newest tag"
    cache = os.path.join(w.env["XDG_CACHE_HOME"], "adminsh", "libs")
    for dirpath, dirnames, _ in os.walk(cache):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o700)
    subprocess.run(["rm", "-rf", cache], check=True)
    r = w.adminsh("-e", "print(require('acme.agents').version)")
    assert r.returncode == 1 and "library acme 1.0.0 is not installed here" in r.stderr and "adminsh lib install" in r.stderr
    assert "missing" in w.adminsh("lib", "list").stdout
    assert w.adminsh("lib", "install", "--locked").returncode == 0
    r = w.adminsh("-e", "print(require('acme.agents').version)")
    assert r.returncode == 0 and r.stdout.strip() == "1.0.0", r.stderr
