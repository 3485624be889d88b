#!/usr/bin/env python3
"""Existence matching and DOI checks, measured against simulated bibliographic databases.

    python3 bench/biblio.py --bin target/release/citecheck [--refs FILE] [--seed N]
                            [--jobs N] [--show-misses N] [--write-set FILE] [--dump FILE]
                            [--one TEXT | --serve]

1. Reads labelled references (default ../shared/bench/references/refs.jsonl: AnyStyle and
   GROBID training data, each with its labelled title, authors, year and container).
2. Builds databases that hold every labelled work, as Crossref (articles, chapters,
   some books), OpenAlex (everything) and Open Library (books) would, with the noise
   real records have (title case, subtitles kept apart, markup, online-first years) and
   near neighbours a loose matcher would take: namesakes by other authors, follow-ups
   ("... revisited", "Correction to: ..."), reviews, and the same authors' other work.
3. Builds the labelled set (seeded): every reference as printed (real), real ones with
   the noise of citing (glued words, dropped subtitle, a typo, lower case), and
   fabricated ones made from real ones: a changed title, other authors, both, another
   year, another venue. A work with another year or venue still exists (the verdict is
   date-mismatch or verified with a difference); a changed title or other authors make
   a work no database knows.
4. Serves the databases on loopback in the APIs' JSON shapes (Crossref, DataCite,
   doi.org's handle API, OpenAlex, Open Library), runs `citecheck cite TEXT --format
   json` on every reference (URLs and DOIs taken out, so that each is a search), and,
   on the references that print a DOI, the DOI checks: as printed, a digit changed
   (expect dead), another work's DOI (expect title-mismatch).
5. Prints precision and recall of existence matching (a reference "exists" when citecheck
   matched it to the record of the work it cites), the precision of `not-found`, the
   verdicts per class, and the DOI checks.

Needs only the Python standard library. The databases and the labelled set depend only
on the references and the seed.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REFS = os.path.join(HERE, "..", "..", "shared", "bench", "references", "refs.jsonl")
DOI_RE = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")


def true_doi(r):
    """The DOI a labelled reference gives: from its labelled URL (joined where the text
    broke it), else from its text; without what publishers' paths add after it."""
    best = None
    for t in (r.get("url_norm"), r.get("url"), r.get("text")):
        d = doi_in(t)
        if d:
            d = re.sub(r"(?i)(?:/(?:abstract|full|pdf|epdf|fulltext)|\.pdf|\.url)+$", "", d).lower()
            # url_norm's cleanup may cut a DOI's closing bracket (`...113:5(583`): a
            # longer reading of the same DOI elsewhere wins.
            if best is None or (d.startswith(best) and len(d) > len(best)):
                best = d
    return best


def doi_in(text):
    """The first DOI in `text`, without the punctuation that closes the sentence around
    it (a closing bracket only when it has no opening one inside the DOI)."""
    m = DOI_RE.search(text or "")
    if not m:
        return None
    # A BibTeX field glued on by a PDF's text layer (`10.1007/BF02345020.URLhttps`) and a
    # comma before the next words (`...05.070,in press`) are not part of it.
    d = re.split(r"\.?URL|,", m.group(0))[0]
    while True:
        t = d.rstrip(".,;:'\"”’»")
        for o, c in ("()", "[]"):
            if t.endswith(c) and t.count(o) < t.count(c):
                t = t[:-1]
        if t == d:
            return d
        d = t
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


# ---------------------------------------------------------------- reading the labels

def clean_title(t):
    t = (t or "").strip()
    t = t.strip(" \t\"'“”‘’«»,.;:")
    return re.sub(r"\s+", " ", t)


def clean_container(c):
    c = (c or "").strip().strip(" ,.;:")
    c = re.sub(r"^(?:in|In|IN)[:\s]+", "", c).strip()
    return c or None


def is_initials(s):
    return bool(re.fullmatch(r"(?:[A-Z][a-z]?\.?[\s-]*){1,4}", s.strip()))


def parse_authors(labels):
    """(given, family) pairs from the labelled author strings."""
    out = []
    for s in labels:
        s = re.sub(r"\bet al\.?", "", s).strip(" ,.;")
        for p in re.split(r"\s*(?:;|&|\band\b)\s*", s):
            p = p.strip(" ,.")
            if not p:
                continue
            bits = [b.strip() for b in p.split(",") if b.strip()]
            if len(bits) >= 2 and all(is_initials(bits[i]) for i in range(1, len(bits), 2)):
                for i in range(0, len(bits), 2):
                    out.append((bits[i + 1] if i + 1 < len(bits) else "", bits[i]))
            elif len(bits) == 2 and not is_initials(bits[0]) and len(bits[0].split()) == 1:
                out.append((bits[1], bits[0]))
            else:
                for b in bits:
                    w = b.split()
                    if not w:
                        continue
                    if len(w) > 1 and w[0].isupper() and len(w[0]) > 2:
                        out.append((" ".join(w[1:]), w[0].title()))
                    else:
                        out.append((" ".join(w[:-1]), w[-1]))
    # A ditto mark ("–––––", "______") or a date labelled as an author names nobody: a
    # database holds the work under its real authors, which the label does not give.
    return [(g.strip(" ,."), f.strip(" ,.")) for g, f in out if any(ch.isalpha() for ch in f)]


def words(text):
    return [w.lower() for w in WORD_RE.findall(text or "")]


# ---------------------------------------------------------------- the databases

class Work:
    def __init__(self, wid, title, authors, year, container, kind, doi, held_by):
        self.wid = wid
        self.title = title
        self.subtitle = None
        self.authors = authors
        self.year = year
        self.online = None
        self.container = container
        self.kind = kind
        self.doi = doi
        self.held_by = held_by
        self.markup = False

    def full_title(self):
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title

    def crossref(self):
        title = self.title
        if self.markup:
            w = title.split(" ")
            title = " ".join(w[:1] + [f"<i>{w[1]}</i>"] + w[2:]) if len(w) > 2 else title
        item = {
            "DOI": self.doi, "type": self.kind, "title": [title],
            "subtitle": [self.subtitle] if self.subtitle else [],
            "author": [{"given": g, "family": f, "sequence": "first", "affiliation": []} for g, f in self.authors],
            "container-title": [self.container] if self.container else [],
            "issued": {"date-parts": [[self.online or self.year]]},
            "published-print": {"date-parts": [[self.year]]},
            "score": 30.0, "publisher": "Simulated",
        }
        if self.online:
            item["published-online"] = {"date-parts": [[self.online, 11, 2]]}
        return item

    def openalex(self):
        return {
            "id": f"https://openalex.org/W{self.wid}",
            "doi": f"https://doi.org/{self.doi}" if self.doi else None,
            "display_name": self.full_title(), "publication_year": self.online or self.year,
            "type": "book" if self.kind == "book" else "article",
            "authorships": [{"author": {"display_name": f"{g} {f}".strip()}, "raw_author_name": f"{g} {f}".strip()}
                            for g, f in self.authors],
            "primary_location": {"source": {"display_name": self.container} if self.container else None},
        }

    def openlibrary(self):
        return {
            "key": f"/works/OL{self.wid}W", "title": self.title, "subtitle": self.subtitle,
            "author_name": [f"{g} {f}".strip() for g, f in self.authors],
            "first_publish_year": (self.year - 3 if self.wid % 4 == 0 else self.year) if self.year else None,
            "publish_year": sorted({y for y in (self.year, self.year and self.year + 5) if y}),
            "publisher": [self.container] if self.container else [],
        }

    def datacite(self):
        return {"data": {"id": self.doi, "type": "dois", "attributes": {
            "doi": self.doi, "titles": [{"title": self.full_title()}],
            "creators": [{"name": f"{f}, {g}", "givenName": g, "familyName": f, "nameType": "Personal"}
                         for g, f in self.authors],
            "publisher": {"name": self.container or ""}, "container": {},
            "publicationYear": self.year, "types": {"resourceTypeGeneral": "Text"}}}}


class Index:
    """A BM25 index over some fields of the works one database holds."""

    def __init__(self, works, fields):
        self.works = works
        self.postings = defaultdict(list)
        self.lengths = []
        for i, w in enumerate(works):
            toks = words(fields(w))
            self.lengths.append(len(toks))
            for t, n in Counter(toks).items():
                self.postings[t].append((i, n))
        self.avg = sum(self.lengths) / max(1, len(self.lengths))

    def search(self, query, k=5):
        import math
        scores = defaultdict(float)
        n = len(self.works)
        for t in set(words(query)):
            post = self.postings.get(t, [])
            if not post:
                continue
            idf = math.log(1 + (n - len(post) + 0.5) / (len(post) + 0.5))
            for i, tf in post:
                norm = tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * self.lengths[i] / self.avg))
                scores[i] += idf * norm
        ranked = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]
        if not ranked:
            # A database always answers something.
            return self.works[:k]
        return [self.works[i] for i, _ in ranked]


class Databases:
    def __init__(self, works):
        self.works = works
        by = lambda src: [w for w in works if src in w.held_by]
        everything = lambda w: " ".join([w.full_title(), " ".join(f"{g} {f}" for g, f in w.authors),
                                         str(w.year), w.container or ""])
        self.crossref = Index(by("crossref"), everything)
        self.openalex = Index(by("openalex"), lambda w: w.full_title())
        self.openlibrary = Index(by("openlibrary"), lambda w: w.full_title())
        self.doi = {}
        for w in works:
            if w.doi:
                self.doi[w.doi.lower()] = w
        self.requests = Counter()


def build_works(refs, rng):
    works, truth = [], {}
    surnames = [f for r in refs for _, f in parse_authors(r["authors"] or [])]
    title_words = [x for r in refs for x in clean_title(r["title"]).split() if len(x) > 4 and x.isalpha()]
    seen = {}
    for r in refs:
        title = clean_title(r["title"])
        authors = parse_authors(r["authors"] or [])
        key = ((authors[0][1].lower() if authors else ""), r.get("year"))
        tw = set(words(title))
        overlap = lambda w: len(tw & set(words(w.full_title()))) / max(1, min(len(tw), len(set(words(w.full_title())))))
        twin = next((w for w in seen.get(key, []) if overlap(w) >= 0.8), None)
        doi = true_doi(r)
        if twin is not None and doi and twin.doi and not twin.doi.startswith("10.5555/") and twin.doi != doi:
            twin = None  # two DOIs: two versions, two records
        if twin is not None:
            # The same work cited twice in the sources: one record, as a database holds.
            if doi and (twin.doi is None or twin.doi.startswith("10.5555/")):
                twin.doi = doi
                if "crossref" not in twin.held_by:
                    twin.held_by.append("crossref")
            truth[r["id"]] = twin
            continue
        wid = len(works) + 1
        tag = r.get("container_tag")
        kind = "journal-article" if tag == "journal" else ("book" if not r.get("container") else "proceedings-article")
        held = ["openalex"]
        # A printed DOI is registered: with Crossref, or DataCite for data and preprints.
        if doi and doi.startswith(("10.5281/", "10.48550/", "10.5061/", "10.6084/")):
            held.append("datacite")
        elif kind != "book" or doi or rng.random() < 0.3:
            held.append("crossref")
        if kind == "book":
            held.append("openlibrary")
        if doi is None and "crossref" in held:
            doi = f"10.5555/bench.{wid}"
        w = Work(wid, title, authors, r["year"], clean_container(r.get("container")),
                 kind, doi, held)
        # The noise real records have.
        x = rng.random()
        if ": " in title and x < 0.3:
            w.title, w.subtitle = title.split(": ", 1)
        elif x < 0.45:
            w.title = title.title()
        elif x < 0.55:
            w.markup = True
        if rng.random() < 0.1 and w.year:
            w.online = w.year - 1
        works.append(w)
        truth[r["id"]] = w
        seen.setdefault(key, []).append(w)
        works.extend(neighbours(w, rng, surnames, title_words, len(works)))
    return works, truth


def neighbours(w, rng, surnames, title_words, n):
    """Works a loose matcher would take for `w`."""
    out = []
    def new(title, authors, year, container):
        k = n + len(out) + 1
        return Work(k, title, authors, year, container, w.kind, f"10.5555/near.{k}", ["crossref", "openalex"])
    x = rng.random()
    other = [(rng.choice(["A.", "J.", "M."]), rng.choice(surnames))]
    year = (w.year or 2000)
    if x < 0.15:
        out.append(new(w.title, other, year - rng.randint(3, 15), w.container))  # a namesake
    elif x < 0.3:
        out.append(new(rng.choice(["Correction to: ", "Review of: ", "Comment on: "]) + w.title,
                       other, year + 1, w.container))
    elif x < 0.45:
        out.append(new(w.title + rng.choice([" revisited", ": a reply", ", part II", ": twenty years on"]),
                       w.authors, year + rng.randint(2, 9), w.container))
    elif x < 0.65:
        t = w.title.split()
        long = [i for i in range(len(t)) if len(t[i]) > 4]
        if long:
            for i in rng.sample(long, max(1, (len(long) * 6 + 9) // 10)):
                t[i] = rng.choice(title_words)
            out.append(new(" ".join(t), w.authors, year + rng.randint(-1, 1), w.container))  # same authors, other paper
    return out


# ---------------------------------------------------------------- the labelled set

def strip_links(text, r):
    for u in filter(None, [r.get("url"), r.get("url_norm")]):
        text = text.replace(u, " ")
    text = DOI_RE.sub(" ", text)
    text = re.sub(r"(?i)\b(?:doi:?|https?://\S+|www\.\S+|retrieved from|available (?:at|from)|url:?)\s*", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def replace_once(text, old, new):
    return text.replace(old, new, 1) if old and old in text else None


def fabricated_title(title, rng, title_words):
    t = title.split()
    content = [i for i, x in enumerate(t) if len(x.strip(".,:;\"'“”")) > 3]
    if len(content) < 2:
        return None
    k = max(2, (len(content) * 6 + 9) // 10)
    for i in rng.sample(content, min(k, len(content))):
        core = t[i].strip(".,:;\"'“”")
        repl = rng.choice(title_words)
        repl = repl.capitalize() if core[:1].isupper() else repl.lower()
        t[i] = t[i].replace(core, repl)
    return " ".join(t)


def labelled_set(refs, truth, rng):
    out = []
    title_words = [x for r in refs for x in clean_title(r["title"]).split() if len(x) > 4 and x.isalpha()]
    usable = [r for r in refs if r.get("title") and r.get("authors") and r.get("year")]
    for r in refs:
        if not r.get("title"):
            continue
        text = strip_links(r["text"], r)
        if clean_title(r["title"]) not in text:
            continue
        out.append({"id": r["id"], "class": "real", "text": text, "work": truth[r["id"]].wid})
    pick = lambda n: rng.sample(usable, min(n, len(usable)))
    for r in pick(300):
        text = strip_links(r["text"], r)
        title = clean_title(r["title"])
        x = rng.random()
        if x < 0.25:
            new = re.sub(r"(\w{3,}) (\w{3,})", r"\1\2", title, count=1)  # glued words
        elif x < 0.5 and ": " in title:
            new = title.split(": ")[0]  # subtitle dropped
        elif x < 0.75:
            w = [i for i, c in enumerate(title) if c.isalpha()]
            i = rng.choice(w[1:-1]) if len(w) > 3 else None
            new = title[:i] + title[i + 1] + title[i] + title[i + 2:] if i else title
        else:
            new = title.lower()
        t = replace_once(text, title, new)
        if t and new != title:
            out.append({"id": r["id"] + "/noisy", "class": "real-noisy", "text": t, "work": truth[r["id"]].wid})
    for r in pick(500):
        text = strip_links(r["text"], r)
        title = clean_title(r["title"])
        new = fabricated_title(title, rng, title_words)
        t = replace_once(text, title, new) if new else None
        if t:
            out.append({"id": r["id"] + "/title", "class": "fabricated-title", "text": t, "work": None})
    for r in pick(300):
        other = rng.choice(usable)
        a, b = r["authors"][0].strip(" ,."), other["authors"][0].strip(" ,.")
        mine = {f.lower() for _, f in parse_authors([a])}
        theirs = {f.lower() for _, f in parse_authors([b])}
        t = replace_once(strip_links(r["text"], r), a, b)
        # Only where both name someone: authors the database cannot compare cannot be
        # fabricated.
        if t and mine and theirs and not (mine & theirs) and not any(f in t.lower() for f in mine):
            out.append({"id": r["id"] + "/authors", "class": "fabricated-authors", "text": t, "work": None})
    for r in pick(200):
        a, b, c = r, rng.choice(usable), rng.choice(usable)
        ta, tb = clean_title(a["title"]).split(), clean_title(b["title"]).split()
        if len(ta) < 4 or len(tb) < 4:
            continue
        new = " ".join(ta[: len(ta) // 2] + tb[len(tb) // 2:])
        t = replace_once(strip_links(a["text"], a), clean_title(a["title"]), new)
        t = replace_once(t, a["authors"][0].strip(" ,."), c["authors"][0].strip(" ,.")) if t else None
        if t:
            out.append({"id": a["id"] + "/invented", "class": "fabricated-both", "text": t, "work": None})
    for r in pick(300):
        y = str(r["year"])
        shift = rng.choice([-1, 1]) * rng.randint(3, 9)
        text = strip_links(r["text"], r)
        if y in text and y not in clean_title(r["title"]):
            out.append({"id": r["id"] + "/year", "class": "other-year",
                        "text": text.replace(y, str(int(y) + shift)), "work": truth[r["id"]].wid})
    for r in pick(200):
        other = rng.choice([u for u in usable if u.get("container")] or usable)
        a, b = (r.get("container") or "").strip(" ,."), (other.get("container") or "").strip(" ,.")
        t = replace_once(strip_links(r["text"], r), a, b) if a and b and a != b else None
        if t:
            out.append({"id": r["id"] + "/venue", "class": "other-venue", "text": t, "work": truth[r["id"]].wid})
    return out


# ---------------------------------------------------------------- serving

def make_handler(db):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def reply(self, status, body, ctype="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            host = (self.headers.get("host") or "").split(":")[0]
            u = urlparse(self.path)
            path, q = unquote(u.path), parse_qs(u.query)
            arg = lambda k: (q.get(k) or [""])[0]
            db.requests[host] += 1
            if getattr(db, "log", None) is not None:
                db.log.append(f"{host} {unquote(self.path)}")
            if host == "api.crossref.org":
                if path.startswith("/works/"):
                    w = db.doi.get(path[len("/works/"):].lower())
                    if w and "crossref" in w.held_by:
                        return self.reply(200, {"status": "ok", "message-type": "work", "message": w.crossref()})
                    return self.reply(404, b"Resource not found.", "text/plain")
                items = [w.crossref() for w in db.crossref.search(arg("query.bibliographic"))]
                if getattr(db, "log", None) is not None:
                    db.log.extend(f"    {i['DOI']} {i['title']} {i['subtitle']} {i['author']} {i['issued']}" for i in items)
                return self.reply(200, {"status": "ok", "message-type": "work-list",
                                        "message": {"total-results": 10 ** 6, "items": items}})
            if host == "api.datacite.org":
                w = db.doi.get(path[len("/dois/"):].lower())
                if w and "datacite" in w.held_by:
                    return self.reply(200, w.datacite(), "application/vnd.api+json")
                return self.reply(404, {"errors": [{"status": "404", "title": "not found"}]})
            if host in ("doi.org", "dx.doi.org") and path.startswith("/api/handles/"):
                doi = path[len("/api/handles/"):].lower()
                if doi in db.doi:
                    return self.reply(200, {"responseCode": 1, "handle": doi, "values": []})
                return self.reply(404, {"responseCode": 100, "handle": doi})
            if host == "api.openalex.org":
                res = [w.openalex() for w in db.openalex.search(arg("search"))]
                return self.reply(200, {"meta": {"count": len(res), "page": 1, "per_page": 5}, "results": res})
            if host == "openlibrary.org":
                qq = arg("q")
                if qq.startswith("isbn:"):
                    docs = []
                else:
                    docs = [w.openlibrary() for w in db.openlibrary.search(arg("title"))]
                return self.reply(200, {"numFound": len(docs), "start": 0, "docs": docs})
            return self.landing(host, path)

        def landing(self, host, path):
            """A DOI's link redirects to its publisher's page; a publisher's page carries
            the work's title, or (one in three, by DOI) a bot wall."""
            d = doi_in(path)
            d = re.sub(r"(?i)(?:/(?:abstract|full|pdf|epdf|fulltext)|\.pdf)+$", "", d) if d else None
            w = db.doi.get(d.lower()) if d else None
            if w is None:
                return self.reply(404, b"<title>Not Found</title>", "text/html")
            if host in ("doi.org", "dx.doi.org"):
                self.send_response(302)
                self.send_header("location", f"http://publisher.example/doi/{w.doi}")
                self.send_header("content-length", "0")
                self.end_headers()
                return None
            if w.wid % 3 == 0:
                self.send_response(403)
                self.send_header("cf-mitigated", "challenge")
                self.send_header("content-type", "text/html")
                body = b"<title>Just a moment...</title>"
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return None
            body = f"<html><head><title>{w.full_title()} | Publisher</title></head><body><h1>{w.full_title()}</h1></body></html>"
            return self.reply(200, body.encode(), "text/html; charset=utf-8")
    return Handler


def config_file(port, tmp, top=()):
    """Every host name to the databases' server, which is also the network's canary;
    `top` adds top-level keys."""
    hosts = ["api.crossref.org", "api.datacite.org", "doi.org", "api.openalex.org", "openlibrary.org"]
    lines = ['host_request_interval = "0s"', "max_retries = 0", "archive = false",
             f'canary = "127.0.0.1:{port}"', *top, "",
             "[biblio]", 'mailto = "bench@example.org"', "", "[resolve]", '"*" = "127.0.0.1"', ""]
    for h in hosts:
        lines += [f'[hosts."{h}"]', 'request_interval = "0s"', "concurrency = 8", ""]
    lines += ["[[remap]]", r"pattern = '^https?://([^/:?#]+)(?::\d+)?(.*)$'",
              f"replace = 'http://${{1}}:{port}${{2}}'", ""]
    path = os.path.join(tmp, "citations.toml")
    with open(path, "w") as f:
        f.write("\n".join(lines))
    return path


def cite(binary, cfg, text):
    p = subprocess.run([binary, "--config", cfg, "-q", "cite", "--format", "json", "--no-cache", "--", text],
                       capture_output=True, text=True, timeout=120)
    try:
        out = json.loads(p.stdout)
    except json.JSONDecodeError:
        return {"verdict": "error", "reason": p.stderr.strip()[:200]}
    if isinstance(out, list):
        out = out[0] if out else {}
    if "verdict" not in out:
        out = {"verdict": "parsed-only", "reason": "no lookup"}
    return out


# ---------------------------------------------------------------- scoring

def record_work(out, ids):
    rec = ((out.get("biblio") or {}).get("record")) or {}
    for key in (rec.get("doi"), rec.get("id")):
        if key and key.lower() in ids:
            return ids[key.lower()]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--refs", default=DEFAULT_REFS)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--limit", type=int, default=0, help="check only the first N labelled references")
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--write-set", help="write the labelled set as JSON lines")
    ap.add_argument("--dump", help="write every labelled reference with citecheck's answer as JSON lines")
    ap.add_argument("--one", help="check only this reference text, and print what was asked and answered")
    ap.add_argument("--corpus", help="check this document twice (cold, then from the cache) with its cited "
                    "works in the databases, and print the requests per source and the cache hits")
    ap.add_argument("--serve", action="store_true",
                    help="keep the databases served, print the citations.toml that reaches them, wait for Ctrl-C")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    refs = [json.loads(l) for l in open(args.refs, encoding="utf-8")]
    refs = [r for r in refs if r.get("title")]
    works, truth = build_works(refs, rng)
    if args.corpus:
        works.extend(corpus_works(len(works)))
    labelled = labelled_set(refs, truth, rng)
    if args.limit:
        labelled = labelled[: args.limit]
    if args.write_set:
        with open(args.write_set, "w", encoding="utf-8") as f:
            for x in labelled:
                f.write(json.dumps(x, ensure_ascii=False) + "\n")
    db = Databases(works)
    ids = {}
    for w in works:
        ids[f"w{w.wid}"] = w.wid
        ids[f"works/ol{w.wid}w"] = w.wid
        if w.doi:
            ids[w.doi.lower()] = w.wid
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(db))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if args.corpus:
        return corpus_run(args, db, server)
    if args.serve:
        tmp = tempfile.mkdtemp(prefix="citecheck-biblio-")
        cfg = config_file(server.server_address[1], tmp)
        print(f"serving on 127.0.0.1:{server.server_address[1]}; config {cfg}\n"
              f"  {args.bin} --config {cfg} cite --format markdown -- 'REFERENCE'", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        return 0
    if args.one:
        db.log = []
        with tempfile.TemporaryDirectory() as tmp:
            out = cite(args.bin, config_file(server.server_address[1], tmp), args.one)
        for line in db.log:
            print(line)
        print(json.dumps({k: out.get(k) for k in ("title", "authors", "date", "verdict", "reason", "biblio")},
                         ensure_ascii=False, indent=1))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        cfg = config_file(server.server_address[1], tmp)
        with ThreadPoolExecutor(args.jobs) as pool:
            outs = list(pool.map(lambda x: cite(args.bin, cfg, x["text"]), labelled))
        dois = doi_cases(refs, truth, works, rng)
        with ThreadPoolExecutor(args.jobs) as pool:
            doi_outs = list(pool.map(lambda x: cite(args.bin, cfg, x["text"]), dois))
    server.shutdown()
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for x, out in zip(labelled, outs):
                f.write(json.dumps({"label": x, "got_work": record_work(out, ids), "out": out}, ensure_ascii=False) + "\n")
    report(labelled, outs, ids, args.show_misses)
    report_dois(dois, doi_outs, args.show_misses)
    print("requests per source:", dict(sorted(db.requests.items())))


# The works corpus/india-us-defense-2024.txt cites without a URL, as databases hold them.
CORPUS_WORKS = [
    ("10.1080/03071841003683468", "Creating the Next Generation of NATO Partnerships",
     [("Stephan", "Frühling"), ("Benjamin", "Schreer")], 2010, "The RUSI Journal", "journal-article",
     ["crossref", "openalex"]),
    (None, "The Indo-US Defence Relationship: Prospect and Limitations", [("Manjeet S.", "Pardesi")], 2014,
     "India's Military Modernization", "book-chapter", ["openalex"]),
    ("10.4324/9781315668017", "India-US Relations in the Age of Uncertainty: An Uneasy Courtship",
     [("B. M.", "Jain")], 2016, "Routledge", "book", ["crossref", "openalex", "openlibrary"]),
    ("10.1177/0974928418785477", "Indo-US Defence Industry Cooperation: A Prognosis",
     [("Laxman Kumar", "Behera"), ("G.", "Balachandran")], 2018, "India Quarterly", "journal-article",
     ["crossref", "openalex"]),
    ("10.1080/01402390.2019.1668777", "Examining India's Defence Innovation Performance",
     [("Laxman Kumar", "Behera")], 2021, "Journal of Strategic Studies", "journal-article",
     ["crossref", "openalex"]),
]


def corpus_works(n):
    out = []
    for i, (doi, title, authors, year, container, kind, held) in enumerate(CORPUS_WORKS):
        out.append(Work(n + i + 1, title, authors, year, container, kind, doi, held))
    return out


def corpus_run(args, db, server):
    """`check` on a document, twice, with a cache: requests per source and cache hits."""
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "cache")
        cfg = config_file(server.server_address[1], tmp, [f'cache_dir = "{cache}"'])
        for run in ("cold", "cached"):
            before = Counter(db.requests)
            out = os.path.join(tmp, run)
            subprocess.run([args.bin, "--config", cfg, "-q", "check", args.corpus, "--report-dir", out],
                           capture_output=True, timeout=600)
            report = json.load(open(os.path.join(out, "report.json")))
            sent, hits, verdicts = Counter(), Counter(), Counter()
            for c in report["citations"]:
                b = c.get("biblio")
                if not b:
                    continue
                verdicts[c["verdict"]] += 1
                for a in b["asked"]:
                    sent[a["source"]] += a["requests"]
                    hits[a["source"]] += a["from_cache"]
            served = {h: n - before[h] for h, n in db.requests.items()
                      if n > before[h] and h in ("api.crossref.org", "api.datacite.org", "doi.org",
                                                 "api.openalex.org", "openlibrary.org")}
            print(f"{run}: looked up {sum(verdicts.values())} citations {dict(verdicts)}; "
                  f"requests per source (as the databases saw them) {dict(sorted(served.items()))}; "
                  f"answers from the cache {dict(sorted(hits.items()))}")
    server.shutdown()
    return 0


def doi_cases(refs, truth, works, rng):
    """References that print a DOI: as printed, with a digit changed, with another's DOI."""
    out = []
    # Only references that print their DOI whole (not split by the PDF's text layer).
    with_doi = [r for r in refs if true_doi(r) and truth[r["id"]].doi == true_doi(r)
                and true_doi(r) in r["text"].lower()]
    for r in with_doi:
        doi = truth[r["id"]].doi
        text = r["text"]
        # Only the DOI is checked: other links go.
        for u in filter(None, [r.get("url"), r.get("url_norm")]):
            if not DOI_RE.search(u):
                text = text.replace(u, " ")
        text = re.sub(r"(?i)\bwww\.\S+", " ", text)
        at = text.lower().find(doi)
        if at < 0:
            continue
        printed = text[at:at + len(doi)]
        out.append({"class": "doi-real", "text": text, "expect": "verified"})
        broken = printed[:-1] + ("7" if printed[-1] != "7" else "3")
        if broken.lower() not in {w.doi for w in works if w.doi}:
            out.append({"class": "doi-unknown", "text": text.replace(printed, broken), "expect": "dead"})
        other = rng.choice(with_doi)
        if other is not r and truth[other["id"]].doi != doi:
            out.append({"class": "doi-another-work", "text": text.replace(printed, truth[other["id"]].doi),
                        "expect": "title-mismatch"})
    return out


def pct(a, b):
    return f"{100.0 * a / b:.1f}%" if b else "n/a"


def report(labelled, outs, ids, show):
    tp = fp = fn = 0
    nf_right = nf_all = 0
    per = defaultdict(Counter)
    misses = []
    for x, out in zip(labelled, outs):
        v = out.get("verdict")
        per[x["class"]][v] += 1
        matched = bool((out.get("biblio") or {}).get("matched")) and v in ("verified", "date-mismatch")
        got = record_work(out, ids) if matched else None
        exists = x["work"] is not None
        if matched and exists and got == x["work"]:
            tp += 1
        else:
            if matched:
                fp += 1
            if exists:
                fn += 1
            misses.append((x, out))
        if v == "not-found":
            nf_all += 1
            nf_right += not exists
    n_exist = sum(1 for x in labelled if x["work"] is not None)
    print(f"labelled references: {len(labelled)} ({n_exist} of existing works, {len(labelled) - n_exist} fabricated)")
    for cls in ["real", "real-noisy", "other-year", "other-venue", "fabricated-title", "fabricated-authors",
                "fabricated-both"]:
        if cls in per:
            print(f"  {cls:20} {dict(per[cls].most_common())}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n_exist if n_exist else 0.0
    print(f"existence matching: precision {p:.4f} ({tp}/{tp + fp}), recall {r:.4f} ({tp}/{n_exist})"
          f", F1 {2 * p * r / (p + r) if p + r else 0:.4f}")
    print(f"not-found: {nf_all} calls, {pct(nf_right, nf_all)} of them fabricated references"
          f" ({nf_all - nf_right} existing works called not-found)")
    for x, out in misses[:show]:
        print(f"- [{x['class']}] {x['text'][:160]}\n    -> {out.get('verdict')}: {out.get('reason', '')[:240]}")


def report_dois(cases, outs, show):
    per = defaultdict(Counter)
    right = 0
    misses = []
    for x, out in zip(cases, outs):
        per[x["class"]][out.get("verdict")] += 1
        right += out.get("verdict") == x["expect"]
        if out.get("verdict") != x["expect"]:
            misses.append((x, out))
    print(f"DOI checks: {right}/{len(cases)} as expected ({pct(right, len(cases))})")
    for cls, c in sorted(per.items()):
        print(f"  {cls:20} {dict(c.most_common())}")
    for x, out in misses[:show]:
        print(f"- [{x['class']}] {x['text'][:160]}\n    -> {out.get('verdict')}: {out.get('reason', '')[:240]}")


if __name__ == "__main__":
    sys.exit(main())
