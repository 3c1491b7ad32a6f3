#!/usr/bin/env python3
"""Script tests of `runtime/lmwb user ...` through the real launcher on the local database (issue 15).

Each test uses a fresh LMWB_HOME, so the embedded H2 database LMWB_HOME/db/lmwb is created and migrated by the
run itself. Needs the built runtime (runtime/target/lmwb.jar).

    python3 runtime/test/users_test.py [-k NAME]
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LAUNCHER = os.environ.get("LMWB_LAUNCHER", os.path.join(ROOT, "runtime", "lmwb"))
TOKEN = re.compile(r"^lmwb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$")
# generated with ssh-keygen -t ed25519 -C alice@laptop (public half only)
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMMieCVKpfn4oHLaMrV7xJE/IPW8Cl6+SoFlq+lmHmWy alice@laptop"


class UserCommandTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="lmwb-users-test-")
        self.env = dict(os.environ, LMWB_HOME=self.home, OMP_WAIT_POLICY="PASSIVE")
        self.env.setdefault("DJL_CACHE_DIR", os.path.expanduser("~/.lmwb/djl"))
        self.env.pop("LMWB_REBUILD", None)

    def tearDown(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def lmwb(self, *args):
        p = subprocess.run([LAUNCHER, *args], env=self.env, capture_output=True, text=True, timeout=300)
        return p.returncode, p.stdout, p.stderr

    def test_add_prints_the_token_once_and_list_shows_the_user(self):
        rc, out, err = self.lmwb("user", "add", "alice", "--role", "admin", "--json")
        self.assertEqual(0, rc, err)
        doc = json.loads(out)
        self.assertEqual({"user", "role", "token"}, set(doc))
        self.assertEqual(("alice", "admin"), (doc["user"], doc["role"]))
        self.assertRegex(doc["token"], TOKEN)
        self.assertNotIn(doc["token"], err, "the token goes to stdout only")
        self.assertTrue(os.path.isfile(os.path.join(self.home, "db", "lmwb.mv.db")))
        with open(os.path.join(self.home, "db", "lmwb.mv.db"), "rb") as f:
            self.assertNotIn(doc["token"].encode(), f.read(), "the database holds a hash, not the token")

        rc, out, err = self.lmwb("user", "list")
        self.assertEqual(0, rc, err)
        self.assertRegex(out, r"(?m)^USER\s+ROLE\s+CREATED\s+SSH KEYS$")
        self.assertRegex(out, r"(?m)^alice\s+admin\s+\d{4}-")
        self.assertNotIn(doc["token"], out, "list never shows tokens")

        key = os.path.join(self.home, "bob.pub")
        with open(key, "w") as f:
            f.write(ED25519 + "\n")
        rc, out, err = self.lmwb("user", "add", "bob", "--role", "member", "--ssh-key", key)
        self.assertEqual(0, rc, err)
        self.assertTrue(out.startswith("user bob added (role member, 1 ssh key)\ntoken: lmwb_"), out)
        rc, out, err = self.lmwb("user", "list", "--json")
        self.assertEqual([("alice", "admin", 0), ("bob", "member", 1)],
                         [(u["user"], u["role"], u["ssh_keys"]) for u in json.loads(out)])

        rc, out, err = self.lmwb("user", "token", "bob", "--json")
        self.assertEqual(0, rc, err)
        self.assertRegex(json.loads(out)["token"], TOKEN)
        rc, out, err = self.lmwb("user", "remove", "bob")
        self.assertEqual((0, "user bob removed"), (rc, out.strip()), err)

    def test_bad_input_gets_one_line_and_a_non_zero_exit(self):
        self.assertEqual(0, self.lmwb("user", "add", "alice", "--role", "admin")[0])
        cases = [
            (["user", "add", "alice", "--role", "viewer"], 1, "lmwb: error: user 'alice' already exists;"),
            (["user", "add", "carol", "--role", "boss"], 2,
             "lmwb: error: unknown role 'boss'; use one of: admin, member, viewer"),
            (["user", "add", "Carol", "--role", "viewer"], 2, "lmwb: error: bad user name 'Carol': "),
            (["user", "remove", "dave"], 2, "lmwb: error: no user 'dave'; users: alice"),
            (["user", "token", "dave"], 2, "lmwb: error: no user 'dave'; users: alice"),
            (["user", "add", "carol", "--role", "member", "--ssh-key", "/nonexistent/carol.pub"], 2,
             "lmwb: error: ssh key file /nonexistent/carol.pub does not exist;"),
        ]
        for args, code, start in cases:
            rc, out, err = self.lmwb(*args)
            self.assertEqual(code, rc, (args, err))
            self.assertEqual("", out, args)
            lines = err.strip().splitlines()
            self.assertEqual(1, len(lines), (args, err))
            self.assertTrue(lines[0].startswith(start), (args, err))
        rc, out, err = self.lmwb("user", "list", "--json")
        self.assertEqual(["alice"], [u["user"] for u in json.loads(out)], "nothing half-added")

    def test_the_database_works_while_another_process_holds_it(self):
        """Another JVM (here H2's own shell) holds the database open, as a running 'lmwb serve' does: the local
        command still works on it (H2's AUTO_SERVER in the default URL; before, it failed with 'in use')."""
        jars = sorted(glob.glob(os.path.expanduser("~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar")))
        if not jars:
            self.skipTest("H2 2.3.232 not in the local Maven repository")
        self.assertEqual(0, self.lmwb("user", "list")[0])
        url = "jdbc:h2:file:" + os.path.join(self.home, "db", "lmwb") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0"
        holder = subprocess.Popen(["java", "-cp", jars[0], "org.h2.tools.Shell", "-url", url, "-user", "sa",
                                   "-password", ""], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        try:
            holder.stdin.write("SELECT COUNT(*) FROM users;\n")
            holder.stdin.flush()
            deadline = time.time() + 60
            seen = ""
            while time.time() < deadline and "(1 row" not in seen:
                seen += holder.stdout.readline()
            self.assertIn("(1 row", seen, seen)
            rc, out, err = self.lmwb("user", "add", "carol", "--role", "member")
            self.assertEqual(0, rc, err)
            rc, out, err = self.lmwb("user", "list")
            self.assertEqual(0, rc, err)
            self.assertIn("carol", out)
            holder.stdin.write("SELECT name FROM users;\n")
            holder.stdin.flush()
            seen = ""
            while time.time() < deadline and "row" not in seen:
                seen += holder.stdout.readline()
            self.assertIn("carol", seen, "the holder sees the row the local command added")
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
            holder.stdout.close()

if __name__ == "__main__":
    if not os.path.isfile(os.path.join(ROOT, "runtime", "target", "lmwb.jar")):
        sys.exit("build the runtime first: mvn -B -o -DskipTests package")
    unittest.main()
