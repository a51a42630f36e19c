"""No usable secret at rest: a session issues every kind of secret through the binary, then the
state file, its WAL and every file under the private XDG folders are searched for each one. A
secret may sit only in the designated 0600 credentials file (the seed record); every file the
sandbox creates is 0600 in a 0700 folder whatever the umask."""
import os
import sqlite3
import stat
import subprocess
import tempfile

import pytest

HERE = os.path.dirname(__file__)
ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(HERE, "..", "..", ".build", "debug", "adminsh"))

SESSION = r"""
local lines = {}
local function keep(name, value)
  assert(secret.is(value), name .. " comes back as a secret value")
  lines[#lines + 1] = name .. "=" .. value:reveal()
end
local api = contio.rotateAPIKey{confirmation_token = "c1", reason = "at rest", grace_period_hours = 1}
keep("api_key", api.new_credential)
keep("api_key_rollback_token", api.rollback_token)
local client = contio.rotateClientSecret{confirmation_token = "c2", reason = "at rest"}
keep("client_secret", client.new_credential)
keep("client_secret_rollback_token", client.rollback_token)
local hook = contio.rotateWebhookSecret{confirmation_token = "c3", reason = "at rest"}
keep("webhook_secret", hook.new_credential)
local agent = conto.agents.create{name = "At rest", agentType = "CUSTOM"}
keep("sdk_key", conto.agents.createSdkKey(agent.id, {name = "standard"}).key)
keep("sdk_admin_key", conto.agents.createSdkKey(agent.id, {name = "admin", keyType = "admin"}).key)
-- The revealed secrets go to the test's own sink, a 0600 file outside the XDG folders.
require("adminsh.files").writePrivate(os.getenv("SECRETS_OUT"), table.concat(lines, "\n") .. "\n")
print("session: ok")
"""


def private_env(root):
    env = dict(os.environ)
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        env[var] = os.path.join(root, sub)
    return env


def run_session(umask):
    root = tempfile.mkdtemp(prefix="adminsh-at-rest-")
    env = private_env(root)
    sink = os.path.join(root, "revealed.txt")  # outside the XDG folders: the test's own copy
    env["SECRETS_OUT"] = sink
    r = subprocess.run(["sh", "-c", f'umask {umask}; exec "$0" -e "$1"', ADMINSH, SESSION],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}"
    assert "session: ok" in r.stdout
    assert stat.S_IMODE(os.stat(sink).st_mode) == 0o600, "the secret sink is private"
    with open(sink) as f:
        secrets = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    assert len(secrets) == 7 and all(len(v) >= 16 for v in secrets.values()), secrets.keys()
    return root, env, secrets


def files_under(folder):
    for base, _, names in os.walk(folder):
        for name in names:
            yield os.path.join(base, name)


@pytest.mark.parametrize("umask", ["022", "000"])
def test_issued_secrets_are_only_in_the_credentials_file(umask):
    root, env, secrets = run_session(umask)
    data = os.path.join(env["XDG_DATA_HOME"], "adminsh")
    state = os.path.join(data, "sandbox.sqlite")
    assert os.path.exists(state)
    designated = {os.path.join(data, "sandbox.seed.json")}
    searched = set()
    for folder in (env["XDG_DATA_HOME"], env["XDG_STATE_HOME"], env["XDG_CONFIG_HOME"], env["XDG_CACHE_HOME"]):
        searched.update(files_under(folder))
    assert state in searched
    # The answers that carried the secrets are kept for replay (sealed): the search is meaningful.
    with sqlite3.connect(f"file:{state}?mode=ro", uri=True) as db:
        kept = db.execute("SELECT COUNT(*) FROM sandbox_idempotency WHERE body IS NOT NULL").fetchone()[0]
    assert kept >= 6, f"only {kept} of the 6 answers kept for replay"
    # The WAL is checkpointed at a clean exit; search whatever SQLite left beside the state too.
    found = []
    for path in sorted(searched):
        with open(path, "rb") as f:
            content = f.read()
        for name, value in secrets.items():
            if value.encode() in content and path not in designated:
                found.append(f"{name} in {path}")
    assert not found, "secrets at rest in clear:\n" + "\n".join(found)


@pytest.mark.parametrize("umask", ["022", "000"])
def test_every_file_the_sandbox_creates_is_private(umask):
    root, env, _ = run_session(umask)
    data = os.path.join(env["XDG_DATA_HOME"], "adminsh")
    # The session closed the state; open it once more (no checkpoint at exit) to see -wal/-shm too.
    r = subprocess.run(["sh", "-c", f'umask {umask}; exec "$0" -e "$1"', ADMINSH,
                        "contio.getApp(); os.execute('ls -la ' .. os.getenv('XDG_DATA_HOME') .. '/adminsh > ' .. os.getenv('XDG_DATA_HOME') .. '/../listing.txt')"],
                       capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(root, "listing.txt")) as f:
        listing = f.read()
    assert "sandbox.sqlite-wal" in listing, listing
    for line in listing.splitlines():
        if line.startswith("-"):
            assert line.startswith("-rw------- "), f"not 0600 while running: {line}"
    for path in files_under(data):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == 0o600, f"{path} is {oct(mode)}"
    for folder in [data] + [os.path.join(b, d) for b, ds, _ in os.walk(data) for d in ds]:
        mode = stat.S_IMODE(os.stat(folder).st_mode)
        assert mode == 0o700, f"{folder} is {oct(mode)}"
    for name in ("sandbox.sqlite", "sandbox.seed.json", "sandbox.key"):
        assert os.path.exists(os.path.join(data, name)), name
