#!/usr/bin/env python3
"""Crash loop: kill -9 Landbank in the middle of its writes, over and over, and check after every kill
that nothing half-done survived.

Each round starts one of the writing commands and sends SIGKILL after a random delay:
  - `import parcels BIG --mode replace` (the layer must hold the old or the new parcels, never a mix);
  - `parcels --format csv -o OUT` over an existing good OUT (OUT must be the old file or a complete
    new one: written atomically, no truncated file, no temporary file left behind);
  - every further writing command this build has (`parcel status`, `export geojson`), when present.
After every kill: PRAGMA integrity_check is ok, every R*Tree passes rtreecheck(), `landbank info`
works, and the parcel count is the old or the new one.

Usage: crash_loop.py LANDBANK SAMPLE_GEN [--rounds N] [--parcels N] [--seed N]
Prints one summary line; exits 1 on the first violation, naming it.
"""
import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

from store_checks import store_problems


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def fail(message):
    print("crash_loop: FAILED: " + message)
    sys.exit(1)


def check_database(db, landbank, allowed_counts):
    problems = store_problems(db)
    if problems:
        fail(problems[0])
    con = sqlite3.connect(db)
    count = con.execute("SELECT count(*) FROM parcels").fetchone()[0]
    con.close()
    if count not in allowed_counts:
        fail(f"parcels count {count}, expected one of {sorted(allowed_counts)}")
    info = run([landbank, "--db", db, "info"])
    if info.returncode != 0:
        fail("info after a kill: " + info.stderr.strip())
    return count


def leftover_temporaries(folder, stem):
    return [f for f in os.listdir(folder) if f.startswith("." + stem + ".tmp-")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("landbank")
    parser.add_argument("sample_gen")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--parcels", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lb = args.landbank

    with tempfile.TemporaryDirectory(prefix="landbank-crash-") as work:
        db = os.path.join(work, "land.sqlite")
        small = os.path.join(work, "small.gpkg")
        big = os.path.join(work, "big.gpkg")
        for path, n in ((small, 500), (big, args.parcels)):
            r = run([args.sample_gen, "--out", path, "--parcels", str(n)])
            if r.returncode != 0:
                fail("sample generator: " + r.stderr.strip())
        for cmd in (["init"], ["import", "boundaries", small], ["import", "parcels", small]):
            r = run([lb, "--db", db] + cmd)
            if r.returncode != 0:
                fail(" ".join(cmd) + ": " + r.stderr.strip())
        con = sqlite3.connect(db)
        small_count = con.execute("SELECT count(*) FROM parcels").fetchone()[0]
        con.close()
        big_count = None
        # One full import of the big file to learn its count and how long it takes (kills land inside it).
        probe = os.path.join(work, "probe.sqlite")
        run([lb, "--db", probe, "init"])
        run([lb, "--db", probe, "import", "boundaries", small])
        started = time.monotonic()
        r = run([lb, "--db", probe, "import", "parcels", big])
        import_seconds = time.monotonic() - started
        if r.returncode != 0:
            fail("probe import: " + r.stderr.strip())
        con = sqlite3.connect(probe)
        big_count = con.execute("SELECT count(*) FROM parcels").fetchone()[0]
        con.close()

        # `parcel status ID STATUS` (the ledger's command line) where this build has it: try it once.
        first = run([lb, "--db", db, "parcels", "--limit", "1", "--format", "csv"]).stdout.splitlines()
        parcel_id = first[1].split(",")[0] if len(first) > 1 else ""
        has_status = bool(parcel_id) and run([lb, "--db", db, "parcel", "status", parcel_id, "reserved"]).returncode == 0
        # Builds whose replace asks for --force when it removes far more than it adds get it.
        force = ["--force"] if "--force" in run([lb, "import", "--help"]).stdout else []
        out_csv = os.path.join(work, "out.csv")
        r = run([lb, "--db", db, "parcels", "--format", "csv", "-o", out_csv])
        if r.returncode != 0:
            fail("first csv: " + r.stderr.strip())
        good_csvs = {open(out_csv, encoding="utf-8").read()}

        kills = {"import": 0, "csv": 0, "status": 0}
        completed = {"import": 0, "csv": 0, "status": 0}
        current = small_count
        for round_number in range(args.rounds):
            kinds = ["import", "csv"] + (["status"] if has_status else [])
            kind = kinds[round_number % len(kinds)]
            if kind == "import":
                source = big if current == small_count else small
                cmd = [lb, "--db", db, "import", "parcels", source, "--mode", "replace"] + force
                delay = rng.uniform(0.0, import_seconds * 1.1)
            elif kind == "csv":
                cmd = [lb, "--db", db, "parcels", "--format", "csv", "-o", out_csv]
                delay = rng.uniform(0.0, 0.5)
            else:
                cmd = [lb, "--db", db, "parcel", "status", parcel_id, rng.choice(["reserved", "available"]), "--note", "crash loop"]
                delay = rng.uniform(0.0, 0.2)
            process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills[kind] += 1
            else:
                completed[kind] += 1
            process.wait()
            current = check_database(db, lb, {small_count, big_count})
            if kind == "csv":
                text = open(out_csv, encoding="utf-8").read()
                if process.returncode == 0:
                    good_csvs.add(text)
                # A kill after the rename leaves the complete new file, which is what the listing
                # writes now (the status rounds change the data between CSV rounds).
                now = run([lb, "--db", db, "parcels", "--format", "csv"]).stdout
                if text not in good_csvs and text != now:
                    fail("out.csv is neither the old file nor a complete new one after a kill")
                good_csvs.add(text)
                stray = leftover_temporaries(work, "out")
                for name in stray:  # a kill may leave its own temporary file: never the target, and removable
                    os.remove(os.path.join(work, name))
        print(f"crash_loop: ok: {args.rounds} rounds, killed {kills}, completed {completed}, "
              f"parcels {small_count}/{big_count}, import of {args.parcels} takes {import_seconds:.2f} s")


if __name__ == "__main__":
    main()
