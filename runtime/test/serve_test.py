#!/usr/bin/env python3
"""Script tests of `runtime/lmwb serve` through the real launcher (issue 15): the settings are validated at start
with one line that names the key, a non-loopback address needs TLS or --insecure-http (which warns), local
commands work on the database while the server holds it, jobs left running by a killed server are failed at the
next start while queued ones stay queued, and SIGTERM stops the server cleanly.

Each test uses a fresh LMWB_HOME and free ports. Needs the built runtime (runtime/target/lmwb.jar) and the H2 jar
in the local Maven repository (to put job rows into the database as a killed server leaves them).

    python3 runtime/test/serve_test.py [-k NAME]
"""
import glob
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.environ.get("LMWB_LAUNCHER", os.path.join(ROOT, "runtime", "lmwb"))
H2_JARS = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/h2database/h2/2.3.*/h2-2.3.*.jar")))
READY = "lmwb serve: HTTP "
# A functional bound for start and stop on a loaded 2-core machine, not a timing.
BOUND = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="lmwb-serve-test-")
        self.env = dict(os.environ, LMWB_HOME=self.home, OMP_WAIT_POLICY="PASSIVE")
        self.env.setdefault("DJL_CACHE_DIR", os.path.expanduser("~/.lmwb/djl"))
        self.env.pop("LMWB_REBUILD", None)
        self.ports = ["--http-port", str(free_port()), "--ssh-port", str(free_port())]
        self.server = None

    def tearDown(self):
        if self.server is not None:
            if self.server.poll() is None:
                self.server.kill()
                self.server.wait()
            self.close_streams()
        shutil.rmtree(self.home, ignore_errors=True)

    def lmwb(self, *args):
        p = subprocess.run([LAUNCHER, *args], env=self.env, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr

    def start(self, *flags, command=None, bound=BOUND):
        """Starts serve and returns its stderr lines up to the ready line; fails after `bound` seconds without one.

        A thread reads stderr into a queue, so a server that hangs before its ready line (or prints nothing) fails
        the test at the bound instead of blocking it in readline for ever."""
        self.server = subprocess.Popen(command or [LAUNCHER, "serve", *self.ports, *flags], env=self.env,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = queue.Queue()
        self.reader = threading.Thread(target=self._read, args=(self.server.stderr, self.lines), daemon=True)
        self.reader.start()
        lines = []
        deadline = time.monotonic() + bound
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.fail("serve printed no ready line ('%s...') within %d s; its stderr so far: %s"
                          % (READY, bound, "".join(lines) or "(nothing)"))
            if line is None:
                self.fail("serve exited before it was ready: " + "".join(lines))
            lines.append(line)
            if line.startswith(READY):
                return lines

    @staticmethod
    def _read(stream, lines):
        for line in iter(stream.readline, ""):
            lines.put(line)
        lines.put(None)

    def rest_of_stderr(self):
        """The server's stderr after the lines start() returned, up to its end (call once the server has exited)."""
        self.reader.join(timeout=BOUND)
        rest = []
        while not self.lines.empty():
            line = self.lines.get_nowait()
            if line is not None:
                rest.append(line)
        return "".join(rest)

    def close_streams(self):
        """Closes the pipes of an exited server once its stderr reader has seen their end."""
        self.reader.join(timeout=BOUND)
        self.server.stderr.close()
        self.server.stdout.close()

    def stop(self):
        self.server.send_signal(signal.SIGTERM)
        rc = self.server.wait(timeout=BOUND)
        rest = self.rest_of_stderr()
        self.close_streams()
        return rc, rest

    def sql(self, statement):
        """Runs SQL on LMWB_HOME's database in another JVM with H2's shell, as a second process would."""
        url = "jdbc:h2:file:%s/db/lmwb;AUTO_SERVER=TRUE;WRITE_DELAY=0" % self.home
        p = subprocess.run(["java", "-cp", H2_JARS[-1], "org.h2.tools.Shell", "-url", url, "-user", "sa",
                            "-password", "", "-sql", statement], capture_output=True, text=True, timeout=120)
        self.assertEqual(0, p.returncode, p.stdout + p.stderr)
        return p.stdout

    def test_start_fails_at_its_bound_when_serve_prints_no_ready_line(self):
        # a stand-in for a serve that hangs before its ready line: it prints one line and sleeps past the bound
        hang = [sys.executable, "-c", "import sys, time; print('lmwb: starting', file=sys.stderr, flush=True); "
                "time.sleep(120)"]
        started = time.monotonic()
        with self.assertRaises(AssertionError) as failed:
            self.start(command=hang, bound=3)
        self.assertIn("serve printed no ready line ('lmwb serve: HTTP ...') within 3 s; its stderr so far: "
                      "lmwb: starting", str(failed.exception))
        # functional bound (not a timing): the failure comes at the 3 s bound, long before the stand-in's 120 s
        self.assertLess(time.monotonic() - started, 60)

    def test_a_bad_setting_stops_serve_with_one_line_naming_the_key(self):
        rc, out, err = self.lmwb("serve", "--workers", "0")
        self.assertEqual(2, rc, err)
        self.assertEqual("lmwb: error: lmwb.server: key 'workers' must be 1 to 64, got 0\n", err)
        self.assertEqual("", out)
        etc = os.path.join(self.home, "etc")
        os.makedirs(etc)
        with open(os.path.join(etc, "lmwb.server.cfg"), "w") as f:
            f.write("http_port = eighty\n")
        rc, out, err = self.lmwb("serve")
        self.assertEqual(2, rc, err)
        self.assertEqual("lmwb: error: lmwb.server: key 'http_port' must be a whole number, got 'eighty'\n", err)
        rc, out, err = self.lmwb("serve", "--prot", "1")
        self.assertEqual(2, rc, err)
        self.assertTrue(err.startswith("lmwb: error: serve: unknown option '--prot'; options: --http-port"), err)

    def test_an_open_address_needs_tls_or_insecure_http_which_warns(self):
        rc, out, err = self.lmwb("serve", "--bind", "0.0.0.0")
        self.assertEqual(2, rc, err)
        self.assertIn("key 'bind' is 0.0.0.0, not a loopback address", err)
        lines = self.start("--bind", "0.0.0.0", "--insecure-http")
        self.assertTrue(any(l.startswith("lmwb serve: WARNING: plain HTTP on 0.0.0.0:") for l in lines), lines)
        rc, rest = self.stop()
        self.assertEqual(143, rc, rest)

    @unittest.skipUnless(H2_JARS, "the H2 jar is not in ~/.m2")
    def test_local_commands_work_beside_serve_and_jobs_survive_a_kill(self):
        lines = self.start("--workers", "1")
        self.assertIn(", 1 worker, home " + self.home, lines[-1])
        # the server holds the database; a local command still uses it (H2's AUTO_SERVER)
        rc, out, err = self.lmwb("user", "add", "boss", "--role", "admin")
        self.assertEqual(0, rc, err)
        self.assertTrue(out.startswith("user boss added (role admin)"), out)
        # kill -9 with one job running and one queued (rows as the queue writes them; no capability of these
        # names is installed, so the queued one waits for its plug-in)
        self.sql("INSERT INTO jobs (command, args, user_name, state, submitted, started) VALUES ('itest-none', '{}',"
                 " 'boss', 'running', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);"
                 " INSERT INTO jobs (command, args, user_name, state, submitted) VALUES ('itest-none', '{}', 'boss',"
                 " 'queued', CURRENT_TIMESTAMP)")
        self.server.kill()
        self.server.wait(timeout=BOUND)
        self.close_streams()
        self.start()
        out = self.sql("SELECT id, state, error FROM jobs ORDER BY id")
        self.assertRegex(out, r"1\s*\|\s*failed\s*\|\s*interrupted by a server restart")
        self.assertRegex(out, r"2\s*\|\s*queued\s*\|\s*null")
        started = time.time()
        rc, rest = self.stop()
        self.assertEqual(143, rc, "SIGTERM ends the JVM with 128+15: " + rest)
        self.assertNotIn("Exception", rest)
        self.assertLess(time.time() - started, BOUND)
        out = self.sql("SELECT state FROM jobs WHERE id = 2")
        self.assertIn("queued", out, "a queued job stays queued through a clean stop")


if __name__ == "__main__":
    unittest.main()
