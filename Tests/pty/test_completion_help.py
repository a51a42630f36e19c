"""Tab completion that knows the catalog, and help that finds things, through a pseudo-terminal
at 120 columns on the embedded sandbox: keys of a call's argument table, enum values inside a
string, ids of records this session has seen (listed with their names), `f?` and help()."""
import os
import re
import tempfile

import pexpect
import pytest

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))
PROMPT = "adminsh> "


def isolated_env(state):
    env = dict(os.environ, XDG_STATE_HOME=state, XDG_DATA_HOME=state, XDG_CONFIG_HOME=state, TERM="xterm", NO_COLOR="1")
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    return env


@pytest.fixture
def child():
    state = tempfile.mkdtemp(prefix="adminsh-complete-")
    c = pexpect.spawn(ADMINSH, env=isolated_env(state), encoding="utf-8", timeout=20, dimensions=(40, 120))
    c.expect_exact(PROMPT)
    yield c
    if c.isalive():
        c.terminate(force=True)


def create_agent(c, var, name):
    """Creates an agent at the prompt and returns its id as printed."""
    c.sendline('%s = conto.agents.create{name = "%s", agentType = "CUSTOM"}' % (var, name))
    c.expect_exact(PROMPT)
    c.sendline("%s.id" % var)
    c.expect(r'"(agt_[0-9a-f]+)"')
    agent_id = c.match.group(1)
    c.expect_exact(PROMPT)
    return agent_id


def test_tab_completes_the_keys_of_a_calls_argument_table(child):
    create_agent(child, "a", "Keys")
    # Several keys start with "spend": Tab writes what they share, a second Tab lists them, then
    # the line is drawn again.
    child.send("conto.agents.linkWallet(a.id, {spend\t\t")
    child.expect_exact(PROMPT + "conto.agents.linkWallet(a.id, {spendLimit")
    listing = child.before
    assert "spendLimitDaily" in listing and "spendLimitPerTx" in listing, listing
    # Typed on to one key: Tab writes it, and the call names it in its error.
    child.send("Pe\t")
    child.sendline('= "a lot"})')
    child.expect_exact("bad argument 'spendLimitPerTx' to conto.agents.linkWallet: expected number")
    child.expect_exact(PROMPT)


def test_tab_completes_an_enum_value_inside_a_string_and_closes_it(child):
    child.send('conto.agents.create{name = "typed", agentType = "ANTH\t')
    child.sendline("}.agentType")
    child.expect_exact('"ANTHROPIC_CLAUDE"')
    child.expect_exact(PROMPT)


def test_tab_completes_ids_seen_in_this_session_listing_their_names(child):
    buyer = create_agent(child, "a", "Buyer")
    seller = create_agent(child, "b", "Seller")
    common = os.path.commonprefix([buyer, seller])
    child.send('conto.agents.get("agt_\t\t')
    child.expect_exact(PROMPT + 'conto.agents.get("' + common)   # the line drawn again after the list
    listing = child.before
    assert buyer + "  Buyer" in listing and seller + "  Seller" in listing, listing
    # Typed on until one id is left: Tab writes the rest and closes the string.
    child.send(buyer[len(common)] + "\t")
    child.sendline(").name")
    child.expect_exact('"Buyer"')
    child.expect_exact(PROMPT)


def test_question_mark_prints_help_of_what_precedes_it(child):
    child.sendline("conto.agents.get?")
    child.expect_exact("conto.agents.get(agentId)")
    child.expect_exact("GET /api/agents/{agentId}")
    child.expect_exact(PROMPT)
    child.sendline("require('adminsh.util').parseTime?")
    child.expect_exact("util.parseTime(text) -> seconds since the epoch")
    child.expect_exact(PROMPT)


def test_help_lists_namespaces_modules_and_topics(child):
    child.sendline("help()")
    child.expect_exact("Namespaces:")
    child.expect(r"conto\s+conto: \d+ operations")
    child.expect(r"rotation\s+rotate Contio credentials")
    child.expect_exact("Topics: journal, profiles, recipes, rotation, secrets, tables")
    child.expect_exact(PROMPT)
    child.sendline('help "topics"')
    child.expect_exact("journal    journal: every change this profile made")
    child.expect_exact(PROMPT)
    child.sendline('help "profiles"')
    child.expect_exact("profiles: where calls go")
    child.expect_exact(PROMPT)


def test_a_record_where_its_id_belongs_says_so(child):
    create_agent(child, "agent", "Whole")
    child.sendline("conto.agents.get(agent)")
    child.expect_exact("expected an agent id (string), got a table: pass agent.id")
    child.expect_exact(PROMPT)
