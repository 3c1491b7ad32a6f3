#!/usr/bin/env python3
"""REST API benchmark of `runtime/lmwb serve` (issue 15; a benchmark, not a timed test).

1. Latency of GET /api/results with 10,000 stored results: p50/p99 of the first page, a filtered page (one model,
   one user) and a deep page reached by cursor; one client, keep-alive connection, after a warm-up.
2. The cost of one job-status call: 50 clients poll a finished job (GET /api/jobs/{id}, each once per POLL_INTERVAL
   seconds) for POLL_SECONDS (default 20) while nothing runs; the server's CPU time (its JVM's utime + stime from
   /proc) and the clients' (this process) divided by the number of calls. CPU time, not wall time, so the figure
   holds on a loaded machine.
3. Slowdown of a running embedding while 50 clients poll job status (GET /api/jobs/{id}, each once per
   POLL_INTERVAL seconds, default 1): the job's own run time (started -> finished, from the server) of a rank job
   that embeds ROWS sentences with all-minilm-l6-v2, alternating quiet and polled runs (side by side, in this one
   server), each with a new seed so the embedding cache never serves it. The clients run on the same machine as
   the server, so their own CPU time is part of what the job loses.

    python3 bench/server/rest_bench.py            # ROUNDS=3 ROWS=1000 POLL_INTERVAL=1 RESULTS=10000 REQUESTS=200
                                                  # LATENCY=0: no latency part; ROUNDS=0: no slowdown part

Needs the built runtime. Prints one line per measurement and a summary; README figures come from it.
"""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.environ.get("LMWB_LAUNCHER", os.path.join(ROOT, "runtime", "lmwb"))  # another build: its launcher
RESULTS = int(os.environ.get("RESULTS", 10000))
ROUNDS = int(os.environ.get("ROUNDS", 3))
ROWS = int(os.environ.get("ROWS", 1000))
CLIENTS = int(os.environ.get("CLIENTS", 50))
POLL = float(os.environ.get("POLL_INTERVAL", 1))
MODELS = ["all-minilm-l6-v2", "bge-small-en", "bge-small-en-v1.5", "e5-small-v2"]
USERS = ["ada", "mel", "bob", "vic"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def populate(home, n):
    """n result folders as an earlier lmwb left them; the store imports them on first use."""
    root = os.path.join(home, "results")
    os.makedirs(root)
    t0 = time.time() - n * 60
    rnd = random.Random(42)
    for i in range(n):
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(t0 + i * 60))
        rid = "%s-ranking-%06x" % (stamp, i)
        models = rnd.sample(MODELS, 2)
        doc = {"kind": "ranking", "user": USERS[i % 4], "summary": "rank bench-%d with hscore: %s" % (i % 20, models[0]),
               "dataset": {"name": "bench-%d" % (i % 20)}, "estimator": "hscore",
               "ranking": [{"model": m, "score": rnd.random()} for m in models]}
        os.makedirs(os.path.join(root, rid))
        with open(os.path.join(root, rid, "result.json"), "w") as f:
            json.dump(doc, f)


class Api:
    def __init__(self, port, token):
        self.port, self.token = port, token
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method, path, body=None):
        headers = {"Authorization": "Bearer " + self.token}
        data = None if body is None else json.dumps(body)
        if data:
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # the server closed a keep-alive connection that sat idle past Jetty's idle timeout (30 s): reconnect
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
        payload = r.read()
        return r.status, json.loads(payload) if payload else None


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def latency(api, path, n=int(os.environ.get("REQUESTS", 200))):
    for _ in range(10):
        api.call("GET", path)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        status, _ = api.call("GET", path)
        times.append((time.perf_counter() - t) * 1000)
        assert status == 200, status
    return statistics.median(times), percentile(times, 99)


def run_job(api, seed):
    status, ref = api.call("POST", "/api/jobs", {"command": "rank", "args": {
        "dataset": "acceptability", "models": ["all-minilm-l6-v2"], "downsample": ROWS, "seed": seed}})
    assert status == 202, ref
    while True:
        status, job = api.call("GET", "/api/jobs/%d" % ref["id"])
        if job["state"] in ("succeeded", "failed", "cancelled"):
            assert job["state"] == "succeeded", job
            return ref["id"], job
        time.sleep(0.2)


def cpu_seconds(pid):
    """utime + stime of a process, from /proc (Linux)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pollers(port, token, job_id, stop, counts):
    """CLIENTS threads that each GET /api/jobs/{id} once per POLL interval until `stop` is set."""
    def poll():
        c = Api(port, token)
        n = 0
        while not stop.is_set():
            c.call("GET", "/api/jobs/%d" % job_id)
            n += 1
            stop.wait(POLL)
        counts.append(n)

    threads = [threading.Thread(target=poll) for _ in range(CLIENTS)]
    for th in threads:
        th.start()
    return threads


def poll_cost(port, token, job_id, server_pid, seconds):
    """CPU milliseconds per status call: the server's (less what it spends idle in as long) and the clients'."""
    idle0 = cpu_seconds(server_pid)
    time.sleep(seconds)
    idle = cpu_seconds(server_pid) - idle0
    stop, counts = threading.Event(), []
    server0, client0 = cpu_seconds(server_pid), sum(os.times()[:2])
    threads = pollers(port, token, job_id, stop, counts)
    time.sleep(seconds)
    stop.set()
    for th in threads:
        th.join()
    calls = sum(counts)
    busy = cpu_seconds(server_pid) - server0
    return calls, idle * 1000 / seconds, (busy - idle) * 1000 / calls, (sum(os.times()[:2]) - client0) * 1000 / calls


def seconds(job):
    from datetime import datetime
    f = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (f(job["finished"]) - f(job["started"])).total_seconds()


def main():
    home = tempfile.mkdtemp(prefix="lmwb-bench-")
    env = dict(os.environ, LMWB_HOME=home, OMP_WAIT_POLICY="PASSIVE")
    env.setdefault("DJL_CACHE_DIR", os.path.expanduser("~/.lmwb/djl"))
    for k in ("LMWB_REMOTE", "LMWB_TOKEN"):
        env.pop(k, None)
    out = subprocess.run([LAUNCHER, "user", "add", "ada", "--role", "admin", "--json"], env=env, check=True,
                         capture_output=True, text=True).stdout
    token = json.loads(out)["token"]
    populate(home, RESULTS)
    port, ssh = free_port(), free_port()
    log = open(os.path.join(home, "serve.log"), "wb")
    server = subprocess.Popen([LAUNCHER, "serve", "--http-port", str(port), "--ssh-port", str(ssh)], env=env,
                              stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        api = Api(port, token)
        t = time.perf_counter()
        status, page = api.call("GET", "/api/results?limit=1")
        print("first query (imports %d result folders): %.1f s" % (RESULTS, time.perf_counter() - t))
        cursor = None
        for _ in range(0 if os.environ.get("LATENCY") == "0" else 100):
            status, page = api.call("GET", "/api/results?limit=50" + ("&cursor=" + cursor if cursor else ""))
            cursor = page["next_cursor"]
        for name, path in () if os.environ.get("LATENCY") == "0" else (("health (no token, no store)", "/api/health"),
                           ("one result (limit=1)", "/api/results?limit=1"),
                           ("first page (50)", "/api/results"),
                           ("model + user filter", "/api/results?model=e5-small-v2&user=mel"),
                           ("page 101 by cursor", "/api/results?cursor=" + cursor)):
            p50, p99 = latency(api, path)
            print("GET %-40s p50 %.1f ms  p99 %.1f ms" % (name, p50, p99))

        poll_seconds = float(os.environ.get("POLL_SECONDS", 20))
        if ROUNDS or poll_seconds:
            finished, _ = run_job(api, 1000)  # warm-up: model extraction, natives, JIT; then polled below
        if poll_seconds:
            poll_cost(port, token, finished, server.pid, 5)  # warm-up of the status call
            calls, idle_ms, server_ms, client_ms = poll_cost(port, token, finished, server.pid, poll_seconds)
            print("job status, %d clients, %d calls in %.0f s: server CPU %.2f ms per call (beyond its idle %.0f ms/s),"
                  " clients' CPU %.2f ms per call" % (CLIENTS, calls, poll_seconds, server_ms, idle_ms, client_ms))
        quiet, polled = [], []
        for r in range(ROUNDS):
            quiet.append(seconds(run_job(api, 2000 + 2 * r)[1]))
            stop = threading.Event()
            counts = []
            status, ref = api.call("POST", "/api/jobs", {"command": "rank", "args": {
                "dataset": "acceptability", "models": ["all-minilm-l6-v2"], "downsample": ROWS, "seed": 2001 + 2 * r}})
            job_id = ref["id"]
            threads = pollers(port, token, job_id, stop, counts)
            while True:
                status, job = api.call("GET", "/api/jobs/%d" % job_id)
                if job["state"] in ("succeeded", "failed", "cancelled"):
                    break
                time.sleep(0.2)
            stop.set()
            for th in threads:
                th.join()
            polled.append(seconds(job))
            print("round %d: quiet %.2f s, with %d pollers %.2f s (%d status calls)" % (
                r + 1, quiet[-1], CLIENTS, polled[-1], sum(counts)))
        if not quiet:
            return 0
        q, p = statistics.median(quiet), statistics.median(polled)
        print("embedding job (%d rows, all-minilm-l6-v2): median quiet %.2f s, polled %.2f s: slowdown %+.1f %%" % (
            ROWS, q, p, (p / q - 1) * 100))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
