"""The REPL driven through a pseudo-terminal, as a person at the prompt uses it."""
import os
import stat
import tempfile

import pexpect
import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))
PROMPT = "adminsh> "


def isolated_env(state):
    """Every XDG folder in `state` (so the embedded sandbox is a fresh one) and no profile."""
    env = dict(os.environ, XDG_STATE_HOME=state, XDG_DATA_HOME=state, XDG_CONFIG_HOME=state, TERM="xterm", NO_COLOR="1")
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    return env


@pytest.fixture
def session():
    state = tempfile.mkdtemp(prefix="adminsh-pty-")
    child = pexpect.spawn(ADMINSH, env=isolated_env(state), encoding="utf-8", timeout=20, dimensions=(40, 160))
    child.expect_exact(PROMPT)
    yield child, state
    if child.isalive():
        child.terminate(force=True)


def test_expression_prints_its_value(session):
    child, _ = session
    child.sendline("1 + 41")
    child.expect_exact("42")
    child.expect_exact(PROMPT)
    child.sendline('{name = "ops", n = 2}')
    child.expect_exact('{ n = 2, name = "ops" }')
    child.expect_exact(PROMPT)


def test_unfinished_chunk_continues_then_works(session):
    child, _ = session
    child.sendline("function double(x)")
    child.expect_exact("... ")
    child.sendline("  return x * 2 end")
    child.expect_exact(PROMPT)
    child.sendline("double(21)")
    child.expect_exact("42")
    child.expect_exact(PROMPT)


def test_ctrl_c_interrupts_a_running_loop_and_the_state_survives(session):
    child, _ = session
    child.sendline("kept = 'still here'")
    child.expect_exact(PROMPT)
    child.sendline("while true do end")
    child.expect_exact("while true do end")
    # Ctrl-C until the running loop reports it (the first one may land before the loop starts).
    for _ in range(20):
        child.sendcontrol("c")
        if child.expect_exact(["interrupted!", pexpect.TIMEOUT], timeout=0.5) == 0:
            break
    else:
        pytest.fail("Ctrl-C did not interrupt the loop")
    child.expect_exact(PROMPT)
    child.sendline("kept")
    child.expect_exact('"still here"')
    child.expect_exact(PROMPT)


def test_ctrl_c_at_the_prompt_clears_the_line(session):
    child, _ = session
    child.send("this is not lua")
    child.sendcontrol("c")
    child.expect_exact(PROMPT)
    child.sendline("'after'")
    child.expect_exact('"after"')
    child.expect_exact(PROMPT)


def test_ctrl_c_right_after_typing_still_returns_to_the_prompt(session):
    # The terminal flushes typed input on Ctrl-C; the signal may land while the line editor is
    # busy echoing rather than waiting. Repeated quickly, every one must bring the prompt back.
    child, _ = session
    for _ in range(15):
        child.send("this is not lua")
        child.sendcontrol("c")
        child.expect_exact(PROMPT)
    child.sendline("'after'")
    child.expect_exact('"after"')


def test_non_ascii_input_reaches_lua_intact(session):
    child, _ = session
    child.sendline("#'héllo→😀'")
    child.expect_exact("13")
    child.expect_exact(PROMPT)


def test_ctrl_d_exits_zero_and_history_skips_secrets(session):
    child, state = session
    child.sendline("x = 7")
    child.expect_exact(PROMPT)
    child.sendline("r = {confirmation_token = 'confirm_rotation_1'}")
    child.expect_exact(PROMPT)
    child.sendline("k = 'cs_" + "0123456789abcdef" * 3 + "'")
    child.expect_exact(PROMPT)
    child.sendline("w = 'whs_" + "fedcba9876543210" * 3 + "'")
    child.expect_exact(PROMPT)
    child.sendline("x * 6")
    child.expect_exact("42")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    path = os.path.join(state, "adminsh", "history")
    lines = open(path).read().splitlines()
    assert "x = 7" in lines and "x * 6" in lines
    # The value decides: a line naming a field is saved, lines holding a secret literal are not.
    assert "r = {confirmation_token = 'confirm_rotation_1'}" in lines
    assert not any("cs_0123" in l or "whs_fedc" in l for l in lines)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700


def test_tab_completes_dotted_paths(session):
    child, _ = session
    child.send("string.fo\t")
    child.sendline("('%d', 5)")
    child.expect_exact('"5"')
    child.expect_exact(PROMPT)


def test_help_prints_registered_text(session):
    child, _ = session
    child.sendline("help(json.encode)")
    child.expect_exact("json.encode(value")
    child.expect_exact(PROMPT)


def test_rotating_every_credential_leaves_no_secret_in_history_or_output():
    state = tempfile.mkdtemp(prefix="adminsh-pty-secrets-")
    child = pexpect.spawn(ADMINSH, env=isolated_env(state), encoding="utf-8", timeout=30, dimensions=(40, 200))
    transcript = []
    child.logfile_read = type("Sink", (), {"write": lambda self, s: transcript.append(s), "flush": lambda self: None})()
    child.expect_exact(PROMPT)
    for kind in ("APIKey", "ClientSecret", "WebhookSecret"):
        child.sendline(f'r{kind} = contio.rotate{kind}{{confirmation_token = "confirm_rotation_1", reason = "drill"}}')
        child.expect_exact(PROMPT)
        child.sendline(f"r{kind}")
        child.expect_exact("‹secret›")
        child.expect_exact(PROMPT)
    dump = os.path.join(state, "revealed.txt")
    child.sendline(f'require("adminsh.files").writePrivate("{dump}", rAPIKey.new_credential:reveal() .. "\\n" .. rClientSecret.new_credential:reveal() .. "\\n" .. rWebhookSecret.new_credential:reveal() .. "\\n" .. rAPIKey.rollback_token:reveal())')
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    secrets = [s for s in open(dump).read().split("\n") if s]
    assert len(secrets) == 4 and all(len(s) > 16 for s in secrets)
    history = open(os.path.join(state, "adminsh", "history")).read()
    output = "".join(transcript)
    for s in secrets:
        assert s not in history, "a secret reached the history file"
        assert s not in output, "a secret was printed"
    assert "rAPIKey" in history  # the harmless lines were kept


def test_tab_completes_the_admin_tables():
    state = tempfile.mkdtemp(prefix="adminsh-pty-complete-")
    child = pexpect.spawn(ADMINSH, env=isolated_env(state), encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.expect("sandbox on 127.0.0.1:")  # the banner says where calls go
    child.expect_exact(PROMPT)
    child.send("conto.agents.crea\t")
    child.sendline('{name = "tabbed", agentType = "CUSTOM"}.name')
    child.expect_exact('"tabbed"')
    child.expect_exact(PROMPT)
    child.send("contio.getCredentialSt\t")
    child.sendline("().api_key.status")
    child.expect_exact('"active"')
    child.expect_exact(PROMPT)
    child.sendline("conto.agents.linkWallet('a', {walletId = 'w', spendLimitDaily = '500'})")
    child.expect_exact("VALIDATION_FAILED (client): bad argument 'spendLimitDaily' to conto.agents.linkWallet")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)


def test_sandbox_reset_asks_first_and_only_yes_resets(session):
    child, state = session
    child.sendline('conto.agents.create{name = "keep me", agentType = "CUSTOM"}.name')
    child.expect_exact('"keep me"')
    child.expect_exact(PROMPT)
    count = '"agents: " .. #conto.agents.list{}.agents'
    # "n" and Ctrl-C both decline, and nothing changes.
    child.sendline("sandbox.reset()")
    child.expect_exact("[y/N] ")
    assert "test-clock\r\noffset" in child.before and "test-clockoffset" not in child.before
    child.sendline("n")
    child.expect_exact("cancelled: nothing changed")
    child.expect_exact(PROMPT)
    child.sendline("sandbox.reset()")
    child.expect_exact("[y/N] ")
    child.sendcontrol("c")
    child.expect_exact("cancelled: nothing changed")
    child.expect_exact(PROMPT)
    child.sendline(count)
    child.expect_exact('"agents: 1"')
    child.expect_exact(PROMPT)
    # "y" resets; the session keeps working with the seeded credentials.
    child.sendline("sandbox.reset()")
    child.expect_exact("[y/N] ")
    child.sendline("y")
    child.expect_exact('credentials = "kept"')
    child.expect_exact(PROMPT)
    child.sendline(count)
    child.expect_exact('"agents: 0"')
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
    history = open(os.path.join(state, "adminsh", "history")).read().splitlines()
    assert history.count("sandbox.reset()") == 3
    assert "y" not in history and "n" not in history, "answers to a question are not commands"


def test_ctrl_c_during_bulk_work_lets_calls_in_flight_finish_and_reports():
    state = tempfile.mkdtemp(prefix="adminsh-pty-bulk-")
    env = dict(isolated_env(state), ADMINSH_CONTO_RATE_ADMIN="100000")
    child = pexpect.spawn(ADMINSH, env=env, encoding="utf-8", timeout=30, dimensions=(40, 200))
    child.expect_exact(PROMPT)
    # 200 items, 4 at a time, each a real create after a short pause: several seconds of work.
    child.sendline("items = {} for i = 1, 200 do items[i] = i end")
    child.expect_exact(PROMPT)
    child.sendline('s = require("adminsh.parallel").map(items, function(i) task.sleep(0.05) return conto.agents.create{name = "bulk " .. i, agentType = "CUSTOM"} end, {concurrency = 4})')
    child.expect(r"parallel\.map .* [1-9]\d*/200")  # the progress bar shows work under way
    child.sendcontrol("c")
    child.expect(r"stopped by Ctrl-C: (\d+) of 200 done \((\d+) ok, (\d+) failed\), (\d+) not started")
    done, ok, failed, skipped = (int(x) for x in child.match.groups())
    assert failed == 0, "calls in flight were allowed to finish"
    assert 0 < done < 200 and ok == done and done + skipped == 200
    child.expect_exact(PROMPT)
    child.sendline('string.format("summary %d %d %s %s", s.ok, s.skipped, s.stopped, s.interrupted)')
    child.expect_exact(f'"summary {ok} {skipped} true true"')
    child.expect_exact(PROMPT)
    # Every agent the summary counts exists, and no more were created after the stop.
    child.sendline('"total " .. conto.agents.list{limit = 1}.total')
    child.expect_exact(f'"total {ok}"')
    child.expect_exact(PROMPT)
    # The next bulk run starts clean.
    child.sendline('require("adminsh.parallel").map({1, 2, 3}, function(i) return i end).ok')
    child.expect_exact("3")
    child.expect_exact(PROMPT)
    child.sendeof()
    child.expect(pexpect.EOF)
