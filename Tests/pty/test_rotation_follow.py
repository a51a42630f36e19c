"""A session follows its own API-key rotations on the embedded sandbox: two in a row keep
working, and so does the next process (the seed record holds the current key)."""
import json
import os
import subprocess
import tempfile

ADMINSH = os.environ.get("ADMINSH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "debug", "adminsh"))


def run(home, *args):
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_STATE_HOME=os.path.join(home, "state"))
    env.pop("ADMINSH_PROFILE", None)
    return subprocess.run([ADMINSH, *args], env=env, capture_output=True, text=True, timeout=120)


def test_two_rotations_in_one_process_then_in_two_more():
    with tempfile.TemporaryDirectory() as home:
        first = run(home, "-e", 'contio.rotateAPIKey{confirmation_token="a"}; contio.rotateAPIKey{confirmation_token="b"}; print(contio.getApp().id)')
        assert first.returncode == 0, first.stderr
        assert first.stderr.count("now using the new API key ctio_…") == 2, first.stderr
        for token in ("c", "d"):
            later = run(home, "-e", 'contio.rotateAPIKey{confirmation_token="%s"}; print(contio.getApp().id)' % token)
            # The 3-per-24h limit allows one more; the process after it must still authenticate.
            assert "unauthorized" not in later.stderr, later.stderr
        after = run(home, "-e", "print(contio.getApp().id)")
        assert after.returncode == 0 and after.stdout.strip(), after.stderr
        credentials = run(home, "sandbox", "credentials")
        assert credentials.returncode == 0, credentials.stderr
        seed = json.loads(credentials.stdout)
        assert seed["contio"]["api_key"].startswith("ctio_")
        with open(os.path.join(home, "data", "adminsh", "sandbox.seed.json")) as f:
            assert json.load(f)["contio"]["api_key"] == seed["contio"]["api_key"]
        assert oct(os.stat(os.path.join(home, "data", "adminsh", "sandbox.seed.json")).st_mode & 0o777) == "0o600"


def test_use_false_keeps_the_old_key():
    with tempfile.TemporaryDirectory() as home:
        out = run(home, "-e", 'local r = contio.rotateAPIKey{confirmation_token="a", use = false}; print(contio.getApp().id)')
        assert out.returncode == 0, out.stderr
        assert "kept the old API key (use = false)" in out.stderr
        assert "now using" not in out.stderr


def test_key_file_profile_gets_the_new_key_and_keeps_the_previous():
    import socket
    import time
    with tempfile.TemporaryDirectory() as home:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        db = os.path.join(home, "served.sqlite")
        server = subprocess.Popen([ADMINSH, "serve", "--port", str(port), "--db", db],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env=dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data")))
        try:
            deadline = time.time() + 60
            while True:  # wait for the port to accept
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert time.time() < deadline and server.poll() is None, "serve did not start"
                    time.sleep(0.1)
            seed = json.load(open(db[:-len(".sqlite")] + ".seed.json"))["contio"]
            config = os.path.join(home, "config", "adminsh")
            os.makedirs(config)
            keys = os.path.join(config, "local.keys")
            with open(os.open(keys, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
                f.write("CONTIO_API_KEY=%s\nCONTIO_CLIENT_ID=%s\n" % (seed["api_key"], seed["client_id"]))
            with open(os.path.join(config, "config.toml"), "w") as f:
                f.write('[profiles.local]\ncontio_url = "http://127.0.0.1:%d"\ncontio_key_file = "local.keys"\n' % port)
            out = run(home, "--profile", "local", "-e", 'contio.rotateAPIKey{confirmation_token="a"}; print(contio.getApp().id)')
            assert out.returncode == 0, out.stderr
            text = open(keys).read()
            assert seed["api_key"] not in text and "CONTIO_API_KEY=ctio_" in text and seed["client_id"] in text
            assert oct(os.stat(keys).st_mode & 0o777) == "0o600"
            assert seed["api_key"] in open(keys + ".previous").read()
            again = run(home, "--profile", "local", "-e", "print(contio.getApp().id)")
            assert again.returncode == 0, again.stderr

            # A command source: the store command receives the rotated key on standard input.
            store = os.path.join(home, "stored.key")
            with open(os.path.join(config, "config.toml"), "a") as f:
                f.write('[profiles.vault]\ncontio_url = "http://127.0.0.1:%d"\ncontio_client_id = "%s"\n'
                        'contio_api_key_command = ["sh", "-c", "sed -n s/^CONTIO_API_KEY=//p %s"]\n'
                        'contio_api_key_store_command = ["sh", "-c", "cat > %s"]\n' % (port, seed["client_id"], keys, store))
            out = run(home, "--profile", "vault", "-e", 'contio.rotateAPIKey{confirmation_token="b"}; print(contio.getApp().id)')
            assert out.returncode == 0, out.stderr
            assert "stored the new key with" in out.stderr, out.stderr
            stored = open(store).read().strip()
            assert stored.startswith("ctio_") and stored not in text

            # An environment variable: adminsh names it; a later session still started with the
            # replaced key says so in its banner, without sending anything to find out.
            with open(os.path.join(config, "config.toml"), "a") as f:
                f.write('[profiles.envkey]\ncontio_url = "http://127.0.0.1:%d"\ncontio_client_id = "%s"\n'
                        'contio_api_key_env = "LOCAL_CONTIO_KEY"\n' % (port, seed["client_id"]))
            os.environ["LOCAL_CONTIO_KEY"] = stored
            try:
                out = run(home, "--profile", "envkey", "-e", 'contio.rotateAPIKey{confirmation_token="c"}')
                assert out.returncode == 0, out.stderr
                assert "update the environment variable LOCAL_CONTIO_KEY" in out.stderr, out.stderr
                import pexpect
                env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"), TERM="xterm",
                           XDG_CONFIG_HOME=os.path.join(home, "config"), XDG_STATE_HOME=os.path.join(home, "state"))
                child = pexpect.spawn(ADMINSH, ["--profile", "envkey"], env=env, timeout=20, dimensions=(40, 200))
                masked = "ctio_\u2026" + stored[-4:]
                child.expect_exact(("warning: this session's API key %s was replaced by a rotation" % masked).encode())
                child.expect_exact(b"]> ")
                child.sendeof()
                child.expect(pexpect.EOF)
                state = open(os.path.join(home, "state", "adminsh", "replaced-keys.json")).read()
                assert stored not in state and seed["api_key"] not in state
            finally:
                del os.environ["LOCAL_CONTIO_KEY"]
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_a_client_secret_rollback_puts_the_seeded_secret_back():
    with tempfile.TemporaryDirectory() as home:
        def secret():
            out = run(home, "sandbox", "credentials")
            assert out.returncode == 0, out.stderr
            return json.loads(out.stdout)["contio"]["client_secret"]
        run(home, "-e", "contio.getApp()")
        before = secret()
        out = run(home, "-e", 'r = contio.rotateClientSecret{confirmation_token = "s1"}; print(r.rollback_token ~= nil)')
        assert out.returncode == 0, out.stderr
        rotated = secret()
        assert rotated != before
        out = run(home, "-e", 'r = contio.rotateClientSecret{confirmation_token = "s2"}; '
                              'contio.rollbackCredential("client-secret", {rollback_token = r.rollback_token})')
        assert out.returncode == 0, out.stderr
        assert "holds the restored client secret" in out.stderr, out.stderr
        assert secret() == rotated
