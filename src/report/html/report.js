"use strict";
// Filters, sorts and pages the citations table. The state lives in the URL's fragment
// (#verdict=dead&doc=0&q=words&sort=5-desc) so that a view can be linked. The <html>
// element reports on the script for tests: data-js="ready", data-matching and
// data-shown (rows), data-errors, data-blocked (CSP violations), data-resources.
(() => {
  const root = document.documentElement;
  const bump = (name) => root.setAttribute(name, String(Number(root.getAttribute(name) || 0) + 1));
  root.setAttribute("data-errors", "0");
  root.setAttribute("data-blocked", "0");
  window.addEventListener("error", () => bump("data-errors"));
  document.addEventListener("securitypolicyviolation", () => bump("data-blocked"));

  const PAGE = 100;
  const form = document.getElementById("filters");
  const table = document.getElementById("table");
  const body = table.tBodies[0];
  const heads = Array.from(table.tHead.rows[0].cells);
  const count = document.getElementById("count");
  const pager = document.getElementById("pager");
  const rows = Array.from(body.rows);
  const words = rows.map((r) => r.textContent.toLowerCase());
  const total = rows.length;
  let matching = rows;
  let page = 0;
  let all = false;
  let sort = { col: 0, desc: false };

  const key = (row, col) => {
    const cell = row.cells[col];
    if (!cell) return "";
    const s = cell.getAttribute("data-s");
    return s === null ? cell.textContent.trim().toLowerCase() : s;
  };
  // Each row's key is read once per sort, not once per comparison: on 10,000 rows
  // that is the difference between a blink and seconds.
  const order = () => {
    const numeric = heads[sort.col].getAttribute("data-k") === "num";
    const keyed = rows.map((r) => {
      const k = key(r, sort.col);
      return { k: numeric ? Number(k) : k, i: Number(r.getAttribute("data-i")), r };
    });
    keyed.sort((a, b) => {
      let d = numeric ? a.k - b.k : a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      if (sort.desc) d = -d;
      return d || a.i - b.i;
    });
    // Rows move while their table is out of the document: moved in place, each move
    // would restyle the rows after it, and 10,000 moves took seconds.
    const place = body.nextSibling;
    table.removeChild(body);
    keyed.forEach((x) => body.appendChild(x.r));
    table.insertBefore(body, place);
    heads.forEach((h, i) => {
      if (i === sort.col) h.setAttribute("aria-sort", sort.desc ? "descending" : "ascending");
      else h.removeAttribute("aria-sort");
    });
  };

  const filter = () => {
    const v = form.elements.verdict.value;
    const d = form.elements.doc.value;
    const q = form.elements.q.value.trim().toLowerCase();
    matching = [];
    for (const r of body.rows) {
      const ok =
        (!v || (v === "attention" ? r.hasAttribute("data-a") : r.getAttribute("data-v") === v)) &&
        (!d || r.getAttribute("data-d") === d) &&
        (!q || words[Number(r.getAttribute("data-i"))].includes(q));
      if (r.hidden === ok) r.hidden = !ok;
      if (ok) matching.push(r);
    }
  };

  const paginate = () => {
    const pages = all ? 1 : Math.max(1, Math.ceil(matching.length / PAGE));
    page = Math.min(page, pages - 1);
    const from = all ? 0 : page * PAGE;
    const to = all ? matching.length : Math.min(matching.length, from + PAGE);
    matching.forEach((r, i) => r.classList.toggle("off", i < from || i >= to));
    count.textContent =
      matching.length === 0
        ? `No citation matches (of ${total}).`
        : `Showing ${from + 1}–${to} of ${matching.length} matching (${total} in all).`;
    pager.hidden = pages < 2 && !all;
    document.getElementById("page").textContent = all ? "all rows" : `page ${page + 1} of ${pages}`;
    pager.querySelector("[data-go=prev]").disabled = all || page === 0;
    pager.querySelector("[data-go=next]").disabled = all || page >= pages - 1;
    pager.querySelector("[data-go=all]").textContent = all ? `${PAGE} per page` : "Show all";
    root.setAttribute("data-matching", String(matching.length));
    root.setAttribute("data-shown", String(to - from));
  };

  const save = () => {
    const p = new URLSearchParams();
    for (const name of ["verdict", "doc", "q"]) {
      if (form.elements[name].value) p.set(name, form.elements[name].value);
    }
    if (sort.col !== 0 || sort.desc) p.set("sort", `${sort.col}-${sort.desc ? "desc" : "asc"}`);
    const hash = p.toString();
    try {
      history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
    } catch (e) {
      // Some browsers refuse to change a file:// URL; the view still works.
    }
  };

  const load = () => {
    const p = new URLSearchParams(location.hash.slice(1));
    for (const name of ["verdict", "doc"]) {
      const el = form.elements[name];
      const want = p.get(name) || "";
      el.value = Array.from(el.options).some((o) => o.value === want) ? want : "";
    }
    form.elements.q.value = p.get("q") || "";
    const m = /^(\d+)-(asc|desc)$/.exec(p.get("sort") || "");
    const col = m ? Number(m[1]) : 0;
    sort = { col: col < heads.length ? col : 0, desc: Boolean(m) && m[2] === "desc" };
  };

  const update = (keepPage) => {
    filter();
    if (!keepPage) page = 0;
    paginate();
  };

  heads.forEach((h, i) =>
    h.querySelector("button").addEventListener("click", () => {
      sort = { col: i, desc: sort.col === i && !sort.desc };
      order();
      update(false);
      save();
    }),
  );
  form.addEventListener("input", () => {
    update(false);
    save();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  pager.addEventListener("click", (e) => {
    const go = e.target.getAttribute && e.target.getAttribute("data-go");
    if (!go) return;
    if (go === "all") all = !all;
    else page += go === "next" ? 1 : -1;
    paginate();
    table.scrollIntoView({ block: "start" });
  });
  window.addEventListener("hashchange", () => {
    load();
    order();
    update(false);
    document.getElementById("citations").scrollIntoView({ block: "start" });
  });

  load();
  if (sort.col !== 0 || sort.desc) order();
  update(false);
  // Until now the stylesheet showed only the first page; from here the script pages.
  table.classList.remove("paged");
  form.hidden = false;
  root.setAttribute("data-js", "ready");
  root.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
  root.setAttribute("data-ms", String(Math.round(performance.now())));
  window.addEventListener("load", () =>
    root.setAttribute("data-resources", String(performance.getEntriesByType("resource").length)),
  );
})();
