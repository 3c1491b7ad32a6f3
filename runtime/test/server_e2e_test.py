#!/usr/bin/env python3
"""End-to-end test of the shared runtime from the command line (issue 15, "Tests and figures").

One scenario on the real launcher: `runtime/lmwb serve` on free ports with a fresh LMWB_HOME; an admin created on
the local database, two members and a viewer added through the server by the remote CLI; 401 without a token, 403
for a viewer's submit and for a member cancelling another member's job; two members submit small rank jobs at once
and one waits while the other runs (one worker, FIFO); both succeed and are listed with their users; the remote CLI
gives the same scores as a local run of the same request; `kill -9` of the server with a job queued, a restart, and
the queued job completes (the running one is failed as interrupted); the system `ssh` client with a registered key
runs lmwb:results and another key is refused. Rank jobs are tiny (acceptability downsampled to 60, one small model).

Needs the built runtime (runtime/target/lmwb.jar), python3, and ssh + ssh-keygen (openssh-client; .ci/run installs
it). The built-in dataset and model come from the local Maven repository, as for every launcher test.

    python3 runtime/test/server_e2e_test.py
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.environ.get("LMWB_LAUNCHER", os.path.join(ROOT, "runtime", "lmwb"))
MODEL = "all-minilm-l6-v2"
# A tiny rank: the default dataset (Maven only), 60 sentences, one small model.
TINY = {"dataset": "acceptability", "models": [MODEL], "downsample": 60}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerEndToEndTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="lmwb-e2e-")
        self.env = dict(os.environ, LMWB_HOME=self.home, OMP_WAIT_POLICY="PASSIVE")
        self.env.setdefault("DJL_CACHE_DIR", os.path.expanduser("~/.lmwb/djl"))
        for k in ("LMWB_REBUILD", "LMWB_REMOTE", "LMWB_TOKEN"):
            self.env.pop(k, None)
        self.http_port, self.ssh_port = free_port(), free_port()
        while self.ssh_port == self.http_port:
            self.ssh_port = free_port()
        self.base = "http://127.0.0.1:%d" % self.http_port
        self.server = None
        self.server_log = os.path.join(self.home, "serve.log")

    def tearDown(self):
        self.stop_server()
        shutil.rmtree(self.home, ignore_errors=True)

    # ---- helpers -------------------------------------------------------------------------------------------

    def start_server(self):
        with open(self.server_log, "ab") as log:
            self.server = subprocess.Popen(
                [LAUNCHER, "serve", "--http-port", str(self.http_port), "--ssh-port", str(self.ssh_port)],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        deadline = time.time() + 180
        while time.time() < deadline:
            self.assertIsNone(self.server.poll(), "serve exited early:\n" + self.log_text())
            try:
                status, body = self.api("GET", "/api/health")
                if status == 200 and body["status"] == "ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            self.fail("serve did not answer /api/health within 180 s:\n" + self.log_text())
        # the SSH shell starts beside the API; wait for its port too
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.ssh_port)) == 0:
                    return
            time.sleep(0.3)
        self.fail("the SSH port never opened:\n" + self.log_text())

    def stop_server(self, sig=signal.SIGTERM):
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, sig)
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait()
        self.server = None

    def log_text(self):
        with open(self.server_log, errors="replace") as f:
            return f.read()[-4000:]

    def api(self, method, path, token=None, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

    def lmwb(self, *args, token=None, remote=True, timeout=600):
        env = dict(self.env)
        if remote:
            env["LMWB_REMOTE"] = self.base
            if token:
                env["LMWB_TOKEN"] = token
        p = subprocess.run([LAUNCHER, *args], env=env, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def submit(self, token, args):
        status, body = self.api("POST", "/api/jobs", token, {"command": "rank", "args": args})
        self.assertEqual(202, status, body)
        self.assertEqual("queued", body["state"])
        return body["id"]

    def wait_job(self, token, job_id, states=("succeeded", "failed", "cancelled"), timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, job = self.api("GET", "/api/jobs/%d" % job_id, token)
            self.assertEqual(200, status, job)
            if job["state"] in states:
                return job
            time.sleep(0.3)
        self.fail("job %d did not reach %s within %d s; server log:\n%s" % (job_id, states, timeout, self.log_text()))

    @staticmethod
    def scores(document):
        return {m["model"]: m["score"] for m in document["ranking"]}

    # ---- the scenario --------------------------------------------------------------------------------------

    def test_shared_runtime_end_to_end(self):
        # the first admin: on the local database, before any server runs
        rc, out, err = self.lmwb("user", "add", "ada", "--role", "admin", "--json", remote=False)
        self.assertEqual(0, rc, err)
        admin = json.loads(out)["token"]

        keys = {}
        for name in ("mel", "mallory"):
            path = os.path.join(self.home, name + "_key")
            subprocess.run(["ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-C", name + "@e2e", "-f", path], check=True)
            keys[name] = path

        self.start_server()

        # members and a viewer, added through the server by the remote CLI with the admin's token
        tokens = {}
        for name, role, extra in (("mel", "member", ["--ssh-key", keys["mel"] + ".pub"]),
                                  ("bob", "member", []), ("vic", "viewer", [])):
            rc, out, err = self.lmwb("user", "add", name, "--role", role, *extra, "--json", token=admin)
            self.assertEqual(0, rc, err)
            doc = json.loads(out)
            self.assertEqual((name, role), (doc["user"], doc["role"]))
            tokens[name] = doc["token"]
        rc, out, err = self.lmwb("user", "add", "eve", "--role", "admin", token=tokens["mel"])
        self.assertEqual((1, "lmwb: error: mel is a member; only admins manage users"), (rc, err.strip()))

        # 401 without or with a wrong token; the error is JSON with one line, no stack trace
        status, body = self.api("GET", "/api/jobs")
        self.assertEqual(401, status)
        self.assertEqual(["error"], list(body))
        status, body = self.api("GET", "/api/results", "lmwb_0000000000000000_" + "x" * 43)
        self.assertEqual(401, status, body)
        self.assertEqual(200, self.api("GET", "/api/health")[0], "health needs no token")

        # 403 for a viewer's submit
        status, body = self.api("POST", "/api/jobs", tokens["vic"], {"command": "rank", "args": TINY})
        self.assertEqual(403, status)
        self.assertIn("cannot submit jobs", body["error"])

        # a server path is refused, and nothing of the file appears
        status, body = self.api("POST", "/api/jobs", tokens["mel"],
                                {"command": "rank", "args": dict(TINY, dataset="/etc/passwd")})
        self.assertIn(status, (400, 403), body)
        self.assertNotIn("root:", json.dumps(body))

        # two members at once: one worker, so one waits while the other runs (FIFO); both succeed
        first = self.submit(tokens["mel"], TINY)
        second = self.submit(tokens["bob"], dict(TINY, seed=7))
        saw_waiting = False
        deadline = time.time() + 600
        while time.time() < deadline:
            a = self.api("GET", "/api/jobs/%d" % first, tokens["mel"])[1]
            b = self.api("GET", "/api/jobs/%d" % second, tokens["bob"])[1]
            if a["state"] == "running" and b["state"] == "queued":
                saw_waiting = True
            if a["state"] in ("succeeded", "failed") and b["state"] in ("succeeded", "failed"):
                break
            time.sleep(0.2)
        self.assertEqual(("succeeded", "succeeded"), (a["state"], b["state"]), (a, b, self.log_text()))
        self.assertTrue(saw_waiting or b["started"] >= a["finished"], "the second job waited for the first")
        self.assertGreaterEqual(b["started"], a["finished"], "FIFO with one worker: %s / %s" % (a, b))
        self.assertEqual(("mel", "bob"), (a["user"], b["user"]))
        status, listed = self.api("GET", "/api/jobs?state=succeeded", tokens["vic"])
        self.assertEqual(200, status)
        self.assertEqual({first: "mel", second: "bob"}, {j["id"]: j["user"] for j in listed if j["id"] in (first, second)})
        status, page = self.api("GET", "/api/results?kind=ranking", tokens["vic"])
        self.assertEqual(200, status)
        by_id = {r["id"]: r["user"] for r in page["results"]}
        self.assertEqual("mel", by_id.get(a["result_id"]), page)
        self.assertEqual("bob", by_id.get(b["result_id"]), page)
        status, doc = self.api("GET", "/api/results/" + a["result_id"], tokens["vic"])
        self.assertEqual(200, status)
        self.assertIn(MODEL, self.scores(doc))
        status, body = self.api("GET", "/api/results/%s/files/..%%2F..%%2Fetc%%2Fpasswd" % a["result_id"], tokens["vic"])
        self.assertIn(status, (400, 404), body)

        # a rank of mel's upload: the job's arguments and the result (its list row and its document) name the file
        # as mel named it, upload:NAME, not as the server keeps it (ClientPaths.forUser); an admin sees the path
        rows = "".join("%s,%d\n" % (t, i % 2) for i, t in enumerate(
            ["a fine film", "a dull film", "great acting", "poor acting", "lovely score", "awful score"] * 5))
        req = urllib.request.Request(self.base + "/api/datasets?name=reviews.csv", method="POST",
                                     data=("text,label\n" + rows).encode())
        req.add_header("Authorization", "Bearer " + tokens["mel"])
        with urllib.request.urlopen(req, timeout=60) as r:
            self.assertEqual(201, r.status)
        job = self.submit(tokens["mel"], {"dataset": "upload:reviews.csv", "models": [MODEL]})
        deadline = time.time() + 600
        while time.time() < deadline:
            done = self.api("GET", "/api/jobs/%d" % job, tokens["mel"])[1]
            if done["state"] in ("succeeded", "failed"):
                break
            time.sleep(0.2)
        self.assertEqual("succeeded", done["state"], (done, self.log_text()))
        self.assertEqual("upload:reviews.csv", done["args"]["dataset"], done)
        rid = done["result_id"]
        status, page = self.api("GET", "/api/results?kind=ranking", tokens["mel"])
        row = [r for r in page["results"] if r["id"] == rid][0]
        self.assertEqual("upload:reviews.csv", row["dataset"], row)
        status, doc = self.api("GET", "/api/results/" + rid, tokens["mel"])
        self.assertEqual("upload:reviews.csv", doc["dataset"]["name"], doc["dataset"])
        shown = json.dumps([done, page, doc])
        self.assertNotIn(self.home, shown)
        self.assertNotIn(os.path.realpath(self.home), shown)
        status, doc = self.api("GET", "/api/results/" + rid, admin)
        self.assertTrue(doc["dataset"]["name"].endswith("/uploads/mel/reviews.csv"), doc["dataset"])

        # a member cannot cancel another member's job; the owner can
        third = self.submit(tokens["mel"], dict(TINY, downsample=3000))
        status, body = self.api("DELETE", "/api/jobs/%d" % third, tokens["bob"])
        self.assertEqual(403, status, body)
        status, body = self.api("DELETE", "/api/jobs/%d" % third, tokens["mel"])
        self.assertEqual(200, status, body)
        self.assertEqual("cancelled", self.wait_job(tokens["mel"], third)["state"])

        # the remote CLI gives the same scores as a local run of the same request, and the same exit code
        request = ["rank", "--dataset", "acceptability", "--models", MODEL, "--downsample", "60"]
        rc, out, err = self.lmwb(*request, "--json", token=tokens["bob"])
        self.assertEqual(0, rc, err)
        remote = json.loads(out)
        self.assertIn("lmwb: job", err, "progress and state go to stderr")
        rc, out, err = self.lmwb(*request, "--json", remote=False)
        self.assertEqual(0, rc, err)
        self.assertEqual(self.scores(json.loads(out)), self.scores(remote))
        rc, out, err = self.lmwb(*request, token=tokens["bob"])
        self.assertEqual(0, rc, err)
        self.assertIn(MODEL, out)
        # the table names no server path: the plot and the folder are the API's URLs, and 'results download'
        # copies the result's files (byte for byte those in the server's result folder)
        self.assertNotIn(self.home, out + err)
        rid = re.search(r"stored on the server as (\S+);", err).group(1)
        files_url = "%s/api/results/%s/files" % (self.base, rid)
        self.assertIn("plot: %s/layer-scores.svg" % files_url, out)
        self.assertIn("folder: %s" % files_url, out)
        rc, listing, err = self.lmwb("results", "--json", token=tokens["bob"])
        self.assertEqual(0, rc, err)
        self.assertNotIn(self.home, listing)
        self.assertIn(files_url, listing)
        target = os.path.join(self.home, "downloads")
        rc, out, err = self.lmwb("results", "download", rid, "--to", target, token=tokens["bob"])
        self.assertEqual(0, rc, err)
        server_folder = os.path.join(self.home, "results", rid)
        names = sorted(os.listdir(server_folder))
        self.assertIn("layer-scores.svg", names)
        self.assertEqual(names, sorted(os.listdir(target)))
        for name in names:
            with open(os.path.join(server_folder, name), "rb") as there, open(os.path.join(target, name), "rb") as here:
                self.assertEqual(there.read(), here.read(), name)
        self.assertTrue(out.startswith("downloaded %d files of %s" % (len(names), rid)), out)
        rc, out, err = self.lmwb(*request, token="lmwb_0000000000000000_" + "x" * 43)
        self.assertEqual(1, rc)
        self.assertEqual(1, len(err.strip().splitlines()), err)
        self.assertTrue(err.startswith("lmwb: error: the server refused the token"), err)
        env_port = free_port()
        p = subprocess.run([LAUNCHER, "--remote", "http://127.0.0.1:%d" % env_port, "results"],
                           env=dict(self.env, LMWB_TOKEN=admin), capture_output=True, text=True, timeout=60)
        self.assertEqual(1, p.returncode)
        self.assertEqual(1, len(p.stderr.strip().splitlines()), p.stderr)
        self.assertIn("cannot reach the lmwb server", p.stderr)

        # Ctrl-C in the remote CLI cancels the job on the server and exits 130, as a local run does (a functional
        # bound: it exits within 20 s of the signal)
        cli = subprocess.Popen([LAUNCHER, "rank", "--dataset", "acceptability", "--models", "bge-small-en",
                                "--downsample", "3000", "--seed", "9"],
                               env=dict(self.env, LMWB_REMOTE=self.base, LMWB_TOKEN=tokens["mel"]),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        mine = []
        while time.time() < deadline and not mine:
            mine = self.api("GET", "/api/jobs?user=mel&state=running", tokens["mel"])[1]
            time.sleep(0.3)
        self.assertTrue(mine, "the remote rank never ran")
        cli.send_signal(signal.SIGINT)
        out, err = cli.communicate(timeout=20)
        self.assertEqual(130, cli.returncode, err)
        self.assertIn("lmwb: cancelled", err)
        self.assertEqual("cancelled", self.wait_job(tokens["mel"], mine[0]["id"], timeout=60)["state"])

        # the system ssh client: mel's registered key runs lmwb:results; another key is refused
        ssh = ["ssh", "-p", str(self.ssh_port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR"]
        p = subprocess.run(ssh + ["-i", keys["mel"], "mel@127.0.0.1", "lmwb:results"], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertIn(a["result_id"], p.stdout)
        # a capability typed over SSH runs as a job of that user, through the queue
        p = subprocess.run(ssh + ["-i", keys["mel"], "mel@127.0.0.1", "lmwb:rank --dataset acceptability --models "
                                  + MODEL + " --downsample 60 --seed 5"], capture_output=True, text=True, timeout=600)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertIn(MODEL, p.stdout)
        self.assertIn("lmwb: job", p.stderr)
        jobs = self.api("GET", "/api/jobs?user=mel&state=succeeded", tokens["mel"])[1]
        self.assertTrue(any(j["args"].get("seed") == 5 for j in jobs), jobs)
        p = subprocess.run(ssh + ["-i", keys["mallory"], "mel@127.0.0.1", "lmwb:results"], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(255, p.returncode, p.stdout)
        self.assertIn("Permission denied", p.stderr)

        # kill -9 with a job queued: after a restart the queued job completes, the running one is failed
        running = self.submit(tokens["mel"], dict(TINY, downsample=3000, models=["bge-small-en"]))
        queued = self.submit(tokens["bob"], dict(TINY, seed=11))
        self.wait_job(tokens["mel"], running, states=("running",), timeout=120)
        self.assertEqual("queued", self.api("GET", "/api/jobs/%d" % queued, tokens["bob"])[1]["state"])
        self.stop_server(signal.SIGKILL)
        self.start_server()
        done = self.wait_job(tokens["bob"], queued)
        self.assertEqual("succeeded", done["state"], done)
        interrupted = self.api("GET", "/api/jobs/%d" % running, tokens["mel"])[1]
        self.assertEqual("failed", interrupted["state"])
        self.assertIn("interrupted by a server restart", interrupted["error"])


if __name__ == "__main__":
    unittest.main()
