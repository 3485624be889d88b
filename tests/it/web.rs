//! A local stand-in for the web the corpus cites: every cited host, served from one
//! loopback server that routes by the `Host` header, behaving as such sites do.
//!
//! The run reaches it the way a user's run reaches the real web: `[resolve] "*"` sends
//! every host name to 127.0.0.1 and a remap rule only swaps `https` for `http` and adds
//! the port, so the host names, paths and per-host politeness stay the real ones.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How a simulated site answers one path.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// 200 with an article page: title (with the site's name appended) and date.
    Article { title: String, date: Option<String> },
    /// 404.
    Gone,
    /// An Akamai-style 403 bot wall.
    AkamaiWall,
    /// A Cloudflare challenge: 403 with `cf-mitigated: challenge`.
    CloudflareChallenge,
    /// 301 to the site's home page, which answers 200.
    MovedHome,
    /// A PDF with an Info title and creation date.
    Pdf { title: String, date: String },
    /// 200 whose title says the page does not exist.
    Soft404,
    /// 429 with `Retry-After: 1` once, then the article.
    RateLimited { title: String },
    /// 503 every time.
    Down,
    /// A Wayback-style Memento TimeMap endpoint (`/web/timemap/link/URL`): it lists the
    /// one capture, of [`CAPTURED`], that the same host serves for URL, if any.
    TimeMap,
}

/// The simulated web: host -> path (with query) -> behaviour.
#[derive(Clone, Default)]
pub struct Web {
    sites: Arc<HashMap<String, HashMap<String, Behaviour>>>,
    hits: Arc<Mutex<Vec<(String, String)>>>,
}

impl Web {
    /// Builds the web from `(url, behaviour)` pairs.
    pub fn new(pages: impl IntoIterator<Item = (String, Behaviour)>) -> Web {
        let mut sites: HashMap<String, HashMap<String, Behaviour>> = HashMap::new();
        for (url, b) in pages {
            let u = url::Url::parse(&url).unwrap();
            let mut path = u.path().to_owned();
            if let Some(q) = u.query() {
                path = format!("{path}?{q}");
            }
            sites
                .entry(u.host_str().unwrap().to_owned())
                .or_default()
                .insert(path, b);
        }
        Web {
            sites: Arc::new(sites),
            hits: Arc::default(),
        }
    }

    /// Serves it on 127.0.0.1.
    pub async fn start(self) -> (MockServer, Web) {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(self.clone())
            .mount(&server)
            .await;
        (server, self)
    }

    /// Every request as (host, path), in arrival order.
    pub fn hits(&self) -> Vec<(String, String)> {
        self.hits.lock().unwrap().clone()
    }

    /// The `citations.toml` lines that route a run to `server`.
    pub fn config(server: &MockServer) -> String {
        format!(
            "[resolve]\n\"*\" = \"127.0.0.1\"\n\n[[remap]]\n\
             pattern = '^https?://([^/:?#]+)(?::\\d+)?(.*)$'\n\
             replace = 'http://${{1}}:{}${{2}}'\n",
            server.address().port()
        )
    }
}

impl Respond for Web {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let host = req
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or_default()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut path = req.url.path().to_owned();
        if let Some(q) = req.url.query() {
            path = format!("{path}?{q}");
        }
        let seen_before = {
            let mut hits = self.hits.lock().unwrap();
            let n = hits.iter().filter(|h| h.0 == host && h.1 == path).count();
            hits.push((host.clone(), path.clone()));
            n
        };
        let site = self.sites.get(&host);
        if path == "/" && site.is_some() {
            return html(200, &format!("<title>{host} home</title><h1>Welcome</h1>"));
        }
        if let Some(b) = site.and_then(|s| s.get(req.url.path()).or_else(|| s.get(&path))) {
            // A capture replays the page as its own site served it, dated by the archive.
            if let Some(original) = path.strip_prefix(&capture_path("")) {
                let site_host = url::Url::parse(original)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_default();
                return respond(b, &site_host, seen_before)
                    .insert_header("memento-datetime", CAPTURED.1);
            }
            return respond(b, &host, seen_before);
        }
        if let Some(original) = path.strip_prefix(TIMEMAP) {
            if let Some(Behaviour::TimeMap) = site.and_then(|s| s.get(TIMEMAP)) {
                return timemap(
                    &host,
                    original,
                    site.is_some_and(|s| s.contains_key(&capture_path(original))),
                );
            }
        }
        html(404, "<title>404 Not Found</title>")
    }
}

fn respond(b: &Behaviour, host: &str, seen_before: usize) -> ResponseTemplate {
    match b {
        Behaviour::Article { title, date } => html(200, &article(title, date.as_deref(), host)),
        Behaviour::Gone => html(404, "<title>Page Not Found</title><h1>404</h1>"),
        Behaviour::AkamaiWall => html(
            403,
            "<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>\
             You don't have permission to access this page on this server.<P>\
             Reference&#32;&#35;18&#46;5f3c1302&#46;1700000000&#46;1a2b3c</BODY></HTML>",
        )
        .insert_header("server", "AkamaiGHost"),
        Behaviour::CloudflareChallenge => html(
            403,
            "<title>Just a moment...</title><p>Enable JavaScript and cookies to continue</p>",
        )
        .insert_header("cf-mitigated", "challenge")
        .insert_header("server", "cloudflare"),
        Behaviour::MovedHome => ResponseTemplate::new(301).insert_header("location", "/"),
        Behaviour::Pdf { title, date } => ResponseTemplate::new(200)
            .insert_header("content-type", "application/pdf")
            .set_body_bytes(pdf(title, date)),
        Behaviour::Soft404 => html(
            200,
            "<title>Page not found | Site</title><h1>Sorry, the page you are looking for does not exist</h1>",
        ),
        Behaviour::RateLimited { title } => {
            if seen_before == 0 {
                ResponseTemplate::new(429).insert_header("retry-after", "1")
            } else {
                html(200, &article(title, None, host))
            }
        }
        Behaviour::Down => html(503, "<title>Service Unavailable</title>"),
        Behaviour::TimeMap => html(404, "<title>404 Not Found</title>"),
    }
}

/// Where a Wayback-style archive serves TimeMaps.
const TIMEMAP: &str = "/web/timemap/link/";

/// The moment of the one capture the simulated archive holds of a page.
pub const CAPTURED: (&str, &str) = ("20230623101500", "Fri, 23 Jun 2023 10:15:00 GMT");

/// The path of the raw replay of the capture of `original`.
pub fn capture_path(original: &str) -> String {
    format!("/web/{}id_/{original}", CAPTURED.0)
}

/// A TimeMap in link format (RFC 7089) listing the capture of `original`, if any.
fn timemap(host: &str, original: &str, captured: bool) -> ResponseTemplate {
    if !captured {
        return html(404, "<title>404 Not Found</title>");
    }
    let (stamp, date) = CAPTURED;
    let body = format!(
        "<{original}>; rel=\"original\",\n\
         <https://{host}{TIMEMAP}{original}>; rel=\"self\"; type=\"application/link-format\",\n\
         <https://{host}/web/{original}>; rel=\"timegate\",\n\
         <https://{host}/web/{stamp}/{original}>; rel=\"first last memento\"; datetime=\"{date}\"\n"
    );
    ResponseTemplate::new(200)
        .insert_header("content-type", "application/link-format")
        .set_body_string(body)
}

fn html(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_string(body.to_owned())
}

/// A news-site article page: the site name after the title, metadata in the head, the
/// date in the header, and a sidebar of other dates that must not be taken for it.
pub fn article(title: &str, date: Option<&str>, host: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    let site = host.trim_start_matches("www.");
    let meta_date = date
        .map(|d| format!(r#"<meta property="article:published_time" content="{d}T09:00:00Z">"#))
        .unwrap_or_default();
    let header_date = date
        .map(|d| format!(r#"<time datetime="{d}">{d}</time>"#))
        .unwrap_or_default();
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8">
<title>{t} | {site}</title>
<meta property="og:title" content="{t}">
<meta property="og:site_name" content="{site}">
{meta_date}
</head><body><header><h1>{t}</h1>{header_date}</header>
<article><p>Body text of the article.</p></article>
<aside><h2>Related</h2><ul><li>Another story <time datetime="2019-01-02">2019-01-02</time></li></ul></aside>
</body></html>"#,
        t = esc(title)
    )
}

/// A one-page PDF with an Info dictionary (Title, CreationDate) and the title as the
/// first line of text, with a correct cross-reference table.
pub fn pdf(title: &str, date: &str) -> Vec<u8> {
    let pdf_str = |s: &str| {
        s.chars()
            .filter(char::is_ascii)
            .map(|c| match c {
                '(' | ')' | '\\' => format!("\\{c}"),
                c => c.to_string(),
            })
            .collect::<String>()
    };
    let t = pdf_str(title);
    let stamp = format!("D:{}000000Z", date.replace('-', ""));
    let content = format!("BT /F1 18 Tf 72 720 Td ({t}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Title ({t}) /CreationDate ({stamp}) /Producer (citecheck tests) >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
