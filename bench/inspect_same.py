#!/usr/bin/env python3
"""Do two citecheck builds inspect the shared benchmark pages identically?

Runs `BIN inspect FILE --url URL --format json` for every page listed in
../shared/bench/pages/truth.jsonl with both binaries and compares the output byte for
byte. Use it before and after a change to the HTML reader: the score scripts say whether
accuracy moved, this says whether anything moved at all, and on which pages.

Usage: python3 bench/inspect_same.py BASE_BIN NEW_BIN [--pages DIR] [--show N]
Exit code 0 when every page gives the same output, 1 otherwise. Not part of CI.
"""

import argparse
import concurrent.futures
import difflib
import json
import os
import subprocess
import sys


def inspect(binary, pages, row):
    cmd = [binary, "inspect", os.path.join(pages, row["file"]), "--format", "json"]
    if row.get("url"):
        cmd += ["--url", row["url"]]
    res = subprocess.run(cmd, capture_output=True, timeout=60)
    return res.stdout + res.stderr


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("new")
    ap.add_argument("--pages", default=os.path.join(here, "../../shared/bench/pages"))
    ap.add_argument("--show", type=int, default=3, help="diffs printed in full")
    args = ap.parse_args()
    truth = os.path.join(args.pages, "truth.jsonl")
    if not os.path.exists(truth):
        sys.exit(f"no {truth}: this script needs the shared benchmark pages")
    with open(truth) as f:
        rows = [json.loads(line) for line in f if line.strip()]

    def both(row):
        return row, inspect(args.base, args.pages, row), inspect(args.new, args.pages, row)

    differ = []
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for row, a, b in ex.map(both, rows):
            if a != b:
                differ.append((row, a, b))
    differ.sort(key=lambda d: d[0]["id"])
    print(f"{len(rows) - len(differ)}/{len(rows)} pages give identical output")
    for row, a, b in differ[: args.show]:
        print(f"\n## {row['id']}")
        diff = difflib.unified_diff(
            a.decode(errors="replace").splitlines(),
            b.decode(errors="replace").splitlines(),
            "base",
            "new",
            lineterm="",
        )
        print("\n".join(diff))
    for row, _, _ in differ[args.show :]:
        print(f"differs: {row['id']}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
