"""Results an admin can read and use: tables that fit the terminal, q, export, output for machines."""
import csv
import io
import json
import os
import re
import stat
import subprocess
import tempfile

import pexpect
import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))
PROMPT = "adminsh> "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def isolated_env(state):
    """Every XDG folder in `state` (a fresh embedded sandbox), no profile, no $COLUMNS."""
    env = dict(os.environ, XDG_STATE_HOME=state, XDG_DATA_HOME=state, XDG_CONFIG_HOME=state, TERM="xterm", NO_COLOR="1")
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTO_API_URL", "CONTO_ORG_API_KEY", "COLUMNS"):
        env.pop(name, None)
    return env


def adminsh(state, *args, stdin=None):
    return subprocess.run([ADMINSH, *args], capture_output=True, text=True, timeout=120, env=isolated_env(state), input=stdin)


@pytest.fixture(scope="module")
def populated():
    """A sandbox state with 30 agents (created through the shell itself)."""
    state = tempfile.mkdtemp(prefix="adminsh-results-")
    r = adminsh(state, "-e", """
        for i = 1, 30 do
          conto.agents.create{name = "agent " .. i, agentType = i % 3 == 0 and "ANTHROPIC_CLAUDE" or "CUSTOM",
                              externalId = "buyer-" .. i, description = "a description, with a comma and \\"quotes\\""}
        end""")
    assert r.returncode == 0, r.stderr
    return state


def script(state, name, text):
    path = os.path.join(state, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def test_thirty_agents_print_as_a_table_that_fits_120_columns(populated):
    child = pexpect.spawn(ADMINSH, env=isolated_env(populated), encoding="utf-8", timeout=30, dimensions=(60, 120))
    try:
        child.expect_exact(PROMPT)
        child.sendline("conto.agents.list{}")
        child.expect_exact(PROMPT)
        # Everything printed for the one line typed: the echoed command, then the table.
        transcript = ANSI.sub("", child.before).replace("\r", "")
    finally:
        child.terminate(force=True)
    printed = [l for l in transcript.split("\n") if l.strip()]
    assert "conto.agents.list{}" in printed[0]
    body = printed[1:]
    assert 31 <= len(body) <= 34, "\n".join(body)
    assert max(len(l) for l in body) <= 120, max(body, key=len)
    assert body[0].split() == ["id", "name", "status", "agentType", "externalId", "createdAt"], body[0]
    assert re.match(r"^30 of 30 agents · limit 50 offset 0 · \+\d+ columns: pp\.table\(_, \"all\"\) · _\.agents for the records$",
                    body[-1]), body[-1]


def test_the_prompt_follows_pp_width_and_pp_table_all(populated):
    child = pexpect.spawn(ADMINSH, env=isolated_env(populated), encoding="utf-8", timeout=30, dimensions=(60, 120))
    try:
        child.expect_exact(PROMPT)
        child.sendline("pp.width = 50")
        child.expect_exact(PROMPT)
        child.sendline("r = conto.agents.list{limit = 3}; pp.table(r, 'all')")
        child.expect_exact(PROMPT)
        shown = ANSI.sub("", child.before).replace("\r", "")
        child.sendline("q(r):select('name', 'id')")
        child.expect_exact(PROMPT)
        picked = ANSI.sub("", child.before).replace("\r", "")
    finally:
        child.terminate(force=True)
    body = [l for l in shown.split("\n")[1:] if l.strip()]
    assert max(len(l) for l in body) <= 50, "\n".join(body)
    assert any(l.split()[:1] == ["publicKey"] for l in body), "all columns, one record per block:\n" + shown
    rows = [l.split() for l in picked.split("\n")[1:] if l.strip()]
    assert rows[0] == ["name", "id"], picked
    assert len(rows) == 4, picked


def test_q_reads_every_page_with_progress_past_two_pages(populated):
    child = pexpect.spawn(ADMINSH, env=isolated_env(populated), encoding="utf-8", timeout=60, dimensions=(40, 120))
    try:
        child.expect_exact(PROMPT)
        child.sendline("n = q(conto.agents.list, {limit = 5}):where{agentType = 'ANTHROPIC_CLAUDE'}:count()")
        # The progress bar (on the terminal's stderr), once a third page is read: label, bar, done/total.
        child.expect(r"conto\.agents\.list [━─]+\s+\d+/30")
        child.expect_exact(PROMPT)
        child.sendline("n")
        child.expect(r"\r\n10\r\n")
        child.expect_exact(PROMPT)
    finally:
        child.terminate(force=True)


def test_output_json_keeps_stdout_for_json_while_print_goes_to_stderr(populated):
    path = script(populated, "report.lua", """
        print("reading agents")
        local agents = q(conto.agents.list, {})
        print("found", agents:count())
        return agents:select("id", "name"):first(3), agents:count()
    """)
    r = adminsh(populated, "run", "--output", "json", path)
    assert r.returncode == 0, r.stderr
    tool = subprocess.run(["python3", "-m", "json.tool"], input=r.stdout, capture_output=True, text=True)
    assert tool.returncode == 0, tool.stderr + r.stdout
    value = json.loads(r.stdout)
    assert isinstance(value, list) and len(value) == 2, r.stdout   # two returned values: one array
    assert value[1] == 30
    assert [sorted(a.keys()) for a in value[0]] == [["id", "name"]] * 3
    assert "reading agents" in r.stderr and "found\t30" in r.stderr
    assert "reading agents" not in r.stdout
    usage = " ".join(adminsh(populated, "run", "--help").stdout.split())
    assert "--output <FORMAT>" in usage and "print() writes to stderr" in usage, usage


def test_output_csv_reads_back_through_pythons_csv_module(populated):
    listed = adminsh(populated, "--output", "json", "-e", "return conto.agents.list{}")
    assert listed.returncode == 0, listed.stderr
    agents = json.loads(listed.stdout)["agents"]
    r = adminsh(populated, "--output", "csv", "--columns", "id,name,description,identityTags", "-e", "return conto.agents.list{}")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert rows[0] == ["id", "name", "description", "identityTags"]
    assert rows[1:] == [[a["id"], a["name"], a["description"], json.dumps(a["identityTags"])] for a in agents]
    # Without --columns: every column, the declared ones first.
    r = adminsh(populated, "--output", "csv", "-e", "return q(conto.agents.list)")
    header = next(csv.reader(io.StringIO(r.stdout, newline="")))
    assert header[:6] == ["id", "name", "status", "agentType", "externalId", "createdAt"] and "publicKey" in header
    refused = adminsh(populated, "--output", "csv", "-e", "return 42")
    assert refused.returncode == 1 and "--output csv needs a sequence of records" in refused.stderr


def test_query_exports_are_private_files_that_read_back(populated):
    out = tempfile.mkdtemp(prefix="adminsh-export-")
    csv_path, json_path = os.path.join(out, "agents.csv"), os.path.join(out, "agents.json")
    r = adminsh(populated, "-e", f"""
        local agents = q(conto.agents.list, {{}}):sort("name")
        agents:csv({json.dumps(csv_path)}):json({json.dumps(json_path)})
    """)
    assert r.returncode == 0, r.stderr
    for path in (csv_path, json_path):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    with open(json_path) as f:
        records = json.load(f)
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(records) == 30
    for row, record in zip(rows, records):
        for key, value in record.items():
            if isinstance(value, (dict, list)):
                assert json.loads(row[key]) == value, key
            elif value is None:
                assert row[key] == "", key
            elif isinstance(value, bool):
                assert row[key] == str(value).lower(), key
            else:
                assert row[key] == str(value), key


def test_secret_values_stay_redacted_unless_revealed():
    state = tempfile.mkdtemp(prefix="adminsh-secrets-")
    rotate = "return contio.rotateWebhookSecret{confirmation_token = 'confirm_rotation_1', reason = 'ci'}"
    r = adminsh(state, "--output", "json", "-e", rotate)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["new_credential"].endswith("‹secret›")
    r = adminsh(state, "--output", "json", "--reveal-secrets", "-e", rotate)
    assert r.returncode == 0, r.stderr
    revealed = json.loads(r.stdout)["new_credential"]
    assert revealed.startswith("whs_") and "…" not in revealed and "secret" not in revealed
    assert "--reveal-secrets" in r.stderr and "in full" in r.stderr
    # Exports: redacted unless {reveal = true}.
    out = tempfile.mkdtemp(prefix="adminsh-export-")
    hidden, shown = os.path.join(out, "hidden.csv"), os.path.join(out, "shown.csv")
    r = adminsh(state, "-e", f"""
        local r = contio.rotateWebhookSecret{{confirmation_token = 'confirm_rotation_1', reason = 'ci'}}
        q{{r}}:select("credential_type", "new_credential"):csv({json.dumps(hidden)}):csv({json.dumps(shown)}, {{reveal = true}})
    """)
    assert r.returncode == 0, r.stderr
    with open(hidden, newline="") as f:
        hidden_row = list(csv.DictReader(f))[0]
    with open(shown, newline="") as f:
        shown_row = list(csv.DictReader(f))[0]
    assert hidden_row["new_credential"].endswith("‹secret›")
    assert shown_row["new_credential"].startswith("whs_") and "…" not in shown_row["new_credential"]
