#!/usr/bin/env python3
"""Script tests of the real launcher (runtime/lmwb), run by `mvn verify` of the runtime module (issue 13).

Each test uses its own LMWB_HOME, plug-in folder (LMWB_DEPLOY) and TMPDIR, so the Felix storage folders a
run leaves behind can be counted and other runs on the machine are never touched. Ctrl-C is sent the way a
terminal sends it: byte 0x03 on the pseudo-terminal the launcher runs in. The time bounds (exit within 10 s
of Ctrl-C / SIGTERM) are functional checks that cancellation works, not performance thresholds: the
cooperative cancellation stops within a second or two, and the launcher's grace period is 5 s.

    python3 runtime/test/launcher_test.py [-k NAME]
"""
import glob
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# LMWB_LAUNCHER points the tests at another checkout's launcher (to see them fail on an older one).
LAUNCHER = os.environ.get("LMWB_LAUNCHER", os.path.join(ROOT, "runtime", "lmwb"))
GBC_JARS = glob.glob(os.path.join(ROOT, "bundles", "lmwb.example.gbc", "target", "lmwb.example.gbc-*.jar"))


def write_npy(path, dtype, shape, values):
    """A minimal .npy (format 1.0) writer, so the tests need no numpy."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        dtype, ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else ""))
    header += " " * (63 - (len(header) + 10) % 64) + "\n"
    fmt = {"<f4": "f", "<i8": "q"}[dtype]
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<%d%s" % (len(values), fmt), *values))


def read_quietly(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


class LauncherTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="lmwb-launcher-test.")
        self.home = os.path.join(self.work, "home")
        self.deploy = os.path.join(self.work, "deploy")
        self.tmp = os.path.join(self.work, "tmp")
        for d in (self.home, self.deploy, self.tmp):
            os.makedirs(d)
        self.env = dict(os.environ, LMWB_HOME=self.home, LMWB_DEPLOY=self.deploy, TMPDIR=self.tmp,
                        OMP_WAIT_POLICY="PASSIVE")
        self.env.pop("LMWB_DEBUG", None)
        self.env.pop("LMWB_REBUILD", None)
        # The PyTorch natives are 440 MB; share the extracted copy of the user (or CI) instead of unpacking again.
        self.env.setdefault("DJL_CACHE_DIR", os.path.join(os.path.expanduser("~"), ".lmwb", "djl"))

    def tearDown(self):
        shutil.rmtree(self.work, ignore_errors=True)

    def lmwb(self, *args, timeout=120):
        return subprocess.run([LAUNCHER, *args], env=self.env, capture_output=True, text=True, timeout=timeout)

    def storage_folders(self):
        return glob.glob(os.path.join(self.tmp, "lmwb-felix.*"))

    # Items 5 and 16: one-shot commands see deployed plug-ins and the shell's help, every time.

    @unittest.skipUnless(GBC_JARS, "build bundles/lmwb.example.gbc first")
    def test_deployed_plugin_is_used_by_one_shot_commands(self):
        shutil.copy(GBC_JARS[0], os.path.join(self.deploy, "lmwb.example.gbc.jar"))
        for attempt in range(3):
            r = self.lmwb("estimators", "--json")
            self.assertEqual(0, r.returncode, r.stderr)
            names = [e["name"] for e in json.loads(r.stdout)]
            self.assertIn("example-gbc", names, "run %d: the deployed plug-in is missing from estimators: %s" % (attempt, r.stderr))
        # Two well separated classes of 2-d points: GBC (minus the Bhattacharyya overlap) must be finite.
        x = [0, 0, 0.1, 0.2, 0.2, 0.1, 0.1, 0.0, 5, 5, 5.1, 5.2, 5.2, 5.1, 5.0, 5.1]
        write_npy(os.path.join(self.work, "x.npy"), "<f4", (8, 2), x)
        write_npy(os.path.join(self.work, "y.npy"), "<i8", (8,), [0, 0, 0, 0, 1, 1, 1, 1])
        r = self.lmwb("estimate", "--embeddings", os.path.join(self.work, "x.npy"),
                      "--labels", os.path.join(self.work, "y.npy"), "--estimator", "example-gbc", "--json")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("example-gbc", r.stdout)
        self.assert_storage_removed()

    def test_help_is_found_in_every_run(self):
        for attempt in range(4):
            for args in (("help", "rank"), ("rank", "--help")):
                r = self.lmwb(*args)
                self.assertEqual(0, r.returncode, "run %d of %s: %s" % (attempt, args, r.stderr))
                self.assertNotIn("Command not found", r.stderr + r.stdout)
                self.assertIn("--downsample", r.stdout)

    # Issue 14: a command run without its argument gets lmwb's one usage line (not Gogo's), once, exit 2.

    def test_a_missing_argument_is_one_line_naming_it(self):
        r = self.lmwb("dataset")
        self.assertEqual(2, r.returncode, r.stderr)
        self.assertEqual("lmwb: error: dataset needs an argument: catalogue name (see lmwb:datasets) or path to a file "
                         "or directory; run 'runtime/lmwb help dataset'\n", r.stderr)
        self.assertEqual("", r.stdout)

    # Item 6: a broken jar never puts anything on stdout.

    def test_broken_jars_keep_json_output_clean(self):
        with zipfile.ZipFile(os.path.join(self.deploy, "bad-version.jar"), "w") as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
                       "Bundle-SymbolicName: lmwb.fixture.badversion\r\nBundle-Version: one.two\r\n\r\n")
        with open(os.path.join(self.deploy, "random-bytes.jar"), "wb") as f:
            f.write(bytes((i * 7919 + 13) % 256 for i in range(4096)))
        self.write_throwing_activator_jar(os.path.join(self.deploy, "throwing-activator.jar"))
        for command in (("plugins", "--json"), ("estimators", "--json")):
            r = self.lmwb(*command)
            self.assertEqual(0, r.returncode, r.stderr)
            try:
                doc = json.loads(r.stdout)
            except ValueError as e:
                self.fail("%s: stdout is not JSON (%s): %r" % (" ".join(command), e, r.stdout[:500]))
            self.assertNotRegex(r.stderr, r"\n\s+at [a-z]", "no stack traces for users (LMWB_DEBUG shows them)")
            if command[0] == "plugins":
                errors = {os.path.basename(p["location"]): " ".join(p["errors"]) for p in doc if p["origin"] == "deploy"}
                self.assertIn("bad Bundle-Version 'one.two'", errors.get("bad-version.jar", ""), doc)
                self.assertIn("not a jar file", errors.get("random-bytes.jar", ""), doc)
                self.assertIn("activator fails on purpose", errors.get("throwing-activator.jar", ""), doc)

    # Item 17: the first command of a fresh runtime does not pay for a class-metadata collection.

    def test_first_command_starts_no_metadata_collection(self):
        # Before the launcher raised -XX:MetaspaceSize, start-up filled about 20 MB of class metadata and the first
        # command's classes crossed the JDK's 21 MB threshold: the JVM logged "Pause Young (Concurrent Start)
        # (Metadata GC Threshold)" and a remark pause during the first estimator call (bench/estimators/RESULTS.md).
        # The GC log is what the JVM itself reports; it needs no timing.
        write_npy(os.path.join(self.work, "x.npy"), "<f4", (40, 8), [float((i * 37) % 11) for i in range(320)])
        write_npy(os.path.join(self.work, "y.npy"), "<i8", (40,), [i % 2 for i in range(40)])
        gc_log = os.path.join(self.work, "gc.log")
        self.env["LMWB_JAVA_OPTS"] = "-Xlog:gc:file=%s" % gc_log
        r = self.lmwb("estimate", "--embeddings", os.path.join(self.work, "x.npy"),
                      "--labels", os.path.join(self.work, "y.npy"), "--estimator", "knn", "--json")
        self.assertEqual(0, r.returncode, r.stderr)
        log = read_quietly(gc_log).decode("utf-8", "replace")
        self.assertIn("Using G1", log, "the GC log was not written")
        self.assertNotIn("Metadata GC Threshold", log)

    def test_runtime_starts_with_a_1g_heap_unless_the_user_sizes_it(self):
        # With the JDK's default initial heap (1/64 of RAM) G1's young generation started at about 19 MB: start-up ran
        # 4-5 young collections and in 3 of 10 fresh runtimes the first estimator call carried one more (10-25 ms of
        # a 50 ms call on 2 cores); with -Xms1g start-up ran 2 and no first call carried one (10 of 10;
        # bench/estimators/RESULTS.md). The JVM's own gc+init log says what heap it got: no timing involved.
        gc_log = os.path.join(self.work, "gc-init.log")
        self.env["LMWB_JAVA_OPTS"] = "-Xlog:gc+init:file=%s" % gc_log
        r = self.lmwb("estimators", "--json")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("Heap Initial Capacity: 1G", read_quietly(gc_log).decode("utf-8", "replace"))
        # A heap size of the user's own replaces it: -Xms1g beside -Xmx512m would stop the JVM at start ("Initial
        # heap size set to a larger value than the maximum heap size").
        self.env["LMWB_JAVA_OPTS"] = "-Xmx512m -Xlog:gc+init:file=%s" % gc_log
        r = self.lmwb("estimators", "--json")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("Heap Max Capacity: 512M", read_quietly(gc_log).decode("utf-8", "replace"))

    # Item 7: two copies of one plug-in already in the folder at start: exactly one installs, the other is refused.

    def write_copy_jar(self, path, content):
        """A bundle with no code; `Lmwb-Fixture-Copy` tells the copies apart (same symbolic name and version)."""
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
                       "Bundle-SymbolicName: lmwb.fixture.copy\r\nBundle-Version: 1.0.0\r\n"
                       "Lmwb-Fixture-Copy: %s\r\n\r\n" % content)

    def test_two_copies_at_start_install_exactly_one(self):
        # FileInstall's scan order (a HashSet of Files) is not the name order: before the fix (main at fccf4bc) the
        # bundle was installed from copy-b.jar, FileInstall then updated it with copy-a.jar's content, and copy-a.jar
        # was listed as FAILED(NOT INSTALLED). Now the file name that sorts first is used (README.md, "Writing and
        # deploying a plug-in") and the other is listed as refused.
        for name in ("copy-b.jar", "copy-a.jar"):
            self.write_copy_jar(os.path.join(self.deploy, name), name)
        for command in (("plugins", "--json"), ("plugins",)):
            r = self.lmwb(*command)
            self.assertEqual(0, r.returncode, r.stderr)
            if command[-1] != "--json":
                self.assertIn("FAILED(REFUSED)", r.stdout)
                continue
            rows = [p for p in json.loads(r.stdout) if p["bundle"] == "lmwb.fixture.copy"]
            by_file = {os.path.basename(p["location"]): p for p in rows}
            self.assertEqual({"copy-a.jar", "copy-b.jar"}, set(by_file), rows)
            used, refused = by_file["copy-a.jar"], by_file["copy-b.jar"]
            self.assertNotEqual("-", used["id"], "copy-a.jar must be the installed bundle: %s" % rows)
            self.assertEqual([], used["errors"], rows)
            self.assertEqual("FAILED(REFUSED)", refused["state"], rows)
            # Which of the two reasons depends on FileInstall's scan order: copy-b.jar seen first is refused because
            # copy-a.jar sorts first; copy-a.jar seen first is installed and copy-b.jar is then a copy of it.
            self.assertEqual(1, len(refused["errors"]), rows)
            self.assertRegex(refused["errors"][0], r"^copy-b\.jar: refused: a second copy of lmwb\.fixture\.copy 1\.0\.0; "
                             r"(bundle \d+ from copy-a\.jar stays active|copy-a\.jar is used \(of copies found together, the "
                             r"file name that sorts first\))\. Remove copy-b\.jar, or give it a higher Bundle-Version to "
                             r"install it beside the (active|used) one$")
        r = self.lmwb("felix:headers", str(int(used["id"])))
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertIn("Lmwb-Fixture-Copy = copy-a.jar", r.stdout, "the installed bundle must have copy-a.jar's content")

    def write_throwing_activator_jar(self, path):
        """A bundle whose activator throws, compiled here against two stub OSGi interfaces (same signatures)."""
        src = os.path.join(self.work, "src")
        classes = os.path.join(self.work, "classes")
        os.makedirs(os.path.join(src, "org", "osgi", "framework"))
        os.makedirs(os.path.join(src, "fixture"))
        os.makedirs(classes)
        stubs = {"org/osgi/framework/BundleContext.java": "package org.osgi.framework; public interface BundleContext {}",
                 "org/osgi/framework/BundleActivator.java": "package org.osgi.framework; public interface BundleActivator {"
                 " void start(BundleContext c) throws Exception; void stop(BundleContext c) throws Exception; }",
                 "fixture/Throwing.java": "package fixture; public class Throwing implements org.osgi.framework.BundleActivator {"
                 " public void start(org.osgi.framework.BundleContext c) { throw new IllegalStateException(\"activator fails on purpose\"); }"
                 " public void stop(org.osgi.framework.BundleContext c) { } }"}
        for name, text in stubs.items():
            with open(os.path.join(src, name), "w") as f:
                f.write(text)
        subprocess.run(["javac", "--release", "17", "-d", classes, *[os.path.join(src, n) for n in stubs]], check=True)
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\n"
                       "Bundle-SymbolicName: lmwb.fixture.throwing.activator\r\nBundle-Version: 1.0.0\r\n"
                       "Import-Package: org.osgi.framework\r\nBundle-Activator: fixture.Throwing\r\n\r\n")
            z.write(os.path.join(classes, "fixture", "Throwing.class"), "fixture/Throwing.class")

    # Items 1 and 2: Ctrl-C, SIGTERM and kill -9.

    def long_rank(self):
        """A rank that embeds for a while: 4,000 distinct sentences through MiniLM, nothing cached yet."""
        words = "good bad fine awful great poor nice dull bright grim calm loud".split()
        path = os.path.join(self.work, "sentences.csv")
        with open(path, "w") as f:
            f.write("text,label\n")
            for i in range(4000):
                w = [words[(i * k + k) % len(words)] for k in range(1, 14)]
                f.write("%s number %d is %s,%d\n" % (" ".join(w), i, w[0], i % 2))
        return ["rank", "--dataset", path, "--models", "all-minilm-l6-v2"]

    def start_in_terminal(self, args):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(LAUNCHER, [LAUNCHER, *args], self.env)
        return pid, fd

    @staticmethod
    def read_chunk(fd, wait):
        """The pty's next output within `wait` s: bytes, b"" when nothing came yet, None once it is closed."""
        if not select.select([fd], [], [], wait)[0]:
            return b""
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return None
        return chunk or None

    def read_until(self, fd, pattern, timeout):
        seen = b""
        deadline = time.time() + timeout
        while time.time() < deadline:
            chunk = self.read_chunk(fd, 0.5)
            if chunk is None:
                break
            seen += chunk
            if chunk and re.search(pattern, seen):
                return seen
        self.fail("no %r within %d s; output: %r" % (pattern, timeout, seen[-2000:]))

    def wait_exit(self, pid, fd, timeout):
        deadline = time.time() + timeout
        output = b""
        while time.time() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                # drain what the process wrote before it ended (the pty keeps it until read)
                while chunk := self.read_chunk(fd, 0.5):
                    output += chunk
                return os.waitstatus_to_exitcode(status), output
            output += self.read_chunk(fd, 0.2) or b""
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        self.fail("the launcher was still running %d s after the signal; output: %r" % (timeout, output[-2000:]))

    def assert_cancelled(self, code, expected, output):
        self.assertEqual(expected, code, output[-2000:])
        text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        self.assertIn("lmwb: cancelled", text, text[-2000:])
        # one line for the user, never a stack trace (a race in the shutdown hook once printed a
        # ConcurrentModificationException with its frames)
        self.assertNotIn("Exception", text, text[-2000:])
        self.assertNotIn("\tat ", text, text[-2000:])
        self.assertEqual([], glob.glob(os.path.join(self.home, "results", "*")), "a cancelled rank must store nothing")
        self.assert_storage_removed()

    def assert_storage_removed(self):
        """The JVM removes its storage at exit, the launcher's watcher within a second after it."""
        deadline = time.time() + 5
        while self.storage_folders() and time.time() < deadline:
            time.sleep(0.2)
        left = [os.path.join(d, f) for folder in self.storage_folders() for d, ds, fs in os.walk(folder) for f in ds + fs]
        self.assertEqual([], self.storage_folders(), "the Felix storage folder must be removed; left: %s" % left[:20])

    def test_ctrl_c_in_a_terminal_cancels_a_one_shot_command(self):
        pid, fd = self.start_in_terminal(self.long_rank())
        self.read_until(fd, rb"embed", 180)
        os.write(fd, b"\x03")
        sent = time.time()
        code, output = self.wait_exit(pid, fd, 10)
        print("\nCtrl-C: launcher exited %d after %.1f s" % (code, time.time() - sent), file=sys.stderr)
        self.assert_cancelled(code, 130, output)

    def test_sigterm_cancels_a_one_shot_command(self):
        pid, fd = self.start_in_terminal(self.long_rank())
        self.read_until(fd, rb"embed", 180)
        os.kill(pid, signal.SIGTERM)
        sent = time.time()
        code, output = self.wait_exit(pid, fd, 10)
        print("\nSIGTERM: launcher exited %d after %.1f s" % (code, time.time() - sent), file=sys.stderr)
        self.assert_cancelled(code, 143, output)

    def test_kill_9_leaves_no_jvm_and_no_storage(self):
        proc = subprocess.Popen([LAUNCHER, *self.long_rank()], env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        deadline = time.time() + 180
        while not self.storage_folders() or not glob.glob(os.path.join(self.storage_folders()[0], "framework", "bundle*")):
            self.assertLess(time.time(), deadline, "the runtime did not start")
            time.sleep(0.2)
        stale = self.storage_folders()[0]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stderr.close()
        # The launcher execs the JVM, so killing the launcher's PID killed the JVM: nothing runs with its storage.
        time.sleep(0.5)
        users = [p for p in glob.glob("/proc/[0-9]*/cmdline") if stale.encode() in read_quietly(p)]
        self.assertEqual([], users, "a JVM outlived its killed launcher")
        # The launcher's watcher removes the folder of the killed run.
        self.assert_storage_removed()

    def test_next_start_removes_only_storage_whose_owner_is_gone(self):
        # What a run leaves when its watcher was killed too: a folder whose recorded owner no longer exists.
        gone = subprocess.Popen(["true"])
        gone.wait()
        stale = os.path.join(self.tmp, "lmwb-felix.stale")
        os.makedirs(os.path.join(stale, "framework", "bundle0"))
        with open(os.path.join(stale, "lmwb-owner.pid"), "w") as f:
            f.write(str(gone.pid))
        # A folder whose owner is alive (this test process) must survive the next start's clean-up.
        alive = os.path.join(self.tmp, "lmwb-felix.alive")
        os.makedirs(alive)
        with open(os.path.join(alive, "lmwb-owner.pid"), "w") as f:
            f.write(str(os.getpid()))
        r = self.lmwb("estimators")
        self.assertEqual(0, r.returncode, r.stderr)
        self.assertFalse(os.path.exists(stale), "the next start must remove the dead run's storage")
        self.assertTrue(os.path.isdir(alive), "a live run's storage must never be removed")


if __name__ == "__main__":
    if not os.path.isfile(os.path.join(os.path.dirname(LAUNCHER), "target", "lmwb.jar")):
        sys.exit("runtime/target/lmwb.jar is missing: run 'mvn -DskipTests package' first")
    unittest.main(verbosity=2)
