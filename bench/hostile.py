#!/usr/bin/env python3
"""Hostile documents at scale: time and peak memory of `citecheck extract`.

Not part of CI. For each kind of document, two sizes, so the printed ratios show
whether time and memory grow linearly (a ratio near the size ratio) or worse:

  corpus   the real corpus repeated to 50 MB and 200 MB (PDF text)
  notes    Markdown with 25,000 and 100,000 footnotes
  long     one footnote of 256 KB and of 1 MB, wrapped like PDF text

Usage: python3 bench/hostile.py [--citecheck PATH] [--corpus PATH]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fetch import timed  # noqa: E402


def corpus(path, size, src):
    with open(src, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        written = 0
        while written < size:
            f.write(text)
            f.write("\f")
            written += len(text.encode())


def notes(path, n):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(f"Claim {i}.[^{i}]\n")
        f.write("\n")
        for i in range(n):
            f.write(f"[^{i}]: A. Author, “Title {i},” Site, June 1, 2023, https://h{i % 500}.example/p/{i}.\n")


def long_note(path, size):
    words = ("word " * (size // 5)).split(" ")
    lines = [" ".join(words[i:i + 14]) for i in range(0, len(words), 14)]
    with open(path, "w", encoding="utf-8") as f:
        f.write("Body text.[1]\n\n[1] “" + "\n".join(lines) + ",” https://x.org/a-\nb-c.\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citecheck", default="target/release/citecheck")
    ap.add_argument("--corpus", default="corpus/india-us-defense-2024.txt")
    args = ap.parse_args()
    citecheck = os.path.abspath(args.citecheck)
    work = tempfile.mkdtemp(prefix="citecheck-hostile-")
    cases = [
        ("corpus", "txt", [50 << 20, 200 << 20], lambda p, s: corpus(p, s, os.path.abspath(args.corpus))),
        ("notes", "md", [25_000, 100_000], notes),
        ("long", "txt", [256 << 10, 1 << 20], long_note),
    ]
    try:
        for name, ext, sizes, make in cases:
            figures = []
            for size in sizes:
                path = os.path.join(work, f"{name}-{size}.{ext}")
                make(path, size)
                code, wall, rss, _cpu, err = timed([citecheck, "-q", "extract", path], work)
                if code != 0:
                    print(f"{name} {size}: exit {code}: {err[-500:]}", file=sys.stderr)
                mb = os.path.getsize(path) / 1e6
                figures.append((size, mb, wall, rss))
                print(f"{name:6} {size:>10}: {mb:7.1f} MB input, {wall:6.2f} s, peak RSS {rss:7.1f} MiB")
                os.remove(path)
            (s1, m1, w1, r1), (s2, m2, w2, r2) = figures
            print(f"{name:6} x{s2 / s1:.0f} input: time x{w2 / max(w1, 0.01):.1f}, memory x{r2 / r1:.1f}\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
