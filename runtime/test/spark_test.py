#!/usr/bin/env python3
"""End-to-end script test of embedding on an Apache Spark cluster (issue 19), run by `mvn verify` of the runtime
module with the other launcher script tests.

One local standalone cluster (runtime/spark-cluster start --workers 2) serves the whole class, and the tests run in
the order of their names, because the last one kills a worker:
- a shared runtime (`lmwb serve --embedding-engine spark --spark-master URL`) runs a rank job submitted over REST: it
  succeeds, the master ran one application for it, and its scores equal a local run's;
- Ctrl-C (byte 0x03 on the pseudo-terminal) while a `embed --engine spark` runs its tasks: the launcher exits 130
  within 20 s, with no cache entry, no `.tmp-*`, no driver JVM or executor left, and the master shows the
  application finished;
- `rank` of two models (300 sentences of sentiment-sentences) is one Spark application (one driver for both models);
  one worker (and the executor it started) is killed with SIGKILL while tasks run; Spark re-runs the lost tasks and
  every cache entry equals the one a local run of the same request writes: same keys, same shapes, same row order,
  max |delta| <= 1e-5 on every layer (the issue's tolerance).
It also checks that an unreachable master ends the command with one line and no entry, and that `stop` leaves no
daemon running. Bounds on waiting (a worker's executor must run a task within 420 s; Ctrl-C ends the command within 20 s)
are functional checks on a shared 2-core machine, not performance thresholds.

    python3 runtime/test/spark_test.py
"""
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
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "runtime", "lmwb")
CLUSTER = os.path.join(ROOT, "runtime", "spark-cluster")
JOB_JAR = os.path.join(ROOT, "spark", "job", "target", "lmwb-spark-job.jar")
MODELS = "all-minilm-l6-v2,bge-small-en-v1.5"
RANK = ["rank", "--dataset", "sentiment-sentences", "--downsample", "300", "--models", MODELS,
        "--estimator", "hscore", "--json"]
TOLERANCE = 1e-5
# the server job: a tiny rank (the default dataset, 60 sentences, one small model)
TINY = {"dataset": "acceptability", "models": ["all-minilm-l6-v2"], "downsample": 60}


def read_npy(path):
    """(rows, cols, floats) of a little-endian float32 .npy (format 1.0/2.0), so the test needs no numpy."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY", path
    if data[6] == 1:
        n = struct.unpack("<H", data[8:10])[0]
        start = 10
    else:
        n = struct.unpack("<I", data[8:12])[0]
        start = 12
    header = data[start:start + n].decode("latin1")
    assert "'<f4'" in header and "False" in header, header
    shape = tuple(int(x) for x in header.split("(")[1].split(")")[0].split(",") if x.strip())
    rows, cols = shape
    values = struct.unpack("<%df" % (rows * cols), data[start + n:start + n + 4 * rows * cols])
    return rows, cols, values


def read(path):
    with open(path, errors="replace") as f:
        return f.read()


def entries(cache):
    """{key: {file: path}} of the cache's entries."""
    out = {}
    for manifest in glob.glob(os.path.join(cache, "*", "manifest.json")):
        folder = os.path.dirname(manifest)
        out[os.path.basename(folder)] = {os.path.basename(p): p for p in glob.glob(os.path.join(folder, "*.npy"))}
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_of(home, cluster_state):
    env = dict(os.environ, LMWB_HOME=home, OMP_WAIT_POLICY="PASSIVE", LMWB_SPARK_CLUSTER=cluster_state)
    for k in ("LMWB_DEBUG", "LMWB_REBUILD", "LMWB_REMOTE", "LMWB_TOKEN", "LMWB_SPARK_CONF"):
        env.pop(k, None)
    env.setdefault("DJL_CACHE_DIR", os.path.join(os.path.expanduser("~"), ".lmwb", "djl"))
    return env


def processes_with(needle, environ=None):
    """PIDs whose command line contains `needle` (and whose environment contains `environ`, when given)."""
    found = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmdline, "rb") as f:
                if needle.encode() not in f.read():
                    continue
            if environ is not None:
                with open(cmdline[:-len("cmdline")] + "environ", "rb") as f:
                    if environ.encode() not in f.read():
                        continue
            with open(cmdline[:-len("cmdline")] + "stat") as f:
                if f.read().split()[2] == "Z":
                    continue
        except OSError:
            continue
        found.append(int(cmdline.split("/")[2]))
    return found


@unittest.skipUnless(os.path.exists(JOB_JAR), "build spark/job first (mvn package)")
class SparkEngineTest(unittest.TestCase):
    """Tests that share the class's cluster run in the order of their names; the last one kills worker 1."""

    @classmethod
    def setUpClass(cls):
        cls.cluster_work = tempfile.mkdtemp(prefix="lmwb-spark-cluster.")
        cls.state = os.path.join(cls.cluster_work, "state")
        cls.cluster_env = env_of(os.path.join(cls.cluster_work, "home"), cls.state)
        start = subprocess.run([CLUSTER, "start", "--workers", "2", "--port", str(free_port())], env=cls.cluster_env,
                               capture_output=True, text=True, timeout=300)
        if start.returncode != 0:
            shutil.rmtree(cls.cluster_work, ignore_errors=True)
            raise AssertionError("runtime/spark-cluster start failed: " + start.stderr)
        cls.master = start.stdout.strip()
        with open(os.path.join(cls.state, "master-ui.url")) as f:
            cls.ui = f.read().strip()

    @classmethod
    def tearDownClass(cls):
        subprocess.run([CLUSTER, "stop"], env=cls.cluster_env, capture_output=True, timeout=120)
        shutil.rmtree(cls.cluster_work, ignore_errors=True)

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="lmwb-spark-test.")
        self.home = os.path.join(self.work, "home")
        os.makedirs(os.path.join(self.work, "tmp"))
        self.env = dict(env_of(self.home, self.state), TMPDIR=os.path.join(self.work, "tmp"),
                        LMWB_DEPLOY=os.path.join(self.work, "deploy"))
        self.cache = os.path.join(self.home, "cache", "embeddings")

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def lmwb(self, *args, timeout=600, env=None, **kw):
        return subprocess.run([LAUNCHER, *args], env=env or self.env, capture_output=True, text=True, timeout=timeout,
                              **kw)

    def applications(self):
        """The master's applications, from its web UI's JSON: ({id: state} running, {id: state} finished)."""
        with urllib.request.urlopen(self.ui + "/json", timeout=30) as r:
            doc = json.loads(r.read())
        return ({a["id"]: a["state"] for a in doc["activeapps"]},
                {a["id"]: a["state"] for a in doc["completedapps"]})

    def all_applications(self):
        running, done = self.applications()
        return set(running) | set(done)

    def assert_no_tmp(self, folder):
        left = [os.path.join(d, n) for d, ds, fs in os.walk(folder) for n in ds + fs if n.startswith(".tmp")]
        self.assertEqual([], left, "nothing half-written")

    # ---- a job of the shared runtime under embedding_engine=spark ------------------------------------------

    def test_1_a_server_job_under_embedding_engine_spark_runs_on_the_cluster_and_equals_the_local_run(self):
        rc = self.lmwb("user", "add", "ada", "--role", "admin", "--json")
        self.assertEqual(0, rc.returncode, rc.stderr)
        token = json.loads(rc.stdout)["token"]
        http, ssh = free_port(), free_port()
        log_path = os.path.join(self.work, "serve.log")
        before = self.all_applications()
        os.makedirs(os.path.join(self.home, "etc"), exist_ok=True)
        with open(os.path.join(self.home, "etc", "lmwb.server.cfg"), "w") as f:
            f.write("embedding_engine = spark\nspark_master = %s\n" % self.master)
        with open(log_path, "ab") as log:
            server = subprocess.Popen([LAUNCHER, "serve", "--http-port", str(http), "--ssh-port", str(ssh)],
                                      env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                      start_new_session=True)
        base = "http://127.0.0.1:%d" % http

        def api(method, path, body=None):
            req = urllib.request.Request(base + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
            req.add_header("Authorization", "Bearer " + token)
            req.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    return r.status, json.loads(r.read() or b"null")
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read() or b"null")

        try:
            deadline = time.time() + 180
            while True:
                self.assertIsNone(server.poll(), "serve exited early: " + read(log_path)[-3000:])
                self.assertLess(time.time(), deadline, "serve did not answer within 180 s: " + read(log_path)[-3000:])
                try:
                    if api("GET", "/api/health")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.5)
            # the job names no engine: embedding_engine=spark sends its embedding to the configured master
            status, body = api("POST", "/api/jobs", {"command": "rank", "args": TINY})
            self.assertEqual(202, status, body)
            deadline = time.time() + 600
            while True:
                job = api("GET", "/api/jobs/%d" % body["id"])[1]
                if job["state"] in ("succeeded", "failed", "cancelled"):
                    break
                self.assertLess(time.time(), deadline, "the job did not finish within 600 s: " + read(log_path)[-3000:])
                time.sleep(0.5)
            self.assertEqual("succeeded", job["state"], job)
            status, doc = api("GET", "/api/results/" + job["result_id"])
            self.assertEqual(200, status, doc)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
        running, done = self.applications()
        new = set(running) | set(done)
        new -= before
        self.assertEqual(1, len(new), "the master ran one application for the job: %s" % (new,))
        self.assertEqual({}, {a: s for a, s in running.items() if a in new}, "and it has finished")
        spark_entries = entries(self.cache)
        self.assertEqual(1, len(spark_entries), "one entry, written by the driver")
        for key in spark_entries:
            with open(os.path.join(self.cache, key, "manifest.json")) as fh:
                self.assertEqual("spark", json.load(fh)["provenance"]["configuration"]["engine"])
        # the same request in process, on an empty cache
        os.rename(self.cache, self.cache + "-spark")
        local = self.lmwb("rank", "--dataset", TINY["dataset"], "--models", ",".join(TINY["models"]),
                          "--downsample", str(TINY["downsample"]), "--json")
        self.assertEqual(0, local.returncode, local.stderr)
        self.assertEqual(sorted(spark_entries), sorted(entries(self.cache)), "the same cache key")
        scores = lambda d: {m["model"]: m["score"] for m in d["ranking"]}
        self.assertEqual(scores(json.loads(local.stdout)).keys(), scores(doc).keys())
        for model, score in scores(json.loads(local.stdout)).items():
            self.assertAlmostEqual(score, scores(doc)[model], places=4)

    # ---- Ctrl-C through Spark ---------------------------------------------------------------------------------

    def test_2_ctrl_c_while_tasks_run_stops_driver_and_application_and_leaves_nothing(self):
        before = self.all_applications()
        args = ["embed", "--dataset", "sentiment-sentences", "--downsample", "300", "--model", "bge-small-en-v1.5",
                "--engine", "spark", "--spark-master", self.master]
        pid, fd = pty.fork()
        if pid == 0:
            # A test started in the background of a non-interactive shell (`python3 ... &`, nohup) inherits SIGINT
            # ignored, and a JVM started with SIGINT ignored keeps ignoring it: the terminal's Ctrl-C would reach
            # nobody. A user's terminal delivers it, so the launcher starts with the default disposition.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.execve(LAUNCHER, [LAUNCHER, *args], self.env)
        output = b""
        app = None
        deadline = time.time() + 300
        try:
            # wait until an executor of the command's application runs a task
            while time.time() < deadline:
                if select.select([fd], [], [], 0.3)[0]:
                    try:
                        output += os.read(fd, 4096)
                    except OSError:
                        break
                new = self.all_applications() - before
                if new:
                    app = sorted(new)[0]
                    logs = glob.glob(os.path.join(self.state, "worker-*", app, "*", "stderr"))
                    if any("Running task" in read(p) for p in logs):
                        break
                self.assertEqual((0, 0), os.waitpid(pid, os.WNOHANG), "the command ended early: %r" % output[-2000:])
            else:
                self.fail("no task of the command's application ran within 300 s: %r" % output[-2000:])
            os.write(fd, b"\x03")
            sent = time.time()
            code = None
            while time.time() < sent + 20:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    code = os.waitstatus_to_exitcode(status)
                    break
                if select.select([fd], [], [], 0.2)[0]:
                    try:
                        output += os.read(fd, 4096)
                    except OSError:
                        pass
            elapsed = time.time() - sent
        finally:
            if code is None:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
        while True:  # what the command wrote before it ended
            try:
                if not select.select([fd], [], [], 0.2)[0]:
                    break
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        os.close(fd)
        text = output.decode("utf-8", "replace")
        self.assertIsNotNone(code, "the launcher still ran 20 s after Ctrl-C: %s" % text[-2000:])
        print("\nCtrl-C through Spark: launcher exited %d after %.1f s" % (code, elapsed))
        self.assertEqual(130, code, text[-2000:])
        self.assertIn("lmwb: cancelled", text, text[-2000:])
        self.assertNotIn("\tat ", text, "no stack trace")
        self.assertEqual({}, entries(self.cache), "no cache entry")
        self.assert_no_tmp(os.path.join(self.home, "cache"))
        # the driver JVM, the application and its executors end with the command (functional bound: 30 s)
        deadline = time.time() + 30
        while time.time() < deadline:
            drivers = processes_with("lmwb.spark.driver.SparkEmbedDriver", "LMWB_HOME=" + self.home)
            executors = processes_with(app)
            running = self.applications()[0]
            if not drivers and not executors and app not in running:
                break
            time.sleep(0.5)
        self.assertEqual([], drivers, "no driver JVM left")
        self.assertEqual([], executors, "no executor of the application left")
        self.assertNotIn(app, running, "the master shows the application finished")
        self.assertIn(app, self.applications()[1])
        self.assertEqual([], os.listdir(os.path.join(self.home, "spark-work")) if os.path.isdir(
            os.path.join(self.home, "spark-work")) else [], "the run's work folder is removed")

    # ---- two models, one application, a killed worker ------------------------------------------------------

    def test_3_rank_of_two_models_is_one_application_survives_a_killed_worker_and_equals_the_local_run(self):
        # Local run first: its cache entries are what the Spark run must reproduce.
        local = self.lmwb(*RANK)
        self.assertEqual(0, local.returncode, local.stderr)
        local_cache = os.path.join(self.home, "cache", "embeddings-local")
        os.rename(self.cache, local_cache)
        expected = entries(local_cache)
        self.assertEqual(2, len(expected), "one entry per model")

        status = subprocess.run([CLUSTER, "status"], env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual((0, self.master), (status.returncode, status.stdout.strip()), status.stderr)

        # 8 tasks per model, so that the killed worker's share is re-run on the other one.
        conf = os.path.join(self.work, "spark.conf")
        with open(conf, "w") as f:
            f.write("spark.lmwb.partitions 8\n")
        before = self.all_applications()
        # LMWB_DEBUG: the driver's Spark log (warnings) reaches stderr, where the lost executor must show
        rank = subprocess.Popen([LAUNCHER, *RANK, "--engine", "spark", "--spark-master", self.master],
                                env=dict(self.env, LMWB_DEBUG="1", LMWB_SPARK_CONF=conf),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Kill worker 1 (and the executor it started: its process group) once its executor runs a task of this rank
        # (the driver, the application and the executors start within 420 s even at a load average of 30 here).
        deadline = time.time() + 420
        killed = False
        while time.time() < deadline and rank.poll() is None:
            new = self.all_applications() - before
            logs = [p for a in new for p in glob.glob(os.path.join(self.state, "worker-1", a, "*", "stderr"))]
            if any("Running task" in read(p) for p in logs):
                with open(os.path.join(self.state, "worker-1.pid")) as fh:
                    os.killpg(int(fh.read().strip()), signal.SIGKILL)
                killed = True
                break
            time.sleep(0.2)
        out, err = rank.communicate(timeout=900)
        self.assertTrue(killed, "worker 1's executor never ran a task: " + err[-2000:])
        self.assertEqual(0, rank.returncode, err[-3000:])
        doc = json.loads(out)
        self.assertEqual("sentiment-sentences", doc["dataset"]["name"])
        self.assertEqual([False, False], [m["from_cache"] for m in doc["ranking"]], "both models were embedded")
        self.assertRegex(err, r"Lost executor|ExecutorLostFailure", "Spark saw the killed worker's executor go")
        new = self.all_applications() - before
        self.assertEqual(1, len(new), "one Spark application embedded both models: %s" % (new,))
        self.assertEqual(1, len(re.findall(r"lmwb-spark: application ", err)), "one driver")
        self.assertTrue(glob.glob(os.path.join(self.state, "worker-2", sorted(new)[0], "*", "stderr")),
                        "worker 2 ran executors")

        actual = entries(self.cache)
        largest = 0.0
        self.assertEqual(sorted(expected), sorted(actual), "same cache keys as the local run")
        for key, files in expected.items():
            self.assertEqual(sorted(files), sorted(actual[key]), key)
            for name, path in files.items():
                er, ec, ev = read_npy(path)
                ar, ac, av = read_npy(actual[key][name])
                self.assertEqual((er, ec), (ar, ac), name)
                worst = max(abs(a - b) for a, b in zip(ev, av))
                self.assertLessEqual(worst, TOLERANCE, "%s %s: max |delta| %g" % (key[:12], name, worst))
                largest = max(largest, worst)
            with open(os.path.join(self.cache, key, "manifest.json")) as fh:
                self.assertEqual("spark", json.load(fh)["provenance"]["configuration"]["engine"])
        print("\nspark_test: %d entries, %d layer files, largest |delta| against the local run %g"
              % (len(expected), sum(len(f) for f in expected.values()), largest))
        # The rest of the command ran as usual: the same ranking as the local run.
        local_doc = json.loads(local.stdout)
        scores = lambda d: {m["model"]: m["score"] for m in d["ranking"]}
        for model, score in scores(local_doc).items():
            self.assertAlmostEqual(score, scores(doc)[model], places=4)

    def test_4_stop_leaves_no_daemon(self):
        with open(os.path.join(self.state, "master.pid")) as fh:
            pids = [int(fh.read().strip())]
        for f in glob.glob(os.path.join(self.state, "worker-*.pid")):
            with open(f) as fh:
                pids.append(int(fh.read().strip()))
        stop = subprocess.run([CLUSTER, "stop"], env=self.env, capture_output=True, text=True, timeout=120)
        self.assertEqual(0, stop.returncode, stop.stderr)
        for pid in pids:
            self.assertFalse(os.path.exists("/proc/%d" % pid) and read("/proc/%d/stat" % pid).split()[2] != "Z",
                             "daemon %d still runs after stop" % pid)
        self.assertEqual(3, subprocess.run([CLUSTER, "status"], env=self.env, capture_output=True).returncode)


class SparkOptionsTest(unittest.TestCase):
    """What needs no cluster."""

    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="lmwb-spark-test.")
        self.home = os.path.join(self.work, "home")
        self.env = dict(env_of(self.home, os.path.join(self.work, "cluster")), LMWB_DEPLOY=os.path.join(self.work, "deploy"))

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def lmwb(self, *args):
        return subprocess.run([LAUNCHER, *args], env=self.env, capture_output=True, text=True, timeout=600)

    @unittest.skipUnless(os.path.exists(JOB_JAR), "build spark/job first (mvn package)")
    def test_an_unreachable_master_is_one_line_and_leaves_no_entry(self):
        r = self.lmwb("embed", "--dataset", "sentiment-sentences", "--downsample", "20", "--model", "all-minilm-l6-v2",
                      "--engine", "spark", "--spark-master", "spark://127.0.0.1:%d" % free_port())
        self.assertNotEqual(0, r.returncode)
        self.assertEqual("", r.stdout)
        lines = [l for l in r.stderr.splitlines() if l.startswith("lmwb: error:") or l.startswith("error")]
        self.assertEqual(1, len(lines), r.stderr)
        self.assertIn("cannot reach the Spark master", lines[0])
        self.assertNotRegex(r.stderr, r"\n\s+at [a-z]", "no stack trace")
        self.assertEqual({}, entries(os.path.join(self.home, "cache", "embeddings")))

    def test_engine_options_are_checked_before_anything_runs(self):
        r = self.lmwb("embed", "--dataset", "sentiment-sentences", "--model", "all-minilm-l6-v2", "--engine", "spark")
        self.assertNotEqual(0, r.returncode)
        self.assertIn("--engine spark needs --spark-master URL", r.stderr)
        r = self.lmwb("rank", "--dataset", "sentiment-sentences", "--spark-master", "spark://127.0.0.1:7077")
        self.assertNotEqual(0, r.returncode)
        self.assertIn("--spark-master applies only with --engine spark", r.stderr)


if __name__ == "__main__":
    unittest.main()
