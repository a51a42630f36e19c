"""The change journal and undo: every mutating call is journaled before it is sent, `adminsh undo`
restores the previous state (checked through the API), a change with no inverse is refused with
its reason, and a process killed while a request is in flight leaves an "outcome unknown" entry."""
import http.server
import json
import os
import signal
import stat
import subprocess
import tempfile
import threading

import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))


def sandbox_env():
    home = tempfile.mkdtemp(prefix="adminsh-journal-")
    env = dict(os.environ, XDG_STATE_HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home)
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    return env, home


def run(env, *args, stdin=None):
    return subprocess.run([ADMINSH, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def lua(env, code):
    r = run(env, "-e", code)
    assert r.returncode == 0, r.stderr
    return r.stdout


def entries(env, *extra):
    r = run(env, "log", "--json", *extra)
    assert r.returncode == 0, r.stderr
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]


def test_undo_restores_each_change_through_the_api():
    env, home = sandbox_env()
    ids = json.loads(lua(env, """
local a = conto.agents.create{name = "Undo buyer", agentType = "CUSTOM"}
local w = conto.wallets.create{name = "Undo wallet"}
conto.agents.linkWallet(a.id, {walletId = w.id, spendLimitPerTx = 12})
conto.agents.updateWalletLink(a.id, w.id, {spendLimitPerTx = 30})
local p = conto.policies.create{name = "Undo policy", policyType = "SPEND_LIMIT", rules = {}}
print(json.encode{agent = a.id, wallet = w.id, policy = p.id})
""").strip().splitlines()[-1])
    journal = os.path.join(home, "adminsh", "journal", "sandbox.jsonl")
    assert stat.S_IMODE(os.stat(journal).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(journal)).st_mode) == 0o700
    ops = [e["operation"] for e in entries(env)]
    assert ops == ["conto.agents.create", "conto.wallets.create", "conto.agents.linkWallet",
                   "conto.agents.updateWalletLink", "conto.policies.create"]
    update = entries(env)[3]
    assert update["previous"]["spendLimitPerTx"] == 12 and update["outcome"]["status"] == 200

    # policies.create -> the policy is gone.
    r = run(env, "undo", "--yes")
    assert r.returncode == 0, r.stderr
    assert "conto.policies.delete" in r.stdout
    gone = lua(env, 'local ok, e = pcall(conto.policies.get, "%s"); print(ok, type(e) == "table" and e.status)' % ids["policy"])
    assert gone.strip() == "false\t404", gone

    # updateWalletLink -> the limit it replaced is back (asked, answered y).
    r = run(env, "undo", stdin="y\n")
    assert r.returncode == 0, r.stderr
    assert "[y/N]" in r.stdout
    limit = lua(env, 'print(conto.agents.listWallets("%s").wallets[1].spendLimitPerTx)' % ids["agent"])
    assert limit.strip() == "12"

    # linkWallet -> the link is gone.
    r = run(env, "undo", "--yes")
    assert r.returncode == 0, r.stderr
    links = lua(env, 'print(#conto.agents.listWallets("%s").wallets)' % ids["agent"])
    assert links.strip() == "0"

    # wallets.create, agents.create -> both undone, newest first, and journaled as undos.
    r = run(env, "undo", "2", "--yes")
    assert r.returncode == 0, r.stderr
    assert r.stdout.index("conto.wallets.delete") < r.stdout.index("conto.agents.delete")
    status = lua(env, 'local ok, a = pcall(conto.agents.get, "%s"); print(ok and a.status or a.status)' % ids["agent"])
    assert status.strip() in ("REVOKED", "404"), status
    journaled = entries(env)
    assert sum(1 for e in journaled if e.get("undo_of")) == 5
    assert all(e.get("undone_by") for e in journaled if not e.get("undo_of"))


def test_answering_no_sends_nothing():
    env, _ = sandbox_env()
    agent = lua(env, 'print(conto.agents.create{name = "Kept", agentType = "CUSTOM"}.id)').strip()
    r = run(env, "undo", stdin="n\n")
    assert r.returncode == 0 and "nothing done" in r.stdout
    assert lua(env, 'print(conto.agents.get("%s").status)' % agent).strip() == "ACTIVE"
    assert len(entries(env)) == 1


def test_a_change_without_an_inverse_is_refused_with_its_reason():
    env, home = sandbox_env()
    lua(env, 'contio.rotateWebhookSecret{confirmation_token = "c3", reason = "journal test"}')
    journal = open(os.path.join(home, "adminsh", "journal", "sandbox.jsonl")).read()
    assert "new_credential" not in journal   # the new secret is not stored
    r = run(env, "undo", "--yes")
    assert r.returncode != 0
    assert "UNDO_REFUSED" in r.stderr and "webhook secrets cannot be rolled back" in r.stderr
    # Nothing was run: the only entry is the rotation itself.
    assert [e["operation"] for e in entries(env)] == ["contio.rotateWebhookSecret"]


def test_the_resource_changed_since_is_refused():
    env, _ = sandbox_env()
    lua(env, """
local a = conto.agents.create{name = "Changed", agentType = "CUSTOM"}
local w = conto.wallets.create{name = "Changed wallet"}
conto.agents.linkWallet(a.id, {walletId = w.id, spendLimitPerTx = 12})
conto.agents.updateWalletLink(a.id, w.id, {spendLimitPerTx = 30})
-- A change the journal of this profile does not know about (another admin, another tool).
conto.agents.updateWalletLink(a.id, w.id, {spendLimitPerTx = 45})
""")
    entry = entries(env)[3]["id"]
    r = run(env, "undo", "--entry", entry, "--yes")
    assert r.returncode != 0
    assert "changed since" in r.stderr and "spendLimitPerTx" in r.stderr


class Hanging(http.server.ThreadingHTTPServer):
    """A stand-in for Conto that receives a request and never answers it."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), HangingHandler)
        self.received = threading.Event()
        self.release = threading.Event()


class HangingHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        self.server.received.set()
        self.server.release.wait(30)


def test_a_crash_while_a_request_is_in_flight_leaves_outcome_unknown():
    env, home = sandbox_env()
    server = Hanging()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        os.makedirs(os.path.join(home, "adminsh"), exist_ok=True)
        with open(os.path.join(home, "adminsh", "config.toml"), "w") as f:
            f.write('[profiles.prod]\nconto_url = "http://127.0.0.1:%d"\nconto_org_key_env = "PROD_CONTO_KEY"\n' % server.server_address[1])
        env["PROD_CONTO_KEY"] = "conto_test_standin_key_0123456789"
        child = subprocess.Popen([ADMINSH, "--profile", "prod", "-e", 'conto.agents.create{name = "Lost", agentType = "CUSTOM"}'],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert server.received.wait(60), "the request never reached the stand-in"
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
    (entry,) = entries(env, "--profile", "prod")
    assert entry["state"] == "unknown" and "outcome" not in entry
    assert entry["operation"] == "conto.agents.create" and entry["arguments"]["name"] == "Lost"
    table = run(env, "log", "--profile", "prod")
    assert "outcome unknown" in table.stdout
    r = run(env, "undo", "--profile", "prod", "--yes")
    assert r.returncode != 0 and "outcome unknown" in r.stderr


def test_plan_mode_journals_nothing():
    env, home = sandbox_env()
    script = os.path.join(home, "plan.lua")
    with open(script, "w") as f:
        f.write('conto.agents.create{name = "Planned", agentType = "CUSTOM"}\n')
    r = run(env, "run", "--plan", script)
    assert r.returncode == 0, r.stderr
    assert entries(env) == []


def test_a_rotation_is_undone_by_its_rollback_in_the_session_that_made_it():
    env, home = sandbox_env()
    out = lua(env, 'contio.rotateAPIKey{confirmation_token = "j1"}; local r = undo{yes = true}; print(#r.undone, contio.getApp().id ~= nil)')
    assert out.strip().splitlines()[-1] == "1\ttrue", out
    ops = [(e["operation"], bool(e.get("undo_of"))) for e in entries(env)]
    assert ops == [("contio.rotateAPIKey", False), ("contio.rollbackCredential", True)]
    journal = open(os.path.join(home, "adminsh", "journal", "sandbox.jsonl")).read()
    assert "new_credential" not in journal
    # Another process has no rollback token (the journal keeps it redacted): refused with the reason.
    lua(env, 'contio.rotateAPIKey{confirmation_token = "j2"}')
    r = run(env, "undo", "--yes")
    assert r.returncode != 0 and "rollback token" in r.stderr, r.stderr
