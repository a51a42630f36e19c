"""The adminsh executable run the way scripts and CI run it (no terminal)."""
import json
import pytest
import os
import subprocess
import tempfile

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))


def run(*args, stdin=None):
    return subprocess.run([ADMINSH, *args], input=stdin, capture_output=True, text=True, timeout=60)


def script(body):
    f = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    f.write(body)
    f.close()
    return f.name


def test_run_passes_arguments_like_lua():
    path = script("print(arg[0] == ..., select('#', ...), arg[1], arg[2], arg[3])\n".replace("...", "arg[0]", 1))
    r = run("run", path, "one", "--two", "3")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "true\t3\tone\t--two\t3"


def test_failing_script_exits_1_with_message_and_traceback():
    path = script("local function deep()\n  error('broken on purpose')\nend\ndeep()\n")
    r = run("run", path)
    assert r.returncode == 1
    assert f"adminsh: {path}:2: broken on purpose" in r.stderr
    assert "stack traceback:" in r.stderr and "in local 'deep'" in r.stderr


def test_error_tables_keep_fields_in_the_message():
    r = run("-e", "error(setmetatable({code='NOT_FOUND'}, {__tostring=function(e) return 'NOT_FOUND: gone' end}))")
    assert r.returncode == 1
    assert "adminsh: NOT_FOUND: gone" in r.stderr


def test_memory_cap_gives_not_enough_memory_and_exit_1():
    r = run("--memory-limit", "32M", "-e", "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(100) .. i end")
    assert r.returncode == 1
    assert "not enough memory" in r.stderr


def test_instruction_and_time_limits_from_the_command_line():
    r = run("--instruction-limit", "100000", "-e", "while true do end")
    assert r.returncode == 1 and "instruction limit of 100000 instructions reached" in r.stderr
    r = run("--time-limit", "0.3", "-e", "while true do end")
    assert r.returncode == 1 and "time limit of 0.3 s reached" in r.stderr


def test_limits_hold_against_pcall_loops():
    path = script("while true do pcall(function() while true do end end) end\n")
    r = run("run", "--time-limit", "2", path)
    assert r.returncode == 1 and "adminsh: time limit of 2 s reached" in r.stderr, r.stderr
    r = run("--instruction-limit", "100000", "-e", "while true do pcall(function() while true do end end) end")
    assert r.returncode == 1 and "instruction limit of 100000 instructions reached" in r.stderr, r.stderr


def test_scripts_cannot_remove_the_hook_install_finalizers_or_load_binary_chunks():
    r = run("--time-limit", "1", "-e", "pcall(debug.sethook) while true do end")
    assert r.returncode == 1 and "time limit of 1 s reached" in r.stderr, r.stderr
    r = run("-e", "setmetatable({}, {__gc = function() while true do end end})")
    assert r.returncode == 1 and "__gc metamethods are not available" in r.stderr, r.stderr
    r = run("-e", "local f = assert(load(string.dump(function() return 1 end):gsub('\\0', 'x')))")
    assert r.returncode == 1 and "attempt to load a binary chunk" in r.stderr, r.stderr


@pytest.mark.parametrize("args, option", [
    (["--timeout", "1e10"], "--timeout"), (["--timeout", "inf"], "--timeout"), (["--timeout", "1e300"], "--timeout"),
    (["--timeout", "0"], "--timeout"), (["--timeout", "-1"], "--timeout"),
    (["--memory-limit", "9000000000G"], "--memory-limit"), (["--instruction-limit", "1000"], "--instruction-limit"),
    (["--time-limit", "-1"], "--time-limit"), (["--time-limit", "1e300"], "--time-limit"),
])
def test_out_of_range_values_are_usage_errors_naming_the_option_and_range(args, option):
    r = run(*args, "-e", "print(1)")
    assert r.returncode == 64, (r.returncode, r.stderr)
    assert f"{option} must be" in r.stderr and " to " in r.stderr, r.stderr


def test_the_smallest_instruction_limit_runs_a_trivial_chunk():
    r = run("--instruction-limit", "10000", "-e", "print(1)")
    assert r.returncode == 0 and r.stdout == "1\n", r.stderr


def test_code_starting_with_dashes_is_code():
    r = run("-e", "-- only a comment")
    assert r.returncode == 0, r.stderr
    r = run("-e", "-- note", "-e", "print('after')")
    assert r.returncode == 0 and r.stdout == "after\n", r.stderr


def test_error_tables_without_tostring_print_code_and_message():
    r = run("-e", "error({code = 'X', message = 'went wrong'})")
    assert r.returncode == 1 and "adminsh: X (client): went wrong" in r.stderr, r.stderr
    assert "table: 0x" not in r.stderr


def test_usage_error_exits_64():
    assert run("run").returncode == 64
    assert run("--memory-limit", "lots", "-e", "print(1)").returncode == 64


def test_version_and_help():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("adminsh ")
    r = run("--help")
    assert r.returncode == 0 and "run" in r.stdout


def test_piped_stdin_is_a_scriptable_repl():
    r = run(stdin="x = 20\nx + 22\nfunction f()\n  return 'multi'\nend\nf()\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["42", '"multi"']
    r = run(stdin="error('nope')\n")
    assert r.returncode == 1 and "nope" in r.stderr


def test_require_finds_lib_folders_and_adminsh_path():
    lib = tempfile.mkdtemp()
    with open(os.path.join(lib, "recipes.lua"), "w") as f:
        f.write("return { name = 'team recipes' }\n")
    r = run("--lib", lib, "-e", "print(require('recipes').name)")
    assert r.stdout.strip() == "team recipes", r.stderr
    env = dict(os.environ, ADMINSH_PATH=lib)
    r = subprocess.run([ADMINSH, "-e", "print(require('recipes').name)"], capture_output=True, text=True, env=env)
    assert r.stdout.strip() == "team recipes", r.stderr


def sandbox_env():
    """A fresh embedded sandbox (every XDG folder in a new temporary one) and no profile."""
    state = tempfile.mkdtemp(prefix="adminsh-cli-")
    env = dict(os.environ, XDG_DATA_HOME=state, XDG_STATE_HOME=state, XDG_CONFIG_HOME=state)
    for name in ("ADMINSH_PROFILE", "CONTIO_API_URL", "CONTIO_API_KEY", "CONTIO_CLIENT_ID", "CONTO_API_URL", "CONTO_ORG_API_KEY"):
        env.pop(name, None)
    return env


def test_returned_values_print_as_text_or_json():
    r = run("-e", "return {b = 2, a = {1, 2}}")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "{ a = { 1, 2 }, b = 2 }"
    r = run("--output", "json", "-e", "return {b = 2, a = {1, 2}, none = json.null, empty = json.array{}}")
    assert json.loads(r.stdout) == {"a": [1, 2], "b": 2, "none": None, "empty": []}
    # Several values: one JSON document, an array of them.
    r = run("--output", "json", "-e", "return 1, 'two', {3}")
    assert json.loads(r.stdout) == [1, "two", [3]]
    # Nothing returned, nothing printed (like lua -e).
    assert run("--output", "json", "-e", "local x = 1").stdout == ""
    path = script("return {ok = true, items = {'a'}}\n")
    r = run("run", "--output", "json", path)
    assert json.loads(r.stdout) == {"ok": True, "items": ["a"]}
    r = run("--output", "yaml", "-e", "return 1")
    assert r.returncode == 64 and "text" in r.stderr and "json" in r.stderr


def test_json_output_of_api_results_keeps_secrets_redacted():
    r = subprocess.run([ADMINSH, "--output", "json", "-e",
                        "return contio.rotateWebhookSecret{confirmation_token = 'confirm_rotation_1', reason = 'cli'}"],
                       capture_output=True, text=True, timeout=60, env=sandbox_env())
    assert r.returncode == 0, r.stderr
    rotated = json.loads(r.stdout)
    assert rotated["credential_type"] == "webhook_secret"
    assert rotated["new_credential"].startswith("whs_…") and rotated["new_credential"].endswith("‹secret›")


def test_few_globals_the_rest_through_require():
    r = run("-e", """
        local names = {}
        for _, n in ipairs{'files', 'progress', 'parallel', 'shell', 'expect', 'test'} do
          if rawget(_G, n) ~= nil then names[#names + 1] = n end
        end
        print('globals: ' .. table.concat(names, ','))
        print(type(require('adminsh.files').writePrivate), type(require('adminsh.progress').new),
              type(require('adminsh.duration').parse), type(require('adminsh.shell').render))
        for _, n in ipairs{'contio', 'conto', 'sandbox', 'json', 'help', 'task', 'pp', 'secret', 'each', 'all', 'adminsh'} do
          assert(rawget(_G, n) ~= nil, n .. ' is a global')
        end
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["globals: ", "function\tfunction\tfunction\tfunction"]


def test_the_binary_runs_from_any_folder_with_nothing_beside_it():
    with tempfile.TemporaryDirectory() as folder:
        binary = os.path.join(folder, "adminsh")
        with open(os.path.realpath(ADMINSH), "rb") as src, open(binary, "wb") as dst:
            dst.write(src.read())
        os.chmod(binary, 0o755)
        env = dict(os.environ, ADMINSH_STDLIB=os.path.join(folder, "no-stdlib"))
        r = subprocess.run([binary, "-e", "return pp.render({1}), require('adminsh.duration').parse('1h30m')"],
                           capture_output=True, text=True, timeout=60, cwd=folder, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ['"{', '1', '}"', "5400"]


def test_sandbox_clock_reads_durations_with_the_one_parser():
    with tempfile.TemporaryDirectory() as state:
        r = run("--db", os.path.join(state, "s.sqlite"), "-e",
                "return sandbox.clock.advance('1h30m').conto.offsetSeconds, select(2, pcall(sandbox.clock.advance, '5x'))")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "5400"
    assert "sandbox.clock.advance: unknown duration unit 'x' in '5x'" in lines[1]


def test_secret_fields_follow_the_catalog_in_results_and_plans():
    with tempfile.TemporaryDirectory() as state:
        db = os.path.join(state, "s.sqlite")
        # A result wraps the fields its operation declares secret, and only those.
        r = run("--db", db, "-e", """
            local rot = contio.rotateAPIKey{confirmation_token = 'confirm_rotation_1', reason = 'cli'}
            local agent = conto.agents.create{name = 'plain', agentType = 'CUSTOM'}
            return secret.is(rot.new_credential), secret.is(rot.rollback_token), secret.is(agent.id)
        """)
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == ["true", "true", "false"]
        # A plan listing redacts the catalog's secret fields in what would be sent.
        token = "rb_0123456789abcdefwxyz"
        path = script(f"contio.rollbackCredential('api-key', {{rollback_token = '{token}', reason = 'undo'}})\n")
        r = run("run", "--db", db, "--plan", path)
    assert r.returncode == 0, r.stderr
    assert "contio.rollbackCredential" in r.stdout and "‹secret›" in r.stdout
    assert token not in r.stdout


def test_a_test_file_without_cases_fails():
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "nocase_test.lua")
    open(path, "w").write("assert(1 == 1)\n")
    r = run("test", path)
    assert r.returncode == 1, r.stdout
    assert f"no test cases in {path}" in r.stdout and "0 passed, 1 failed" in r.stdout


def test_filter_runs_the_earlier_cases_of_the_file_and_reports_only_the_matching_ones():
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "dep_test.lua")
    open(path, "w").write(
        "local made\n"
        "test('first makes an agent', function() made = conto.agents.create{name = 'dep', agentType = 'CUSTOM'} end)\n"
        "test('second uses it', function() expect.eq(conto.agents.get(made.id).name, 'dep') end)\n"
        "test('third is after the match', function() error('must not run') end)\n")
    r = run("test", path, "--filter", "second")
    assert r.returncode == 0, r.stdout
    assert "ok   second uses it" in r.stdout and "1 passed, 0 failed" in r.stdout
    assert "first makes" not in r.stdout and "third" not in r.stdout


def test_serve_on_a_busy_port_says_what_to_do_in_one_sentence():
    import socket
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    try:
        r = run("serve", "--port", str(port), "--db", os.path.join(tempfile.mkdtemp(), "s.sqlite"))
    finally:
        busy.close()
    assert r.returncode == 1
    assert r.stderr.strip() == (f"adminsh: port {port} on 127.0.0.1 is already in use: stop the program listening there, "
                                "or pick another port with --port (0 picks a free one).")


def test_retry_after_of_a_refused_rotation_is_a_number_of_seconds():
    db = os.path.join(tempfile.mkdtemp(), "s.sqlite")
    r = run("--db", db, "-e", "for i = 1, 3 do contio.rotateWebhookSecret{confirmation_token = 'c' .. i} end "
            "local ok, e = pcall(contio.rotateWebhookSecret, {confirmation_token = 'c4'}) "
            "print(ok, e.status, math.type(e.retry_after), e.retry_after > 0)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "false\t429\tinteger\ttrue"


def test_read_only_refuses_changes_before_sending_and_allows_reads():
    env = sandbox_env()
    r = subprocess.run([ADMINSH, "--read-only", "-e", "return conto.agents.create{name = 'ro', agentType = 'CUSTOM'}"],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 1
    assert "READ_ONLY_PROFILE" in r.stderr and "--read-only" in r.stderr and "conto.agents.create was not sent" in r.stderr, r.stderr
    r = subprocess.run([ADMINSH, "--read-only", "-e",
                        "local n = 0 for a in each(conto.agents.list, {}) do if a.name == 'ro' then n = n + 1 end end return n"],
                       capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "0", "reads go through, and nothing was created"
