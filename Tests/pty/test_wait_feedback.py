"""Feedback while waiting, through a pseudo-terminal: a refused local server is reported within
seconds after one retry line, pacing under the sandbox's rate limit is said once, and a long call
shows a spinner on stderr that never reaches --output json's stdout."""
import http.server
import json
import os
import socket
import subprocess
import tempfile
import threading
import time

import pexpect
import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))
PROMPT = "adminsh> "
ORG_KEY = "conto_test_feedback_key_0123456789"


def closed_loopback_port():
    """A loopback port nothing listens on (bound to find a free one, then closed)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def env_for(conto_url=None):
    state = tempfile.mkdtemp(prefix="adminsh-wait-")
    env = dict(os.environ, XDG_STATE_HOME=state, XDG_DATA_HOME=state, XDG_CONFIG_HOME=state, TERM="xterm", NO_COLOR="1")
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    if conto_url:
        env.update(CONTO_API_URL=conto_url, CONTO_ORG_API_KEY=ORG_KEY)
    return env


def test_a_refusing_local_server_shows_a_retry_line_within_2s_and_the_error_within_3s():
    env = env_for("http://127.0.0.1:%d" % closed_loopback_port())
    child = pexpect.spawn(ADMINSH, env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.expect_exact("]> ")
    child.sendline("conto.agents.list{}")
    child.expect_exact("conto.agents.list{}")
    sent = time.monotonic()
    child.expect_exact("conto.agents.list: connection refused, retry 2/2 in 1s", timeout=2)
    assert time.monotonic() - sent < 2
    child.expect_exact("CONNECTION_FAILED", timeout=3)
    assert time.monotonic() - sent < 3
    child.expect_exact("nothing is listening there")
    child.expect_exact("]> ")
    child.terminate(force=True)


def test_without_a_terminal_retries_are_plain_lines():
    env = env_for("http://127.0.0.1:%d" % closed_loopback_port())
    started = time.monotonic()
    r = subprocess.run([ADMINSH, "-e", "conto.agents.list{}"], capture_output=True, text=True, env=env, timeout=30)
    assert r.returncode == 1
    assert "conto.agents.list: connection refused, retry 2/2 in 1s\n" in r.stderr
    assert "\r" not in r.stderr and "\x1b[K" not in r.stderr, repr(r.stderr)
    assert "CONNECTION_FAILED" in r.stderr
    assert time.monotonic() - started < 10, "start-up plus about a second, not 21 s"


def test_pacing_under_the_sandbox_rate_limit_is_said_once():
    child = pexpect.spawn(ADMINSH, env=env_for(), encoding="utf-8", timeout=60, dimensions=(40, 120))
    transcript = []
    child.logfile_read = type("Sink", (), {"write": lambda self, s: transcript.append(s), "flush": lambda self: None})()
    child.expect_exact(PROMPT)
    # The sandbox allows 100 admin calls a minute: the 101st waits, and says why. The calls after
    # it wait too (the gate is shared), without saying it again.
    child.sendline("n = 0; for i = 1, 103 do conto.agents.list{limit = 1}; n = i end")
    child.expect_exact("conto: rate limited, pacing to 100 calls/min", timeout=60)
    for _ in range(20):
        child.sendcontrol("c")
        if child.expect_exact(["interrupted", pexpect.TIMEOUT], timeout=0.5) == 0:
            break
    else:
        pytest.fail("Ctrl-C did not interrupt the paced loop")
    child.expect_exact(PROMPT)
    child.sendline("n")
    child.expect_exact("100")
    child.expect_exact(PROMPT)
    assert "".join(transcript).count("rate limited, pacing") == 1
    child.terminate(force=True)


class SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers an agent list after 2.6 s: longer than the spinner's two seconds."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        time.sleep(2.6)
        data = json.dumps({"agents": [], "total": 0, "limit": 50, "offset": 0}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def slow_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_long_call_shows_a_spinner_on_stderr_never_in_json_stdout(slow_server):
    env = env_for(slow_server)
    out = os.path.join(tempfile.mkdtemp(prefix="adminsh-json-"), "out.json")
    # stderr is the terminal, stdout a file: the spinner goes to the one, the JSON to the other.
    child = pexpect.spawn("/bin/sh", ["-c", '"$0" --output json -e "return conto.agents.list{}" > "$1"', ADMINSH, out],
                          env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))
    child.expect(r"conto\.agents\.list · 2s")
    child.expect_exact("\r\x1b[K")   # cleared when the call ends
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = open(out).read()
    assert json.loads(text)["total"] == 0, text
    assert "conto.agents.list ·" not in text


def test_quiet_shows_no_spinner(slow_server):
    env = env_for(slow_server)
    child = pexpect.spawn(ADMINSH, ["--quiet", "-e", "return conto.agents.list{}.total"], env=env, encoding="utf-8",
                          timeout=20, dimensions=(40, 120))
    child.expect(pexpect.EOF)
    output = child.before   # everything the call wrote, stdout and stderr, over its 2.6 s
    assert output.strip().endswith("0"), repr(output)
    assert "conto.agents.list ·" not in output, repr(output)
