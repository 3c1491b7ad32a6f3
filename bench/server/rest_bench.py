#!/usr/bin/env python3
"""REST API benchmark of `runtime/lmwb serve` (issue 15; a benchmark, not a timed test).

1. Latency of GET /api/results with 10,000 stored results: p50/p99 of the first page, a filtered page (one model,
   one user) and a deep page reached by cursor; one client, keep-alive connection, after a warm-up.
2. The cost of one job-status call: 50 clients poll a finished job (GET /api/jobs/{id}, each once per POLL_INTERVAL
   seconds) for POLL_SECONDS (default 20) while nothing runs; the server's CPU time (its JVM's utime + stime from
   /proc) and the clients' (this process) divided by the number of calls. CPU time, not wall time, so the figure
   holds on a loaded machine. First WARM_CALLS (default 20,000) status calls as fast as 4 clients go: the JIT compiles
   the call's path only after thousands of calls (at 50 calls/s that takes minutes, and a cold server's polled window
   measured mostly its C2 compiler threads). The server's idle CPU is measured in a window of the same length just before AND just
   after the polled one and their mean subtracted; when the two differ, the server did background work of its own
   (printed, with the threads that did it) and the per-call figure is not the polls' alone. Each window's CPU is also
   split by the server's threads (Jetty's request threads, GC, JIT compilers, H2, ...), from /proc/PID/task.
   TOKENS=N (default 1): the clients present N different tokens (N members made through POST /api/users, client i
   uses token i mod N) instead of all one admin token. BASELINE_LAUNCHER=PATH/runtime/lmwb: a second server of
   another build (its own fresh home, same results and users) is started beside this one and the poll-cost part
   alternates between the two POLL_REPEATS times (default 1), so both builds are measured side by side under the
   same load.
3. Slowdown of a running embedding while 50 clients poll job status (GET /api/jobs/{id}, each once per
   POLL_INTERVAL seconds, default 1): the job's own run time (started -> finished, from the server) of a rank job
   that embeds ROWS sentences with all-minilm-l6-v2, alternating quiet and polled runs (side by side, in this one
   server), each with a new seed so the embedding cache never serves it. The clients run on the same machine as
   the server, so their own CPU time is part of what the job loses.

    python3 bench/server/rest_bench.py            # ROUNDS=3 ROWS=1000 POLL_INTERVAL=1 RESULTS=10000 REQUESTS=200
                                                  # LATENCY=0: no latency part; ROUNDS=0: no slowdown part;
                                                  # POLL_SECONDS=0: no poll-cost part; TOKENS=50: 50 tokens
    TOKENS=50 LATENCY=0 ROUNDS=0 BASELINE_LAUNCHER=/tmp/old/runtime/lmwb python3 bench/server/rest_bench.py

Needs the built runtime. Prints one line per measurement and a summary; README figures come from it.
"""
import collections
import http.client
import json
import os
import random
import re
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
TOKENS = int(os.environ.get("TOKENS", 1))
POLL_SECONDS = float(os.environ.get("POLL_SECONDS", 20))
BASELINE = os.environ.get("BASELINE_LAUNCHER")
CLK = os.sysconf("SC_CLK_TCK")
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
    def __init__(self, port, token, timeout=120):
        self.port, self.token, self.timeout = port, token, timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

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
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
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
    """utime + stime of a process, from /proc (Linux); it includes the threads that have ended."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def thread_group(name):
    """The kind of a JVM thread, from its name as Linux keeps it (15 characters): numbers dropped, Jetty's pool
    threads (qtp<hash>-<n>) one group."""
    if name.startswith("qtp"):
        return "jetty request threads"
    return re.sub(r"[-#\s]*\d+$", "", name) or name


def thread_seconds(pid):
    """CPU seconds of each live thread of a process, by thread id: (group, seconds)."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:  # the thread ended meanwhile
            continue
        fields = stat.rsplit(")", 1)[1].split()
        out[tid] = (thread_group(stat[stat.index("(") + 1:stat.rindex(")")]),
                    (int(fields[11]) + int(fields[12])) / CLK)
    return out


def cpu_window(pid, seconds, start=None):
    """The server's CPU seconds over `seconds` (during `start()`'s load, if given, which returns its stop function):
    the total and a Counter by thread group (threads that ended in the window count as 'ended threads')."""
    threads0, total0 = thread_seconds(pid), cpu_seconds(pid)
    stop = start() if start else None
    time.sleep(seconds)
    result = stop() if stop else None
    threads1, total1 = thread_seconds(pid), cpu_seconds(pid)
    groups = collections.Counter()
    for tid, (group, sec) in threads1.items():
        groups[group] += sec - threads0.get(tid, (group, 0.0))[1]
    ended = sorted({group for tid, (group, _) in threads0.items() if tid not in threads1})
    groups["ended threads" + (" (%s)" % ", ".join(ended) if ended else "")] += max(
        0.0, (total1 - total0) - sum(groups.values()))
    return total1 - total0, groups, result


def pollers(port, tokens, job_id, stop, counts):
    """CLIENTS threads that each GET /api/jobs/{id} once per POLL interval until `stop` is set; client i presents
    tokens[i mod len(tokens)]."""
    def poll(token):
        c = Api(port, token)
        n = 0
        while not stop.is_set():
            status, _ = c.call("GET", "/api/jobs/%d" % job_id)
            assert status == 200, status
            n += 1
            stop.wait(POLL)
        counts.append(n)

    threads = [threading.Thread(target=poll, args=(tokens[i % len(tokens)],)) for i in range(CLIENTS)]
    for th in threads:
        th.start()
    return threads


def warm_status_call(server, calls):
    """`calls` status calls as fast as 4 clients go: the JIT compiles the status call's path (Jetty, the token check,
    the queue, JSON) only after thousands of calls; at 50 calls/s the polled window would otherwise pay for it."""
    done = []

    def run(i):
        c = Api(server.port, server.tokens[i % len(server.tokens)])
        for _ in range(calls // 4):
            assert c.call("GET", "/api/jobs/%d" % server.finished)[0] == 200
        done.append(1)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(done) == 4
    print("%s: %d status calls to warm the server up: %.0f s" % (server.name, calls, time.perf_counter() - t))


def poll_cost(server, seconds, verbose=True):
    """CPU milliseconds per status call: the server's, less its idle CPU (the mean of an idle window just before and
    one just after the polled window, each as long), and the clients'. Prints the windows' split by thread."""
    def load():
        stop, counts = threading.Event(), []
        client0 = sum(os.times()[:2])
        threads = pollers(server.port, server.tokens, server.finished, stop, counts)

        def end():
            stop.set()
            for th in threads:
                th.join()
            return sum(counts), sum(os.times()[:2]) - client0
        return end

    idle_before, g_before, _ = cpu_window(server.pid, seconds)
    busy, g_busy, (calls, clients) = cpu_window(server.pid, seconds, load)
    idle_after, g_after, _ = cpu_window(server.pid, seconds)
    idle = (idle_before + idle_after) / 2
    per_call = (busy - idle) * 1000 / calls
    if verbose:
        print("%s: job status, %d clients, %d token(s), %d calls in %.0f s: server CPU %.2f ms per call (idle %.0f ms/s "
              "before, %.0f ms/s after), clients' CPU %.2f ms per call" % (
                  server.name, CLIENTS, len(server.tokens), calls, seconds, per_call, idle_before * 1000 / seconds,
                  idle_after * 1000 / seconds, clients * 1000 / calls))
        groups = sorted(set(g_busy) | set(g_before) | set(g_after), key=lambda g: -g_busy[g])
        rows = ["%s %.0f/%.0f/%.0f" % (g, g_before[g] * 1000, g_busy[g] * 1000, g_after[g] * 1000) for g in groups
                if max(g_before[g], g_busy[g], g_after[g]) >= 0.05]
        print("  server CPU ms by thread (idle before / polled / idle after, %.0f s each): %s" % (
            seconds, "; ".join(rows)))
        if abs(idle_before - idle_after) * 1000 / seconds > 20:
            print("  note: the idle windows differ by %.0f ms/s: the server did work of its own meanwhile, so the "
                  "per-call figure is not the polls' alone" % (abs(idle_before - idle_after) * 1000 / seconds))
    return calls, per_call


def seconds(job):
    from datetime import datetime
    f = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (f(job["finished"]) - f(job["started"])).total_seconds()


class Server:
    """One `lmwb serve` of a build (its launcher) on a fresh home with RESULTS stored results and an admin."""

    def __init__(self, name, launcher, servers):
        """Starts the server and adds it to `servers` (which main stops at the end) before anything can fail."""
        self.name, self.launcher = name, launcher
        self.home = tempfile.mkdtemp(prefix="lmwb-bench-")
        self.env = dict(os.environ, LMWB_HOME=self.home, OMP_WAIT_POLICY="PASSIVE")
        self.env.setdefault("DJL_CACHE_DIR", os.path.expanduser("~/.lmwb/djl"))
        for k in ("LMWB_REMOTE", "LMWB_TOKEN"):
            self.env.pop(k, None)
        out = subprocess.run([launcher, "user", "add", "ada", "--role", "admin", "--json"], env=self.env, check=True,
                             capture_output=True, text=True).stdout
        self.token = json.loads(out)["token"]
        self.tokens = [self.token]
        self.finished = None
        populate(self.home, RESULTS)
        self.port, ssh = free_port(), free_port()
        log = open(os.path.join(self.home, "serve.log"), "wb")
        self.proc = subprocess.Popen([launcher, "serve", "--http-port", str(self.port), "--ssh-port", str(ssh)],
                                     env=self.env, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        self.pid = self.proc.pid
        servers.append(self)
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        self.api = Api(self.port, self.token)
        t = time.perf_counter()
        Api(self.port, self.token, timeout=1800).call("GET", "/api/results?limit=1")
        print("%s: first query (imports %d result folders): %.1f s" % (name, RESULTS, time.perf_counter() - t))

    def members(self, n):
        """n members made through the API, each with its own token; the pollers present them."""
        if n <= 1:
            return
        self.tokens = []
        for i in range(n):
            status, issued = self.api.call("POST", "/api/users", {"name": "poller%02d" % i, "role": "member"})
            assert status == 201, issued
            self.tokens.append(issued["token"])

    def stop(self):
        os.killpg(self.pid, signal.SIGTERM)
        self.proc.wait(timeout=60)
        shutil.rmtree(self.home, ignore_errors=True)


def main():
    servers = []
    try:
        server = Server("this build" if BASELINE else "server", LAUNCHER, servers)
        api = server.api
        if BASELINE:
            Server("baseline " + os.path.dirname(os.path.dirname(os.path.abspath(BASELINE))), BASELINE, servers)
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

        if ROUNDS or POLL_SECONDS:
            for s in servers:  # warm-up: model extraction, natives, JIT; then polled below
                s.finished, _ = run_job(s.api, 1000)
                s.members(TOKENS)
        if POLL_SECONDS:
            for s in servers:
                warm_status_call(s, int(os.environ.get("WARM_CALLS", 20000)))
                poll_cost(s, 5, verbose=False)  # each token presented by its poller once
            figures = collections.defaultdict(list)
            for _ in range(int(os.environ.get("POLL_REPEATS", 1))):
                for s in servers:
                    figures[s.name].append(poll_cost(s, POLL_SECONDS)[1])
            if len(servers) > 1:
                print("server CPU per status call, %d clients with %d token(s): %s" % (CLIENTS, TOKENS, "; ".join(
                    "%s %s ms" % (n, "/".join("%.2f" % x for x in xs)) for n, xs in figures.items())))
        quiet, polled = [], []
        for r in range(ROUNDS):
            quiet.append(seconds(run_job(api, 2000 + 2 * r)[1]))
            stop = threading.Event()
            counts = []
            status, ref = api.call("POST", "/api/jobs", {"command": "rank", "args": {
                "dataset": "acceptability", "models": ["all-minilm-l6-v2"], "downsample": ROWS, "seed": 2001 + 2 * r}})
            job_id = ref["id"]
            threads = pollers(server.port, server.tokens, job_id, stop, counts)
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
        for s in servers:
            s.stop()


if __name__ == "__main__":
    sys.exit(main())
