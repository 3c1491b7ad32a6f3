#!/usr/bin/env python3
"""End-to-end script test of embedding on an Apache Spark cluster (issue 19), run by `mvn verify` of the runtime
module with the other launcher script tests.

It starts the local standalone cluster (runtime/spark-cluster start --workers 2), ranks a built-in dataset (300
sentences of sentiment-sentences, two models) with `--engine spark`, kills one worker (and the executor it started)
with SIGKILL while tasks run, and checks that Spark re-ran the lost tasks and that every cache entry equals the one
a local run of the same request writes: same keys, same shapes, same row order, max |delta| <= 1e-5 on every layer
(the issue's tolerance). It also checks that an unreachable master ends the command with one line and no entry,
and that `stop` leaves no daemon running. Bounds on waiting (a worker's executor must start within 180 s) are
functional checks on a shared 2-core machine, not performance thresholds.

    python3 runtime/test/spark_test.py
"""
import glob
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.path.join(ROOT, "runtime", "lmwb")
CLUSTER = os.path.join(ROOT, "runtime", "spark-cluster")
JOB_JAR = os.path.join(ROOT, "spark", "job", "target", "lmwb-spark-job.jar")
MODELS = "all-minilm-l6-v2,bge-small-en-v1.5"
RANK = ["rank", "--dataset", "sentiment-sentences", "--downsample", "300", "--models", MODELS,
        "--estimator", "hscore", "--json"]
TOLERANCE = 1e-5


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


@unittest.skipUnless(os.path.exists(JOB_JAR), "build spark/job first (mvn package)")
class SparkEngineTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="lmwb-spark-test.")
        self.home = os.path.join(self.work, "home")
        os.makedirs(os.path.join(self.work, "tmp"))
        self.env = dict(os.environ, LMWB_HOME=self.home, TMPDIR=os.path.join(self.work, "tmp"),
                        OMP_WAIT_POLICY="PASSIVE", LMWB_DEPLOY=os.path.join(self.work, "deploy"))
        self.env.pop("LMWB_DEBUG", None)
        self.env.pop("LMWB_REBUILD", None)
        self.env.setdefault("DJL_CACHE_DIR", os.path.join(os.path.expanduser("~"), ".lmwb", "djl"))
        self.state = os.path.join(self.home, "spark-cluster")

    def tearDown(self):
        subprocess.run([CLUSTER, "stop"], env=self.env, capture_output=True, timeout=120)
        shutil.rmtree(self.work, ignore_errors=True)

    def lmwb(self, *args, timeout=600, **kw):
        return subprocess.run([LAUNCHER, *args], env=self.env, capture_output=True, text=True, timeout=timeout, **kw)

    def daemon_pids(self):
        pids = []
        for f in glob.glob(os.path.join(self.state, "*.pid")):
            with open(f) as fh:
                pids.append(int(fh.read().strip()))
        return pids

    def test_rank_on_a_two_worker_cluster_survives_a_killed_worker_and_equals_the_local_run(self):
        # Local run first: its cache entries are what the Spark run must reproduce.
        local = self.lmwb(*RANK)
        self.assertEqual(0, local.returncode, local.stderr)
        cache = os.path.join(self.home, "cache", "embeddings")
        local_cache = os.path.join(self.home, "cache", "embeddings-local")
        os.rename(cache, local_cache)
        expected = entries(local_cache)
        self.assertEqual(2, len(expected), "one entry per model")

        start = subprocess.run([CLUSTER, "start", "--workers", "2", "--port", str(free_port())], env=self.env,
                               capture_output=True, text=True, timeout=300)
        self.assertEqual(0, start.returncode, start.stderr)
        master = start.stdout.strip()
        self.assertRegex(master, r"^spark://127\.0\.0\.1:\d+$")
        status = subprocess.run([CLUSTER, "status"], env=self.env, capture_output=True, text=True, timeout=60)
        self.assertEqual((0, master), (status.returncode, status.stdout.strip()), status.stderr)

        # 8 tasks per model, so that the killed worker's share is re-run on the other one.
        conf = os.path.join(self.work, "spark.conf")
        with open(conf, "w") as f:
            f.write("spark.lmwb.partitions 8\n")
        self.env["LMWB_SPARK_CONF"] = conf
        # LMWB_DEBUG: the driver's Spark log (warnings) reaches stderr, where the lost executor must show
        rank = subprocess.Popen([LAUNCHER, *RANK, "--engine", "spark", "--spark-master", master],
                                env=dict(self.env, LMWB_DEBUG="1"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Kill worker 1 (and the executor it started: its process group) once its executor runs a task.
        victim_log = os.path.join(self.state, "worker-1")
        deadline = time.time() + 180
        killed = False
        while time.time() < deadline and rank.poll() is None:
            logs = glob.glob(os.path.join(victim_log, "app-*", "*", "stderr"))
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
        self.assertTrue(glob.glob(os.path.join(self.state, "worker-2", "app-*", "*", "stderr")), "worker 2 ran executors")

        actual = entries(cache)
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
            with open(os.path.join(cache, key, "manifest.json")) as fh:
                self.assertEqual("spark", json.load(fh)["provenance"]["configuration"]["engine"])
        print("\nspark_test: %d entries, %d layer files, largest |delta| against the local run %g"
              % (len(expected), sum(len(f) for f in expected.values()), largest))
        # The rest of the command ran as usual: the same ranking as the local run.
        local_doc = json.loads(local.stdout)
        scores = lambda d: {m["model"]: m["score"] for m in d["ranking"]}
        for model, score in scores(local_doc).items():
            self.assertAlmostEqual(score, scores(doc)[model], places=4)

        pids = self.daemon_pids()
        stop = subprocess.run([CLUSTER, "stop"], env=self.env, capture_output=True, text=True, timeout=120)
        self.assertEqual(0, stop.returncode, stop.stderr)
        for pid in pids:
            self.assertFalse(os.path.exists("/proc/%d" % pid) and read("/proc/%d/stat" % pid).split()[2] != "Z",
                             "daemon %d still runs after stop" % pid)
        self.assertEqual(3, subprocess.run([CLUSTER, "status"], env=self.env, capture_output=True).returncode)

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
