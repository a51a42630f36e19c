"""Guard rails on a real profile, through a pseudo-terminal: the coloured prompt, [y/N] before a
destructive call, `confirm = "mutating"` for scripts, and history kept per profile. A small HTTP
server on loopback stands in for Conto and records every request it receives."""
import http.server
import json
import os
import re
import subprocess
import tempfile
import threading

import pexpect
import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))
ORG_KEY = "conto_test_standin_key_0123456789"


class StandIn(http.server.ThreadingHTTPServer):
    """Conto's stand-in: agents by id answer with a name; deletes succeed; everything is recorded."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), StandInHandler)
        self.requests = []
        self.lock = threading.Lock()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]

    def recorded(self):
        with self.lock:
            return list(self.requests)


class StandInHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with self.server.lock:
            self.server.requests.append((self.command, self.path))
        match = re.match(r"^/api/agents/([^/?]+)", self.path)
        if self.command == "GET" and match:
            body = {"id": match.group(1), "name": "Buyer", "status": "ACTIVE"}
        elif self.command == "DELETE":
            body = {"success": True}
        else:
            body = {"ok": True}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_DELETE = do_POST = do_PATCH = do_PUT = answer


@pytest.fixture
def standin():
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def profile_env(conto_url, extra=""):
    """A config with a `prod` profile on the stand-in (red, labelled) and a `staging` one."""
    home = tempfile.mkdtemp(prefix="adminsh-guard-")
    os.makedirs(os.path.join(home, "adminsh"))
    with open(os.path.join(home, "adminsh", "config.toml"), "w") as f:
        f.write('[profiles.prod]\nconto_url = "%s"\nconto_org_key_env = "PROD_CONTO_KEY"\ncolor = "red"\nlabel = "PROD"\n%s\n'
                '[profiles.staging]\nconto_url = "%s"\nconto_org_key_env = "PROD_CONTO_KEY"\n' % (conto_url, extra, conto_url))
    env = dict(os.environ, XDG_STATE_HOME=home, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home, TERM="xterm", PROD_CONTO_KEY=ORG_KEY)
    for name in ("NO_COLOR", "ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    return env, home


def spawn(env, profile="prod"):
    child = pexpect.spawn(ADMINSH, ["--profile", profile], env=env, timeout=20, dimensions=(40, 200))
    child.expect_exact(b"]> ")
    return child


def test_profile_prompt_shows_its_colour_with_no_broken_sequence(standin):
    env, _ = profile_env(standin.url)
    child = spawn(env)
    prompt = child.before + child.after
    line = prompt.splitlines()[-1]
    # The raw bytes on the terminal: ESC [31m around the label, the reset after, nothing else.
    assert line == b"adminsh[\x1b[31mPROD\x1b[0m]> ", line
    assert b"\x01" not in prompt and b"\x02" not in prompt
    child.sendline(b"'after'")
    child.expect_exact(b'"after"')
    child.expect_exact(b"adminsh[\x1b[31mPROD\x1b[0m]> ")
    child.sendeof()
    child.expect(pexpect.EOF)


def test_no_colour_with_no_color_set(standin):
    env, _ = profile_env(standin.url)
    env["NO_COLOR"] = "1"
    child = spawn(env)
    assert (child.before + child.after).splitlines()[-1] == b"adminsh[PROD]> "
    child.sendeof()
    child.expect(pexpect.EOF)


def test_destructive_call_asks_and_no_sends_nothing(standin):
    env, _ = profile_env(standin.url)
    child = spawn(env)
    # Unseen: the question names the id only, and asking sends nothing.
    child.sendline(b"conto.agents.delete('agt_1f00')")
    child.expect_exact(b"delete agent agt_1f00 on prod? (conto.agents.delete) [y/N] ")
    child.sendline(b"n")
    child.expect_exact(b"CONFIRMATION_DECLINED")
    child.expect_exact(b"]> ")
    assert standin.recorded() == []
    # Once the session has read the agent, the question names it too; "n" still sends nothing.
    child.sendline(b"a = conto.agents.get('agt_1f00'); return a.name")
    child.expect_exact(b'"Buyer"')
    child.expect_exact(b"]> ")
    child.sendline(b"conto.agents.delete(a.id)")
    child.expect_exact(b'delete agent agt_1f00 "Buyer" on prod? (conto.agents.delete) [y/N] ')
    child.sendline(b"n")
    child.expect_exact(b"CONFIRMATION_DECLINED")
    child.expect_exact(b"]> ")
    assert standin.recorded() == [("GET", "/api/agents/agt_1f00")]
    child.sendline(b"conto.agents.delete('agt_1f00')")
    child.expect_exact(b"[y/N] ")
    child.sendline(b"y")
    child.expect_exact(b"success")
    child.expect_exact(b"]> ")
    assert standin.recorded()[-1] == ("DELETE", "/api/agents/agt_1f00")
    child.sendeof()
    child.expect(pexpect.EOF)
    # The declined calls are no changes: the journal holds only the delete that was sent.
    r = subprocess.run([ADMINSH, "log", "--profile", "prod", "--json"], env=env, capture_output=True, text=True, timeout=60)
    ops = [json.loads(line)["operation"] for line in r.stdout.splitlines() if line.strip()]
    assert ops == ["conto.agents.delete"], r.stdout + r.stderr


def test_bulk_asks_once_for_the_whole_batch(standin):
    env, _ = profile_env(standin.url)
    child = spawn(env)
    child.sendline(b"s = require('adminsh.parallel').each({'agt_a', 'agt_b', 'agt_c'}, function(id) return conto.agents.delete(id) end, {progress = false}); return s.ok .. '/' .. s.failed")
    child.expect_exact(b"parallel.each: 3 items; the first destructive call is delete agent agt_a (conto.agents.delete)."
                       b" Allow the destructive calls of all 3 items on prod? [y/N] ")
    child.sendline(b"n")
    child.expect_exact(b"0/3")
    child.expect_exact(b"]> ")
    assert not [r for r in standin.recorded() if r[0] == "DELETE"]
    child.sendline(b"s = require('adminsh.parallel').each({'agt_a', 'agt_b', 'agt_c'}, function(id) return conto.agents.delete(id) end, {progress = false}); return s.ok .. '/' .. s.failed")
    child.expect_exact(b"[y/N] ")
    child.sendline(b"y")
    # One question for the batch: the next thing on the terminal is the summary, then the prompt.
    index = child.expect_exact([b"[y/N]", b"3/0"])
    assert index == 1, "asked more than once"
    child.expect_exact(b"]> ")
    assert sorted(r for r in standin.recorded() if r[0] == "DELETE") == [
        ("DELETE", "/api/agents/agt_a"), ("DELETE", "/api/agents/agt_b"), ("DELETE", "/api/agents/agt_c")]
    child.sendeof()
    child.expect(pexpect.EOF)


def test_scripts_never_ask_and_confirm_mutating_needs_yes(standin):
    env, home = profile_env(standin.url, extra='confirm = "mutating"')
    script = os.path.join(home, "delete.lua")
    with open(script, "w") as f:
        f.write("return conto.agents.delete('agt_9')\n")
    refused = subprocess.run([ADMINSH, "run", "--profile", "prod", script], capture_output=True, text=True, env=env, timeout=30)
    assert refused.returncode == 1
    assert "CONFIRMATION_REQUIRED" in refused.stderr and "--yes" in refused.stderr
    assert standin.recorded() == []
    allowed = subprocess.run([ADMINSH, "run", "--profile", "prod", "--yes", script], capture_output=True, text=True, env=env, timeout=30)
    assert allowed.returncode == 0, allowed.stderr
    assert standin.recorded() == [("DELETE", "/api/agents/agt_9")]
    # The default policy ("destructive"): a script runs its destructive call without asking.
    plain = subprocess.run([ADMINSH, "run", "--profile", "staging", script], capture_output=True, text=True, env=env, timeout=30)
    assert plain.returncode == 0, plain.stderr
    assert standin.recorded().count(("DELETE", "/api/agents/agt_9")) == 2


def test_bad_prompt_settings_are_refused(standin):
    env, _ = profile_env(standin.url, extra='color = "chartreuse"'.replace("color", "confirm"))
    r = subprocess.run([ADMINSH, "--profile", "prod", "-e", "return 1"], capture_output=True, text=True, env=env, timeout=30)
    assert r.returncode != 0 and "confirm must be one of" in r.stderr


def test_history_is_kept_per_profile(standin):
    env, home = profile_env(standin.url)
    for profile, line in (("prod", "prod_only = 1"), ("staging", "staging_only = 2")):
        child = spawn(env, profile)
        child.sendline(line.encode())
        child.expect_exact(b"]> ")
        child.sendeof()
        child.expect(pexpect.EOF)
    folder = os.path.join(home, "adminsh")
    with open(os.path.join(folder, "history-prod")) as f:
        assert f.read() == "prod_only = 1\n"
    with open(os.path.join(folder, "history-staging")) as f:
        assert f.read() == "staging_only = 2\n"
    assert not os.path.exists(os.path.join(folder, "history"))
    assert os.stat(os.path.join(folder, "history-prod")).st_mode & 0o777 == 0o600
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_a_read_only_profile_refuses_every_change_before_sending(standin):
    env, _ = profile_env(standin.url, extra="read_only = true")
    # At the prompt: refused with its code, nothing asked, nothing sent.
    child = spawn(env)
    child.sendline(b"conto.agents.delete('agt_1f00')")
    child.expect_exact(b"READ_ONLY_PROFILE")
    child.expect_exact(b"]> ")
    child.sendline(b"return conto.agents.get('agt_1f00').name")
    child.expect_exact(b'"Buyer"')
    child.expect_exact(b"]> ")
    child.sendeof()
    child.expect(pexpect.EOF)
    # From a recipe and the stdlib alike.
    r = subprocess.run([ADMINSH, "--profile", "prod", "-e",
                        "local r = require('adminsh.provision').agent{name = 'Blocked', agentType = 'CUSTOM', externalId = 'ro-1'}; "
                        "print(r.ok, r.error.code)"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "false\tREAD_ONLY_PROFILE", r.stdout + r.stderr
    assert [m for m, _ in standin.recorded() if m != "GET"] == [], standin.recorded()
