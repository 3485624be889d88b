#!/usr/bin/env python3
"""PDF benchmark: citecheck reading a PDF's citations against pdftotext dumping its text.

Not part of CI. Generates a book with Typst (a footnote with a linked URL in every
paragraph, printed page numbers), then runs, side by side and alternating, `pdftotext
BOOK.pdf /dev/null` and `citecheck extract BOOK.pdf` (citations as JSON to /dev/null)
RUNS times each, and prints the median wall time of each, their ratio, and the peak RSS
of each. Run once on a 300-page book for time and on a 2,000-page one for memory.

Needs: pip install typst; apt-get install poppler-utils time; cargo build --release.
Usage: python3 bench/pdf.py [--pages 300] [--runs 5] [--citecheck target/release/citecheck]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

WORDS = (
    "citation link archive footnote policy report source page title date web "
    "record reader editor claim evidence library government institute review"
).split()


def book(pages):
    """Typst markup of about `pages` A5 pages: paragraphs of ~110 words, each with a
    footnote that cites a linked URL."""
    out = [
        '#set page(paper: "a5", numbering: "1")',
        '#set text(font: "Liberation Serif", size: 11pt)',
        "#set par(justify: true)",
    ]
    n = 0
    # About 2.4 such paragraphs fill an A5 page.
    for p in range(pages * 12 // 5):
        words = " ".join(WORDS[(p * 7 + i) % len(WORDS)] for i in range(110))
        n += 1
        url = "https://www.example.org/reports/%d/%02d/section-%d-on-link-rot.html" % (
            2000 + p % 24, 1 + p % 12, n)
        note = ('Author %d, “Report number %d on the state of the web,” Example Institute, '
                "March %d, 2021, #link(\"%s\")." % (n, n, 1 + n % 28, url))
        out.append("%s.#footnote[%s] %s." % (words[:300], note, words[300:]))
        if p % 12 == 11:
            out.append("= Chapter %d" % (p // 12 + 2))
    return "\n\n".join(out)


def run(cmd):
    """Wall seconds and peak RSS (KiB) of one run of `cmd`, measured by GNU time (a
    fork of this Python process would count its own memory)."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit("failed: %s" % " ".join(cmd))
    return took, int(out.stderr.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--citecheck", default="target/release/citecheck")
    ap.add_argument("--keep", help="write the book here and keep it")
    args = ap.parse_args()
    import typst  # noqa: E402  (pip install typst)

    work = tempfile.mkdtemp(prefix="citecheck-pdf-")
    src = os.path.join(work, "book.typ")
    pdf = args.keep or os.path.join(work, "book.pdf")
    with open(src, "w", encoding="utf-8") as f:
        f.write(book(args.pages))
    typst.compile(src, output=pdf, font_paths=["/usr/share/fonts"])
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = next(l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:"))
    size = os.path.getsize(pdf)
    print("book: %s pages, %.1f MB" % (pages, size / 1e6))
    tools = {
        "pdftotext": ["pdftotext", pdf, os.devnull],
        "citecheck": [os.path.abspath(args.citecheck), "extract", pdf],
    }
    times = {k: [] for k in tools}
    rss = {k: 0 for k in tools}
    for _ in range(args.runs):
        for name, cmd in tools.items():
            t, r = run(cmd)
            times[name].append(t)
            rss[name] = max(rss[name], r)
    out = subprocess.run(tools["citecheck"], capture_output=True, text=True)
    cites = out.stdout.count('"note"')
    med = {k: statistics.median(v) for k, v in times.items()}
    for name in tools:
        print("%-10s median %.3f s  (runs %s)  peak RSS %.1f MiB" % (
            name, med[name], " ".join("%.3f" % t for t in times[name]), rss[name] / 1024))
    print("citecheck found %d citations" % cites)
    print("ratio citecheck/pdftotext: %.2f" % (med["citecheck"] / med["pdftotext"]))


if __name__ == "__main__":
    main()
