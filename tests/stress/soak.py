#!/usr/bin/env python3
"""Concurrency soak: one importer replacing the parcels layer back and forth between two files,
several readers listing parcels, (when this build has `parcel status`) an editor changing a
parcel's status, and (with --viewer) the viewer opening the database, loading every layer and
rendering a screenshot over and over (what its reload does), all at once against one database.

What must hold: no command fails with "database is locked" or any other error; every reader sees the
old or the new layer, never a mix (its count is one of the two files' counts); and at the end the
database passes integrity_check and rtreecheck; every viewer run exits 0 with its screenshot written.

Usage: soak.py LANDBANK SAMPLE_GEN [--seconds S] [--readers N] [--parcels N] [--viewer LANDBANK_VIEWER]
"""
import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from store_checks import store_problems


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("landbank")
    parser.add_argument("sample_gen")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--parcels", type=int, default=5000)
    parser.add_argument("--viewer", help="landbank-viewer: also reload and render in the viewer, headless")
    args = parser.parse_args()
    lb = args.landbank
    failures = []
    counts = {"import": 0, "read": 0, "edit": 0, "viewer": 0}
    lock = threading.Lock()

    with tempfile.TemporaryDirectory(prefix="landbank-soak-") as work:
        db = os.path.join(work, "land.sqlite")
        files = [os.path.join(work, "a.gpkg"), os.path.join(work, "b.gpkg")]
        for path, n in zip(files, (500, args.parcels)):
            r = run([args.sample_gen, "--out", path, "--parcels", str(n)])
            if r.returncode != 0:
                sys.exit("soak: sample generator: " + r.stderr.strip())
        for cmd in (["init"], ["import", "boundaries", files[0]], ["import", "parcels", files[0]]):
            r = run([lb, "--db", db] + cmd)
            if r.returncode != 0:
                sys.exit("soak: " + " ".join(cmd) + ": " + r.stderr.strip())
        expected = set()
        for path in files:
            probe = os.path.join(work, "probe.sqlite")
            if os.path.exists(probe):
                os.remove(probe)
            run([lb, "--db", probe, "init"])
            run([lb, "--db", probe, "import", "parcels", path])
            con = sqlite3.connect(probe)
            expected.add(con.execute("SELECT count(*) FROM parcels").fetchone()[0])
            con.close()
        force = ["--force"] if "--force" in run([lb, "import", "--help"]).stdout else []
        # `parcel status ID STATUS` (the ledger's command line) where this build has it: try it once.
        first = run([lb, "--db", db, "parcels", "--limit", "1", "--format", "csv"]).stdout.splitlines()
        parcel_id = first[1].split(",")[0] if len(first) > 1 else ""
        has_status = bool(parcel_id) and run([lb, "--db", db, "parcel", "status", parcel_id, "reserved"]).returncode == 0
        deadline = time.monotonic() + args.seconds

        def record(kind, result, what):
            with lock:
                counts[kind] += 1
                if result.returncode != 0:
                    failures.append(f"{what}: exit {result.returncode}: {result.stderr.strip()[:200]}")

        def importer():
            i = 1
            while time.monotonic() < deadline:
                record("import", run([lb, "--db", db, "import", "parcels", files[i % 2], "--mode", "replace"] + force), "import")
                i += 1

        def reader():
            while time.monotonic() < deadline:
                r = run([lb, "--db", db, "parcels", "--format", "csv"])
                record("read", r, "parcels")
                if r.returncode == 0:
                    rows = max(0, len(r.stdout.splitlines()) - 1)
                    if rows not in expected:
                        with lock:
                            failures.append(f"a reader saw {rows} parcels, expected one of {sorted(expected)}")

        def editor():
            while time.monotonic() < deadline:
                r = run([lb, "--db", db, "parcels", "--limit", "1", "--format", "csv"])
                lines = r.stdout.splitlines()
                if r.returncode == 0 and len(lines) > 1:
                    parcel = lines[1].split(",")[0]
                    e = run([lb, "--db", db, "parcel", "status", parcel, "available", "--note", "soak"])
                    if e.returncode != 0 and "no parcel" not in e.stderr and "unknown" not in e.stderr.lower():
                        record("edit", e, "parcel status")
                    else:
                        with lock:
                            counts["edit"] += 1

        def viewer():
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
            shot = os.path.join(work, "viewer.png")
            while time.monotonic() < deadline:
                if os.path.exists(shot):
                    os.remove(shot)
                r = subprocess.run([args.viewer, "--db", db, "--screenshot", shot, "--size", "640x400"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                record("viewer", r, "viewer")
                if r.returncode == 0 and (not os.path.exists(shot) or os.path.getsize(shot) < 1000):
                    with lock:
                        failures.append("viewer: exit 0 but no screenshot written")

        threads = [threading.Thread(target=importer)] + [threading.Thread(target=reader) for _ in range(args.readers)]
        if has_status:
            threads.append(threading.Thread(target=editor))
        if args.viewer:
            threads.append(threading.Thread(target=viewer))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        failures.extend(store_problems(db))
        locked = sum(1 for f in failures if "locked" in f)
        if failures:
            print(f"soak: FAILED ({len(failures)} failures, {locked} 'locked'): {failures[0]}")
            sys.exit(1)
        print(f"soak: ok: {args.seconds:.0f} s, {counts['import']} imports, {counts['read']} reads, {counts['edit']} edits, "
              f"{counts['viewer']} viewer reloads, "
              f"{args.readers} readers, counts always one of {sorted(expected)}")


if __name__ == "__main__":
    main()
