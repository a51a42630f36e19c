"""The vendor documents' flows as Lua scripts, run with `adminsh run` against a fresh sandbox."""
import os
import subprocess
import tempfile

import pytest

HERE = os.path.dirname(__file__)
ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(HERE, "..", "..", ".build", "debug", "adminsh"))


@pytest.mark.parametrize("script", sorted(f for f in os.listdir(HERE) if f.endswith(".lua")))
def test_flow(script):
    state = tempfile.mkdtemp(prefix="adminsh-flow-")
    env = dict(os.environ, XDG_DATA_HOME=state, XDG_STATE_HOME=state, XDG_CONFIG_HOME=state)
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    r = subprocess.run([ADMINSH, "run", os.path.join(HERE, script)], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    assert ": ok" in r.stdout
    # Secrets never reach output unless revealed on purpose.
    assert "ctio_" not in r.stdout.replace("ctio_…", "")


def test_bulk_work_paces_itself_under_a_rate_limit():
    # 4 admin calls per 2 s window: 24 creates at concurrency 16 hit 429 again and again. The
    # shared gate pauses every coroutine for the Retry-After and lowers the calls in flight, so
    # every item lands instead of running out of retries.
    state = tempfile.mkdtemp(prefix="adminsh-flow-rate-")
    env = dict(os.environ, XDG_DATA_HOME=state, XDG_STATE_HOME=state, XDG_CONFIG_HOME=state,
               ADMINSH_CONTO_RATE_ADMIN="4", ADMINSH_CONTO_RATE_WINDOW_SECONDS="2")
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    script = os.path.join(state, "paced.lua")
    with open(script, "w") as f:
        f.write("""
local items = {} for i = 1, 24 do items[i] = i end
local s = require("adminsh.parallel").map(items, function(i) return conto.agents.create{name = "paced " .. i, agentType = "CUSTOM"} end, {concurrency = 16})
for _, e in ipairs(s.errors) do print(e.message) end
return {ok = s.ok, failed = s.failed}
""")
    r = subprocess.run([ADMINSH, "run", "--output", "json", script], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith('{\n  "failed": 0,\n  "ok": 24\n}'), r.stdout
