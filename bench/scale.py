#!/usr/bin/env python3
"""Scale benchmark: 10,000 citations over 500 hosts, served by nginx on loopback.

Not part of CI. Every host name resolves to 127.0.0.2 through citecheck's `[resolve]`
table, and a remap rule sends https to nginx's port, so the run has 500 real per-host
queues while nothing leaves the machine. Prints, for 2,000 and 10,000 citations: wall
time and peak RSS of a cold run, then of a second run served from the cache, and the
peak RSS of `extract` alone (holding the citations), the floor a check stands on.

Usage: python3 bench/scale.py [--citecheck PATH]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fetch import need, page, stop, timed  # noqa: E402

HOSTS = 500
PER_HOST = 20
PORT = 8090
IP = "127.0.0.2"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--citecheck", default="target/release/citecheck")
    ap.add_argument("--keep", action="store_true",
                    help="leave nginx and the work folders in place, for profiling")
    args = ap.parse_args()
    citecheck = os.path.abspath(args.citecheck)
    nginx = need("nginx", ["apt-get", "install", "-y", "nginx-light"])
    root = tempfile.mkdtemp(prefix="citecheck-scale-")
    os.chmod(root, 0o755)
    for h in range(HOSTS):
        d = os.path.join(root, "www", f"site{h}.test", "p")
        os.makedirs(d)
        for n in range(PER_HOST):
            with open(os.path.join(d, f"{n}.html"), "w") as f:
                f.write(page(f"site{h}.test", n))
    os.makedirs(f"{root}/tmp")
    with open(f"{root}/nginx.conf", "w") as f:
        f.write(f"""
worker_processes 2; pid {root}/nginx.pid; error_log {root}/error.log warn; daemon off; user root;
events {{ worker_connections 8192; }}
http {{ access_log off; default_type text/html; client_body_temp_path {root}/tmp;
  proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp; uwsgi_temp_path {root}/tmp;
  scgi_temp_path {root}/tmp;
  server {{ listen {IP}:{PORT}; root {root}/www/$host; }} }}
""")
    server = subprocess.Popen([nginx, "-c", f"{root}/nginx.conf", "-p", root])
    for _ in range(100):
        try:
            req = urllib.request.Request(f"http://{IP}:{PORT}/p/0.html", headers={"Host": "site0.test"})
            urllib.request.urlopen(req, timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    try:
        for total in (2000, HOSTS * PER_HOST):
            work = os.path.join(root, f"run-{total}")
            os.makedirs(work)
            with open(f"{work}/doc.md", "w") as f:
                # Footnotes, as a document would cite them: one citation per URL.
                for i in range(total):
                    h, n = i % HOSTS, (i // HOSTS) % PER_HOST
                    f.write(f"Claim {i}.[^{i}]\n\n[^{i}]: “Article {n} on site{h}.test,” "
                            f"Example News, June 1, 2023, https://site{h}.test/p/{n}.html.\n\n")
            with open(f"{work}/citations.toml", "w") as f:
                f.write(f"""corpus = ["doc.md"]
host_request_interval = "50ms"
max_concurrency = 128
max_retries = 0
[resolve]
"*" = "{IP}"
[[remap]]
pattern = '^https://([^/]+)/(.*)$'
replace = 'http://${{1}}:{PORT}/${{2}}'
""")
            # What holding the citations alone costs: the floor under a check's memory.
            base = timed([citecheck, "extract", "doc.md", "--format", "json"], work)
            cold = timed([citecheck, "-q", "check"], work)
            warm = timed([citecheck, "-q", "check"], work)
            for name, (code, wall, rss, cpu, err) in (("cold", cold), ("cached", warm)):
                if code != 0:
                    print(f"citecheck failed ({code}): {err[-1500:]}", file=sys.stderr)
                print(f"{total:6} citations, {name:6}: wall {wall:6.2f} s, CPU {cpu:6.2f} s, "
                      f"peak RSS {rss:6.1f} MiB")
            print(f"{total:6} citations, extract only: peak RSS {base[2]:6.1f} MiB")
            print(f"{total:6} citations: cached/cold wall {warm[1] / cold[1]:.2f}, "
                  f"cold RSS above extract-only {cold[2] - base[2]:.1f} MiB\n")
    finally:
        if args.keep:
            print(f"kept: {root} (nginx pid {server.pid})")
        else:
            stop(server, root)


if __name__ == "__main__":
    main()
