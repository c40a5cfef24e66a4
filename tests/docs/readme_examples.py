#!/usr/bin/env python3
"""The README's example transcripts are real output: run them and compare, or rewrite them.

    readme_examples.py LANDBANK_BINARY README.md            # check (exit 1 and a diff when one drifted)
    readme_examples.py LANDBANK_BINARY README.md --update   # regenerate the outputs in place

Every fenced block line that starts with "$ landbank " is a command; the lines after it, up to the
next command or the end of the block, are its output. The commands run in order, as one transcript,
in a scratch folder on a fresh `landbank init --sample` database ($LANDBANK_DB), so a ledger move
shows in the audit count after it. Only what cannot repeat is normalised: audit-chain hashes
(they hash the time of each write)."""

import difflib
import os
import re
import subprocess
import sys
import tempfile

HASH = re.compile(r"\b[0-9a-f]{64}\b")


def transcripts(lines):
    """Yields (index of the command line, command, [index range of its output]) for every example."""
    in_block = False
    current = None
    for index, line in enumerate(lines):
        if line.startswith("```"):
            if in_block and current:
                yield current + (index,)
            in_block, current = not in_block, None
            continue
        if in_block and line.startswith("$ landbank "):
            if current:
                yield current + (index,)
            current = (index, line[2:])


def run(binary, command, cwd, env):
    result = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        sys.exit(f"readme_examples: '{command}' exited {result.returncode}: {result.stderr.strip()}")
    return [line.rstrip() for line in result.stdout.rstrip("\n").split("\n")]


def normalised(lines):
    return [HASH.sub("<sha256>", line.rstrip()) for line in lines]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, readme = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = "--update" in sys.argv[3:]
    with open(readme, encoding="utf-8") as f:
        lines = f.read().split("\n")
    with tempfile.TemporaryDirectory() as scratch:
        shim = os.path.join(scratch, "bin")
        os.mkdir(shim)
        os.symlink(binary, os.path.join(shim, "landbank"))
        env = dict(os.environ, PATH=shim + os.pathsep + os.environ.get("PATH", ""),
                   LANDBANK_DB=os.path.join(scratch, "sample.sqlite"), LANDBANK_USER="readme")
        env.pop("LANDBANK_LANG", None)
        subprocess.run([binary, "init", "--sample"], cwd=scratch, env=env, check=True, capture_output=True)
        replacements, drifted = [], 0
        for command_at, command, end in transcripts(lines):
            actual = run(binary, command, scratch, env)
            # A blank line between two examples of one block belongs to neither.
            while end > command_at + 1 and not lines[end - 1].strip():
                end -= 1
            written = lines[command_at + 1:end]
            if normalised(written) != normalised(actual):
                drifted += 1
                if not update:
                    sys.stdout.writelines(difflib.unified_diff([l + "\n" for l in written], [l + "\n" for l in actual],
                                                               f"README: {command}", "actual output"))
            replacements.append((command_at + 1, end, actual))
    if update:
        for start, end, actual in reversed(replacements):
            lines[start:end] = actual
        with open(readme, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print(f"readme_examples: {len(replacements)} examples run, {drifted} rewritten")
        return 0
    print(f"readme_examples: {len(replacements)} examples run, {drifted} drifted")
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
