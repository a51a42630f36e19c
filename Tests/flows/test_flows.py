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
