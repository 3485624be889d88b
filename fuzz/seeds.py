#!/usr/bin/env python3
"""Refreshes fuzz/seeds/TARGET from a grown corpus: the inputs that cover the most code.

libFuzzer's merge records which coverage edges each input reaches; this script then picks
inputs greedily, each time the one that adds the most edges not yet covered (the smaller
on a tie), and keeps at most --keep of them. The seed set is what the repository carries;
the fuzzers regenerate the rest in fuzz/corpus/TARGET (not tracked) within minutes.

Usage (from fuzz/, after `RUSTC_BOOTSTRAP=1 cargo fuzz build -O`):
    python3 seeds.py TARGET [--corpus corpus/TARGET] [--keep 300]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def features(binary, dirs):
    """Each input's coverage edges, from a libFuzzer merge's control file."""
    with tempfile.TemporaryDirectory() as tmp:
        control = os.path.join(tmp, "control")
        os.mkdir(os.path.join(tmp, "out"))
        subprocess.run(
            [binary, "-merge=1", "-use_counters=0", "-use_value_profile=0",
             f"-merge_control_file={control}", os.path.join(tmp, "out"), *dirs],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        lines = open(control).read().split("\n")
    count = int(lines[0])
    files = lines[2:2 + count]
    found = {}
    for line in lines[2 + count:]:
        if line.startswith("FT "):
            parts = line.split()
            found[files[int(parts[1])]] = set(map(int, parts[2:]))
    return found


def greedy(found, keep):
    covered, chosen = set(), []
    while len(chosen) < keep:
        best = max(found, key=lambda f: (len(found[f] - covered), -os.path.getsize(f)),
                   default=None)
        if best is None or not found[best] - covered:
            break
        covered |= found.pop(best)
        chosen.append(best)
    return chosen, covered


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("target")
    ap.add_argument("--corpus", help="default: corpus/TARGET")
    ap.add_argument("--keep", type=int, default=300)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    binary = os.path.join(here, "target/x86_64-unknown-linux-gnu/release", args.target)
    if not os.path.exists(binary):
        sys.exit(f"no {binary}: run `RUSTC_BOOTSTRAP=1 cargo fuzz build -O` first")
    seeds = os.path.join(here, "seeds", args.target)
    corpus = args.corpus or os.path.join(here, "corpus", args.target)
    found = features(binary, [d for d in (corpus, seeds) if os.path.isdir(d)])
    every = set().union(*found.values()) if found else set()
    chosen, covered = greedy(found, args.keep)
    with tempfile.TemporaryDirectory() as tmp:
        for f in chosen:
            shutil.copy(f, tmp)
        shutil.rmtree(seeds, ignore_errors=True)
        shutil.copytree(tmp, seeds)
    print(f"{args.target}: {len(chosen)} seeds cover {len(covered)} of {len(every)} edges")


if __name__ == "__main__":
    main()
