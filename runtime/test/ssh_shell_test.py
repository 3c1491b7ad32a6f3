#!/usr/bin/env python3
"""Script test of the interactive SSH shell of `runtime/lmwb serve` (issue 15), as a user meets it: the system
`ssh` client runs under a pseudo-terminal (Python's pty), so the server gets a terminal and opens the line-editing
shell, not a one-shot command. It logs in with an ed25519 key made by `ssh-keygen -t ed25519` (OpenSSH's default
type), sees the banner and the `lmwb> ` prompt, runs `results`, runs a command that does not exist (one error line,
and the shell goes on), and leaves with `exit` (ssh exits 0). Another user's ed25519 key is refused. A member's output shows no server path
where an admin's does (results --json's folder, the embedding cache's location, a deployed plug-in's jar and the
model folder it serves in `plugins` and `models`).

A fresh LMWB_HOME and free ports; nothing is written to ~/.ssh (UserKnownHostsFile=/dev/null). Needs the built
runtime (runtime/target/lmwb.jar), python3, ssh and ssh-keygen (openssh-client; .ci/run installs it).

    python3 runtime/test/ssh_shell_test.py
"""
import fcntl
import glob
import json
import os
import pty
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import termios
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.environ.get("LMWB_LAUNCHER", os.path.join(ROOT, "runtime", "lmwb"))
ONNX_FOLDER_JARS = glob.glob(os.path.join(ROOT, "bundles", "lmwb.example.onnxfolder", "target",
                                          "lmwb.example.onnxfolder-*.jar"))
# A functional bound for the server's start and for each answer on a loaded 2-core machine, not a timing.
BOUND = 180
PROMPT = "lmwb> "
# JLine's cursor and mode sequences (CSI ..., OSC ..., ESC =/>) around what the shell prints
ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07]*\x07|[=>()][0-9A-Za-z]?)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def have_ssh():
    return shutil.which("ssh") is not None and shutil.which("ssh-keygen") is not None


class Pty:
    """A command under a pseudo-terminal: what it prints is read with a bound, what it is sent is typed."""

    def __init__(self, argv, env, columns=0, lines=0):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            if columns:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.seen = ""

    def expect(self, text, bound=BOUND):
        """Reads until `text` appears in the output (escape sequences removed) and returns what came before it."""
        deadline = time.monotonic() + bound
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no %r within %d s; the terminal showed:\n%s" % (text, bound, self.seen[-3000:]))
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:  # EIO: the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError("the session ended before %r; the terminal showed:\n%s" % (text, self.seen[-3000:]))
            self.seen += ANSI.sub("", chunk.decode("utf-8", "replace")).replace("\r", "")
        before, _, self.seen = self.seen.partition(text)
        return before

    def type(self, line):
        os.write(self.fd, (line + "\r").encode())

    def wait(self, bound=BOUND):
        """Drains the terminal until the child exits; returns its exit status."""
        deadline = time.monotonic() + bound
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.seen += ANSI.sub("", os.read(self.fd, 4096).decode("utf-8", "replace"))
                except OSError:
                    pass
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("ssh did not exit within %d s:\n%s" % (bound, self.seen[-3000:]))

    def close(self):
        try:
            os.close(self.fd)
        except OSError:
            pass


@unittest.skipUnless(have_ssh(), "needs ssh and ssh-keygen (Debian package openssh-client)")
class SshShellTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="lmwb-ssh-test-")
        # plug-ins and the models they serve live outside LMWB_HOME, as on a real server
        self.outside = tempfile.mkdtemp(prefix="lmwb-ssh-test-outside-")
        self.deploy = os.path.join(self.outside, "deploy")
        os.makedirs(self.deploy)
        self.env = dict(os.environ, LMWB_HOME=self.home, LMWB_DEPLOY=self.deploy, OMP_WAIT_POLICY="PASSIVE")
        self.env.setdefault("DJL_CACHE_DIR", os.path.expanduser("~/.lmwb/djl"))
        for k in ("LMWB_REBUILD", "LMWB_REMOTE", "LMWB_TOKEN"):
            self.env.pop(k, None)
        self.http_port, self.ssh_port = free_port(), free_port()
        while self.ssh_port == self.http_port:
            self.ssh_port = free_port()
        self.server = None
        self.log_path = os.path.join(self.home, "serve.log")

    def tearDown(self):
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()
        shutil.rmtree(self.home, ignore_errors=True)
        shutil.rmtree(self.outside, ignore_errors=True)

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-3000:]

    def key(self, name):
        path = os.path.join(self.home, "keys", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@laptop", "-f", path], check=True)
        return path

    def start_server(self):
        with open(self.log_path, "ab") as log:
            self.server = subprocess.Popen(
                [LAUNCHER, "serve", "--http-port", str(self.http_port), "--ssh-port", str(self.ssh_port)],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        deadline = time.monotonic() + BOUND
        while time.monotonic() < deadline:
            self.assertIsNone(self.server.poll(), "serve exited early:\n" + self.log())
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/api/health" % self.http_port, timeout=10):
                    pass
                with socket.create_connection(("127.0.0.1", self.ssh_port), timeout=10):
                    return
            except OSError:
                time.sleep(0.5)
        self.fail("serve did not open its ports within %d s:\n%s" % (BOUND, self.log()))

    def ssh(self, key, user, *extra):
        return ["ssh", "-p", str(self.ssh_port), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                *extra, user + "@127.0.0.1"]

    def test_interactive_shell_with_an_ed25519_key(self):
        mel, mallory = self.key("mel"), self.key("mallory")
        p = subprocess.run([LAUNCHER, "user", "add", "mel", "--role", "member", "--ssh-key", mel + ".pub"],
                           env=self.env, capture_output=True, text=True, timeout=300)
        self.assertEqual(0, p.returncode, p.stderr)
        self.start_server()

        # a terminal of 100 x 30, as a user's window has
        term = Pty(self.ssh(mel, "mel"), self.env, columns=100, lines=30)
        try:
            # the banner names the user and role (SshShell.banner), then the prompt
            term.expect("as mel (member)")
            term.expect(PROMPT)
            term.type("results")
            # a fresh home has no results: ResultsCommand's line for an empty listing
            shown = term.expect(PROMPT)
            self.assertIn("no stored results match; run 'lmwb rank'", shown)
            term.type("frobnicate --now")
            shown = term.expect(PROMPT)
            # ShellCommandLine's one line for an unknown command; the shell goes on
            self.assertIn("lmwb: error: unknown command 'frobnicate'; the lmwb shell runs: ", shown)
            self.assertNotIn("Exception", shown)
            term.type("help")
            self.assertIn("lmwb commands: ", term.expect(PROMPT))
            term.type("exit")
            self.assertEqual(0, term.wait(), "ssh exits 0 after 'exit'")
        finally:
            term.close()

        # another ed25519 key for mel's name is refused (publickey is the only method)
        p = subprocess.run(self.ssh(mallory, "mel") + ["lmwb:results"], capture_output=True, text=True,
                           timeout=BOUND, stdin=subprocess.DEVNULL)
        self.assertEqual(255, p.returncode, p.stdout + p.stderr)
        self.assertIn("Permission denied (publickey)", p.stderr)

        # a terminal without a size (ssh then reports 0 columns): the shell falls back to 80 x 24
        term = Pty(self.ssh(mel, "mel"), self.env)
        try:
            term.expect(PROMPT)
            term.type("results --limit 1")
            self.assertIn("no stored results match", term.expect(PROMPT))
            term.type("exit")
            self.assertEqual(0, term.wait())
        finally:
            term.close()

    def test_a_member_sees_api_paths_where_an_admin_sees_server_paths(self):
        """A member's output shows no server path (ClientPaths.forUser): the result folder of `results --json` is its
        API path, as the remote CLI shows it, and the embedding cache is LMWB_HOME/...; an admin sees the paths."""
        mel, ada = self.key("mel"), self.key("ada")
        for name, role, key in (("mel", "member", mel), ("ada", "admin", ada)):
            p = subprocess.run([LAUNCHER, "user", "add", name, "--role", role, "--ssh-key", key + ".pub"],
                               env=self.env, capture_output=True, text=True, timeout=300)
            self.assertEqual(0, p.returncode, p.stderr)
        # a result folder as an earlier lmwb left it (the store imports it on first use), with its plot
        rid = "20261206-080000-ranking-abc123"
        folder = os.path.join(self.home, "results", rid)
        os.makedirs(folder)
        with open(os.path.join(folder, "result.json"), "w") as f:
            json.dump({"kind": "ranking", "user": "mel", "summary": "rank acceptability with knn: e5-small-v2",
                       "dataset": {"name": "acceptability"}, "estimator": "knn",
                       "ranking": [{"model": "e5-small-v2", "score": 0.31}]}, f)
        # the example ONNX folder source, deployed with its configuration, serving one model folder
        self.assertTrue(ONNX_FOLDER_JARS, "build bundles/lmwb.example.onnxfolder first (mvn package)")
        shutil.copy(ONNX_FOLDER_JARS[0], os.path.join(self.deploy, "lmwb.example.onnxfolder.jar"))
        models = os.path.join(self.outside, "onnx-models")
        os.makedirs(os.path.join(models, "my-onnx"))
        for name in ("model.onnx", "tokenizer.json"):
            open(os.path.join(models, "my-onnx", name), "w").close()
        with open(os.path.join(self.deploy, "lmwb.example.onnxfolder.cfg"), "w") as f:
            f.write("folder=%s\n" % models)
        self.start_server()
        home = os.path.realpath(self.home)

        def run(key, user, command):
            """stdout and stderr of one command over ssh"""
            p = subprocess.run(self.ssh(key, user) + [command], capture_output=True, text=True, timeout=BOUND,
                               stdin=subprocess.DEVNULL)
            self.assertEqual(0, p.returncode, p.stdout + p.stderr)
            return p.stdout, p.stderr

        out, err = run(mel, "mel", "lmwb:results --json")
        self.assertEqual("/api/results/%s/files" % rid, json.loads(out)[0]["directory"], out + err)
        shown = out + err + "".join(run(mel, "mel", "lmwb:cache"))
        self.assertIn("the embedding cache at LMWB_HOME/cache/embeddings is empty", shown)
        self.assertNotIn(home, shown)
        self.assertNotIn(self.home, shown)

        # paths outside LMWB_HOME: the deployed jar (PluginsCommand's location) and the model folder
        # (OnnxFolderModelSource's description "ONNX model in DIR") show only their names
        plugins = json.loads(run(mel, "mel", "lmwb:plugins --json")[0])
        self.assertIn("<server path>/lmwb.example.onnxfolder.jar",
                      [p["location"] for p in plugins if p["bundle"] == "lmwb.example.onnxfolder"], plugins)
        described = {m["model"]: m["description"] for m in json.loads(run(mel, "mel", "lmwb:models --json")[0])}
        self.assertEqual("ONNX model in <server path>/my-onnx", described.get("my-onnx"), described)
        shown = "".join(run(mel, "mel", "lmwb:plugins") + run(mel, "mel", "lmwb:models")
                        + run(mel, "mel", "lmwb:plugins --json") + run(mel, "mel", "lmwb:models --json"))
        self.assertNotIn(self.outside, shown)
        self.assertNotIn(os.path.realpath(self.outside), shown)
        self.assertNotIn(ROOT, shown)
        admin_plugins = run(ada, "ada", "lmwb:plugins --json")[0]
        self.assertIn(self.deploy, admin_plugins)

        self.assertEqual(os.path.join(home, "results", rid),
                         os.path.realpath(json.loads(run(ada, "ada", "lmwb:results --json")[0])[0]["directory"]))
        self.assertIn("the embedding cache at %s is empty" % os.path.join(self.home, "cache", "embeddings"),
                      run(ada, "ada", "lmwb:cache")[0])


if __name__ == "__main__":
    unittest.main()
