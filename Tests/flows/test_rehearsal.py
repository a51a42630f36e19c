"""Clone, rehearse, apply: a local `adminsh serve` stands in for production, seeded with a few
dozen resources of both platforms, behind a recording proxy that logs every request it passes
on. The clone must read back equal to the source, and nothing but GET may reach the source
until `--apply` says so."""
import http.client
import http.server
import json
import os
import re
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import pytest

HERE = os.path.dirname(__file__)
FILES = os.path.join(HERE, "rehearsal")
ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(HERE, "..", "..", ".build", "debug", "adminsh"))
VENDOR_VARIABLES = ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY")


class RecordingProxy:
    """Passes every request on to `upstream` and records (method, path) of each."""

    def __init__(self, upstream_port):
        self.requests = []
        lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with lock:
                    proxy.requests.append((self.command, self.path))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
                upstream.request(self.command, self.path, body=body, headers=headers)
                reply = upstream.getresponse()
                data = reply.read()
                self.send_response(reply.status)
                for k, v in reply.getheaders():
                    if k.lower() not in ("connection", "content-length", "transfer-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def mutating(self):
        return [r for r in self.requests if r[0] != "GET"]

    def clear(self):
        self.requests.clear()


@pytest.fixture(scope="module")
def production():
    home = tempfile.mkdtemp(prefix="adminsh-rehearsal-")
    state = os.path.join(home, "prod", "prod.sqlite")
    env = dict(os.environ, XDG_DATA_HOME=os.path.join(home, "data"), XDG_STATE_HOME=os.path.join(home, "state"),
               XDG_CONFIG_HOME=os.path.join(home, "config"), NO_COLOR="1")
    for name in VENDOR_VARIABLES:
        env.pop(name, None)
    seeded = subprocess.run([ADMINSH, "run", "--quiet", "--db", state, os.path.join(FILES, "seed.lua")],
                            capture_output=True, text=True, env=env, timeout=180)
    assert seeded.returncode == 0 and "seeded" in seeded.stdout, seeded.stderr
    # The stand-in's rate limits out of the way: the tests read everything several times over.
    server = subprocess.Popen([ADMINSH, "serve", "--port", "0", "--db", state], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, env=dict(env, ADMINSH_CONTO_RATE_ADMIN="1000000", ADMINSH_CONTO_RATE_SDK_READS="1000000",
                                                  ADMINSH_CONTO_RATE_PAYMENTS="1000000"))
    port = None
    for line in server.stdout:
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
            break
    assert port, "the stand-in did not start"
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    seed = json.load(open(os.path.join(home, "prod", "prod.seed.json")))
    proxy = RecordingProxy(port)
    env.update(PROD_CONTIO_KEY=seed["contio"]["api_key"], PROD_CONTIO_CLIENT=seed["contio"]["client_id"],
               PROD_CONTO_KEY=seed["conto"]["org_api_key"], PROD_RO_CONTO_KEY=read_only_key(port, seed))
    os.makedirs(os.path.join(home, "config", "adminsh"))
    with open(os.path.join(home, "config", "adminsh", "config.toml"), "w") as f:
        f.write(f"""[profiles.prod]
contio_url = "http://127.0.0.1:{proxy.port}"
contio_api_key_env = "PROD_CONTIO_KEY"
contio_client_id_env = "PROD_CONTIO_CLIENT"
conto_url = "http://127.0.0.1:{proxy.port}"
conto_org_key_env = "PROD_CONTO_KEY"

[profiles.prod-ro]
conto_url = "http://127.0.0.1:{proxy.port}"
conto_org_key_env = "PROD_RO_CONTO_KEY"
""")
    yield {"home": home, "env": env, "proxy": proxy, "seed": seed}
    server.terminate()
    server.wait(timeout=10)
    proxy.server.shutdown()


def read_only_key(port, seed):
    """A READ_ONLY org key of the stand-in's org (no team:read: members cannot be read)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/__sandbox/conto/api-keys", method="POST",
                                     data=json.dumps({"preset": "READ_ONLY", "name": "reader"}).encode(),
                                     headers={"Authorization": "Bearer " + seed["conto"]["org_api_key"],
                                              "X-Sandbox-Token": seed["sandbox"]["admin_token"], "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as reply:
        return json.load(reply)["key"]


def adminsh(production, *args, timeout=180):
    return subprocess.run([ADMINSH, *args], capture_output=True, text=True, env=production["env"], timeout=timeout,
                          cwd=production["home"])


def dump(production, *where):
    r = adminsh(production, "run", "--quiet", *where, os.path.join(FILES, "dump.lua"))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def without_schedule(document):
    """A clone keeps deliveries as history: none is scheduled again (next_retry_at)."""
    for delivery in document["contio"]["deliveries"].get("deliveries", []):
        delivery.pop("next_retry_at", None)
    return document


def test_the_clone_reads_back_as_the_source_and_only_gets_reached_it(production):
    proxy = production["proxy"]
    clone = os.path.join(production["home"], "clone-a.sqlite")
    proxy.clear()
    r = adminsh(production, "sandbox", "clone", "--from", "prod", "--db", clone, "--json", "--quiet")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert proxy.requests, "the clone read nothing"
    assert proxy.mutating() == [], proxy.mutating()
    assert report["left_out"] == [] and report["skipped"] == []
    assert report["counts"]["agents"] == 7 and report["counts"]["templates"] == 4 and report["counts"]["toolkitVersions"] == 4

    source = dump(production, "--profile", "prod")
    copied = dump(production, "--db", clone)
    assert proxy.mutating() == []
    # A few dozen resources of both platforms, each readable field equal.
    assert len(source["conto"]["agents"]) == 7 and len(source["contio"]["templates"]) == 4
    assert len(source["contio"]["deliveries"]["deliveries"]) == 3 and source["contio"]["idp"]["name"] == "Corporate SSO"
    assert without_schedule(copied) == without_schedule(source)

    # Fresh secrets: none of the source's keys is in the clone's seed record, and they do not work there.
    credentials = json.loads(adminsh(production, "sandbox", "credentials", "--db", clone).stdout)
    assert credentials["contio"]["api_key"] != production["seed"]["contio"]["api_key"]
    assert credentials["conto"]["org_api_key"] != production["seed"]["conto"]["org_api_key"]
    assert credentials["contio"]["client_id"] == production["seed"]["contio"]["client_id"]
    assert set(credentials["conto"]["sdk_keys"]) == {k["id"] for keys in source["conto"]["sdkKeys"].values() for k in keys["sdkKeys"]}
    assert credentials["sandbox"]["clone_of"] == "prod"
    # An SDK key of the clone works there with its new secret (the agent sees its policies).
    key_id, secret = sorted(credentials["conto"]["sdk_keys"].items())[0]
    r = adminsh(production, "--db", clone, "--quiet", "-e", f"return #conto.sdk.policies.list('{secret}').policies")
    assert r.returncode == 0 and int(r.stdout.strip()) >= 1, r.stderr


def test_the_clone_paces_itself_under_the_source_rate_limit(production):
    # A second server on the stand-in's state with 10 admin calls per 2 s window: the clone's ~50
    # reads are refused with 429 again and again, waits out each Retry-After and reads everything.
    env = dict(production["env"], ADMINSH_CONTO_RATE_ADMIN="10", ADMINSH_CONTO_RATE_WINDOW_SECONDS="2")
    slow = subprocess.Popen([ADMINSH, "serve", "--port", "0", "--db", os.path.join(production["home"], "prod", "prod.sqlite")],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        port = None
        for line in slow.stdout:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                port = int(match.group(1))
                break
        threading.Thread(target=lambda: [None for _ in slow.stdout], daemon=True).start()
        config = os.path.join(production["home"], "config", "adminsh", "config.toml")
        with open(config, "a") as f:
            f.write(f'''
[profiles.prod-slow]
conto_url = "http://127.0.0.1:{port}"
conto_org_key_env = "PROD_CONTO_KEY"
''')
        started = time.monotonic()
        r = adminsh(production, "sandbox", "clone", "--from", "prod-slow", "--db", os.path.join(production["home"], "slow.sqlite"),
                    "--json", "--quiet", timeout=300)
        elapsed = time.monotonic() - started
        assert r.returncode == 0, r.stderr
        # More than 20 reads at 10 per 2 s cannot all pass in the first window: the clone waited.
        assert elapsed >= 2.0, elapsed
        report = json.loads(r.stdout)
        assert report["left_out"] == []
        assert report["counts"]["agents"] == 7 and report["counts"]["walletLinks"] == 6 and report["counts"]["sdkKeys"] == 6
        assert report["requests"] > 20
    finally:
        slow.terminate()
        slow.wait(timeout=10)


def test_reads_the_keys_may_not_make_are_reported_and_left_out(production):
    clone = os.path.join(production["home"], "clone-ro.sqlite")
    r = adminsh(production, "sandbox", "clone", "--from", "prod-ro", "--db", clone, "--quiet")
    assert r.returncode == 0, r.stderr
    assert "conto.organizations.listMembers" in r.stdout and "left out" in r.stdout, r.stdout
    report = json.load(open(os.path.join(production["home"], "clone-ro.clone.json")))
    assert [entry["operation"] for entry in report["left_out"]] == ["conto.organizations.listMembers"]
    assert report["counts"]["agents"] == 7 and report["counts"].get("members", 0) == 0


def test_provision_rehearsed_then_applied_creates_the_same_set(production):
    proxy = production["proxy"]
    recipe = os.path.join(FILES, "provision_three.lua")
    before = dump(production, "--profile", "prod")
    proxy.clear()
    r = adminsh(production, "run", "--quiet", "--rehearse", "--profile", "prod", "--max-age", "0", "--output", "json", recipe)
    assert r.returncode == 0, r.stderr
    # With --output json the report goes to stderr and stdout carries only what the recipe returned.
    report = r.stderr
    assert "rehearsal of prod" in report
    assert proxy.mutating() == [], proxy.mutating()
    assert "agents: 3 created" in report and "walletLinks: 3 created" in report and "sdkKeys: 3 created" in report
    for n in (1, 2, 3):
        assert f'"New buyer {n}"' in report
    expected = {"ok": 3, "failed": 0, "created": ["new-buyer-1", "new-buyer-2", "new-buyer-3"], "checks": ["ok", "ok", "ok"],
                "payments": [True, True, True]}
    assert json.loads(r.stdout) == expected
    assert "conto.agents.create" in report  # the rehearsal's journal
    assert dump(production, "--profile", "prod")["conto"]["agents"] == before["conto"]["agents"], "the rehearsal changed the source"

    proxy.clear()
    r = adminsh(production, "run", "--quiet", "--rehearse", "--apply", "--yes", "--profile", "prod", recipe)
    assert r.returncode == 0, r.stderr
    assert "clone from" in r.stderr and "reused" in r.stderr  # younger than --max-age: no second clone
    assert "agents: 3 created" in r.stdout and "applied to prod" in r.stdout
    assert r.stdout.index("rehearsal of prod") < r.stdout.index("applied to prod")
    assert "the same calls with the same outcomes" in r.stdout, r.stdout
    real = r.stdout[r.stdout.index("applied to prod"):]
    assert "payments = { true, true, true }" in real and 'checks = { "ok", "ok", "ok" }' in real, real
    created = [r for r in proxy.mutating() if r[0] == "POST" and r[1] == "/api/agents"]
    assert len(created) == 3, proxy.mutating()
    after = dump(production, "--profile", "prod")
    new = sorted(a["name"] for a in after["conto"]["agents"] if a["externalId"] and a["externalId"].startswith("new-buyer"))
    assert new == ["New buyer 1", "New buyer 2", "New buyer 3"]


def test_sandbox_diff_is_a_lua_value(production):
    script = os.path.join(production["home"], "diff.lua")
    with open(script, "w") as f:
        f.write("""
local existing = conto.agents.create{name = "Existing", agentType = "CUSTOM", description = "as it was"}
sandbox.snapshot("before")
local a = conto.agents.create{name = "Diffed", agentType = "CUSTOM"}
conto.agents.update(existing.id, {description = "changed"})
sandbox.snapshot("after")
local d = sandbox.diff("before", "after")
assert(#d.created.agents == 1 and d.created.agents[1].id == a.id, "one agent created")
assert(#d.deleted.agents == 0 and #d.created.wallets == 0, "nothing else")
local changed = d.changed.agents[1]
assert(changed and changed.id == existing.id and changed.fields.description.old == "as it was"
  and changed.fields.description.new == "changed", "the changed field, old -> new")
sandbox.restore("before")
assert(#sandbox.diff("before").created.agents == 0, "restored in one step")
print("diff: ok")
""")
    r = adminsh(production, "run", "--db", os.path.join(production["home"], "lua-diff.sqlite"), script)
    assert r.returncode == 0 and "diff: ok" in r.stdout, r.stderr


def test_rehearse_at_the_prompt_runs_a_function_against_a_clone(production):
    proxy = production["proxy"]
    proxy.clear()
    code = """
local before = conto.agents.list().total
local d, id = rehearse(function() return conto.agents.create{name = "Prompt rehearsal", agentType = "CUSTOM"}.id end)
assert(#d.created.agents == 1 and d.created.agents[1].id == id, "the diff names the agent the function created")
assert(conto.agents.list().total == before, "the profile is unchanged")
assert(not pcall(conto.agents.get, id), "the agent exists only in the clone")
local failed = rehearse(function() conto.agents.create{name = "half"}; error("stopped here") end)
assert(#failed.created.agents == 0, "a failing function: the diff of what it did (nothing: the create was refused)")
assert(conto.agents.list().total == before, "calls go to the profile again after a failure")
-- A task the function leaves running is waited for: its call lands in the clone, not the profile.
local late = rehearse(function() task.spawn(function() conto.agents.create{name = "Late task", agentType = "CUSTOM"} end) end)
assert(#late.created.agents == 1, "the spawned task's agent is in the clone's diff")
assert(conto.agents.list().total == before, "the spawned task sent nothing to the profile")
print("prompt rehearsal: ok")
"""
    r = adminsh(production, "--profile", "prod", "--quiet", "-e", code)
    assert r.returncode == 0 and "prompt rehearsal: ok" in r.stdout, r.stdout + r.stderr
    assert "rehearsal of prod" in r.stderr and "Changes in the clone of prod" in r.stdout
    assert "The function failed in the rehearsal" in r.stdout
    assert proxy.mutating() == [], proxy.mutating()
    journals = os.path.join(production["home"], "state", "adminsh", "journal", "prod.jsonl")
    profile_journal = open(journals).read() if os.path.exists(journals) else ""
    assert "Prompt rehearsal" not in profile_journal, "the rehearsal journals to its own file"
    rehearsal_journal = os.path.join(production["home"], "data", "adminsh", "clones", "journal", "rehearsal-prod.jsonl")
    assert "Prompt rehearsal" in open(rehearsal_journal).read()


def test_a_clone_never_replaces_a_state_that_is_not_a_clone(production):
    own = os.path.join(production["home"], "own.sqlite")
    r = adminsh(production, "--db", own, "-e", "conto.agents.create{name = 'mine', agentType = 'CUSTOM'}")
    assert r.returncode == 0, r.stderr
    r = adminsh(production, "sandbox", "clone", "--from", "prod", "--db", own, "--quiet")
    assert r.returncode != 0 and "not a clone" in r.stderr, r.stderr
    r = adminsh(production, "--db", own, "-e", "return conto.agents.list().agents[1].name")
    assert r.stdout.strip() == "\"mine\"", r.stdout
