#!/usr/bin/env python3
"""URL accuracy of `cite` on the shared reference strings, read against each label's own
normalised URL (`url_norm`) as well as its raw `url`.

Not part of CI. `../shared/bench/score_refs.py` compares with the raw `url` label, which
in many references spans the words around the link ("Disponível em: <http://...>.",
"Retirado de http://..."); a citation parser that returns just the link is then scored
wrong. This counts a URL right when it equals either label (white space removed, a final
'.', ',' or ';' dropped, as score_refs does), and lists the rest.

Usage: python3 bench/refs_urls.py [--bin target/release/citecheck] [--refs FILE]
"""
import argparse
import json
import os
import re
import subprocess


def norm(u):
    return re.sub(r"\s+", "", u).rstrip(".,;") if u else None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/citecheck")
    ap.add_argument("--refs", default=os.path.join(here, "../../shared/bench/references/refs.jsonl"))
    a = ap.parse_args()
    total = right = 0
    wrong = []
    with open(a.refs, encoding="utf-8") as f:
        refs = [json.loads(line) for line in f]
    for r in refs:
        if not r.get("url"):
            continue
        total += 1
        out = subprocess.run([a.bin, "cite", r["text"], "--no-fetch", "--format", "json"],
                             capture_output=True, timeout=20).stdout
        try:
            got = json.loads(out or b"null")
        except json.JSONDecodeError:
            got = None
        if isinstance(got, list):
            got = got[0] if got else None
        url = (got or {}).get("url")
        if norm(url) in (norm(r["url"]), norm(r.get("url_norm"))) and url:
            right += 1
        else:
            wrong.append((r["url"], r.get("url_norm"), url))
    for w in wrong:
        print("label %r / %r, got %r" % w)
    print(f"URLs right against either label: {right}/{total} = {right / total:.1%}")


if __name__ == "__main__":
    main()
