//! The figures of issue 16, measured on a simulated corpus (ignored by default: it runs
//! the binary eleven times, about a minute):
//!
//! ```text
//! cargo test --test it sim:: -- --ignored --nocapture
//! ```
//!
//! 200 cited URLs on 40 hosts, checked on 10 simulated days (`SOURCE_DATE_EPOCH` one
//! day apart; the cache emptied between days, as its 24 h lifetime would be):
//! - 140 pages always up;
//! - 30 on flaky hosts, each down (503) on a given day with probability 1/5;
//! - 20 gone from the start (404): 10 with a good capture in the Wayback Machine, 5
//!   whose only capture is a soft 404, 5 never captured;
//! - 10 whose site goes down for good (503) from day 2: 5 with a good capture, 5 whose
//!   capture is a login wall.
//!
//! It counts false `dead` (a page that is up on other days reported dead) under the
//! history policy against the one-shot policy of a link checker (any failure is an
//! error), the share of dead citations offered a copy that was checked, captures
//! wrongly accepted, and the requests sent to the archive, then a second run on the
//! last day to show what the cache saves.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::support::{citecheck_env, read_report, stderr};

const URLS: usize = 200;
const DAYS: u32 = 10;
/// 2026-12-01.
const FIRST_DAY: u64 = 1_796_083_200;
const CAPTURE: &str = "20230601000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Stable,
    Flaky,
    /// 404 from the start; the capture: good, soft 404, or none.
    Gone(Capture),
    /// 503 from day 2 on.
    Shut(Capture),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Capture {
    Good,
    Soft404,
    LoginWall,
    None,
}

fn kind(i: usize) -> Kind {
    match i {
        0..140 => Kind::Stable,
        140..170 => Kind::Flaky,
        170..190 => Kind::Gone(match i % 4 {
            0 | 1 => Capture::Good,
            2 => Capture::Soft404,
            _ => Capture::None,
        }),
        _ => Kind::Shut(if i % 2 == 0 {
            Capture::Good
        } else {
            Capture::LoginWall
        }),
    }
}

fn url(i: usize) -> String {
    format!("https://site{}.example/notes/{i}", i % 40)
}

fn title(i: usize) -> String {
    format!("Field notes on the decay of citations, part {i}")
}

/// A fixed pseudo-random draw for (url, day): the same every time the bench runs.
fn down_today(i: usize, day: u32) -> bool {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(day).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    x % 5 == 0
}

#[derive(Clone, Default)]
struct Sim {
    day: Arc<AtomicU32>,
    /// Requests per host today.
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

fn html(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "text/html; charset=utf-8")
        .set_body_string(body.to_owned())
}

fn article(i: usize) -> ResponseTemplate {
    html(
        200,
        &format!(
            "<html><head><title>{}</title></head><body><h1>{}</h1><p>Text.</p></body></html>",
            title(i),
            title(i)
        ),
    )
}

impl Sim {
    fn archive(&self, path: &str) -> ResponseTemplate {
        let index = |rest: &str| -> Option<usize> { (0..URLS).find(|&i| rest == url(i)) };
        if let Some(rest) = path.strip_prefix("/web/timemap/link/") {
            let captured = index(rest).filter(|&i| match kind(i) {
                Kind::Gone(c) | Kind::Shut(c) => c != Capture::None,
                _ => true,
            });
            return match captured {
                Some(i) => ResponseTemplate::new(200)
                    .insert_header("content-type", "application/link-format")
                    .set_body_string(format!(
                        "<{u}>; rel=\"original\",\n<https://web.archive.org/web/{CAPTURE}/{u}>; \
                         rel=\"memento\"; datetime=\"Thu, 01 Jun 2023 00:00:00 GMT\"\n",
                        u = url(i)
                    )),
                None => html(404, "<title>404</title>"),
            };
        }
        let Some(i) = path
            .strip_prefix(&format!("/web/{CAPTURE}id_/"))
            .and_then(index)
        else {
            return html(404, "<title>404</title>");
        };
        let page = match kind(i) {
            Kind::Gone(Capture::Soft404) => html(200, "<title>Page not found</title>"),
            Kind::Shut(Capture::LoginWall) => {
                html(200, "<title>Sign in | Site</title><form>password</form>")
            }
            _ => article(i),
        };
        page.insert_header("memento-datetime", "Thu, 01 Jun 2023 00:00:00 GMT")
    }
}

impl Respond for Sim {
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
        *self.hits.lock().unwrap().entry(host.clone()).or_default() += 1;
        let path = req.url.path();
        if host == "web.archive.org" {
            return self.archive(path);
        }
        let day = self.day.load(Ordering::SeqCst);
        let wanted = format!("https://{host}{path}");
        let Some(i) = (0..URLS).find(|&i| url(i) == wanted) else {
            return html(404, "<title>404</title>");
        };
        match kind(i) {
            Kind::Stable => article(i),
            Kind::Flaky if down_today(i, day) => html(503, "<title>Service Unavailable</title>"),
            Kind::Flaky => article(i),
            Kind::Gone(_) => html(404, "<title>Not Found</title>"),
            Kind::Shut(_) if day >= 2 => html(503, "<title>Service Unavailable</title>"),
            Kind::Shut(_) => article(i),
        }
    }
}

/// What one day's run came to.
#[derive(Debug, Default)]
struct Day {
    false_dead_ours: usize,
    false_dead_one_shot: usize,
    dead: usize,
    dead_with_checked_copy: usize,
    wrong_copies: usize,
    archive_requests: usize,
    site_requests: usize,
    from_cache: usize,
}

fn tally(report: &Value, sim: &Sim) -> Day {
    let mut d = Day::default();
    for c in report["citations"].as_array().unwrap() {
        let u = c["url"].as_str().unwrap_or_default();
        let Some(i) = (0..URLS).find(|&i| url(i) == u) else {
            continue;
        };
        let verdict = c["verdict"].as_str().unwrap_or_default();
        let alive = matches!(kind(i), Kind::Stable | Kind::Flaky);
        if alive && verdict == "dead" {
            d.false_dead_ours += 1;
        }
        if alive && matches!(verdict, "dead" | "failing" | "unverifiable") {
            d.false_dead_one_shot += 1;
        }
        if verdict == "dead" {
            d.dead += 1;
            if c["archive"]["checked"]["verdict"] == "verified" {
                d.dead_with_checked_copy += 1;
            }
        }
        let offered = c["archive"].is_object();
        let bad = matches!(
            kind(i),
            Kind::Gone(Capture::Soft404 | Capture::None) | Kind::Shut(Capture::LoginWall)
        );
        if offered && bad {
            d.wrong_copies += 1;
        }
        if c["fetch"]["from_cache"] == true {
            d.from_cache += 1;
        }
    }
    let hits = std::mem::take(&mut *sim.hits.lock().unwrap());
    d.archive_requests = hits.get("web.archive.org").copied().unwrap_or(0);
    d.site_requests = hits.values().sum::<usize>() - d.archive_requests;
    d
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement: run with --ignored --nocapture"]
async fn history_policy_against_one_shot_over_ten_days() {
    let sim = Sim::default();
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(sim.clone())
        .mount(&server)
        .await;
    let dir = tempfile::tempdir().unwrap();
    let mut doc = String::from("# Notes\n\n");
    for i in 0..URLS {
        doc.push_str(&format!(
            "Claim {i}.[^{i}]\n\n[^{i}]: “{},” {}\n\n",
            title(i),
            url(i)
        ));
    }
    std::fs::write(dir.path().join("doc.md"), doc).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        format!(
            "corpus = [\"doc.md\"]\nhost_request_interval = \"0s\"\nmax_retries = 1\n\
             timeout = \"5s\"\narchives = [\"internet-archive\"]\n\n\
             [resolve]\n\"*\" = \"127.0.0.1\"\n\n[[remap]]\n\
             pattern = '^https?://([^/:?#]+)(?::\\d+)?(.*)$'\n\
             replace = 'http://${{1}}:{}${{2}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    let run = |day: u32| {
        let dir = dir.path().to_owned();
        let epoch = (FIRST_DAY + u64::from(day) * 86_400).to_string();
        tokio::task::spawn_blocking(move || {
            citecheck_env(&dir, &["check", "-q"], &[("SOURCE_DATE_EPOCH", &epoch)])
        })
    };
    let mut days = Vec::new();
    for day in 0..DAYS {
        sim.day.store(day, Ordering::SeqCst);
        // A day later, the cache's 24 h are over; the history stays.
        let _ = std::fs::remove_dir_all(dir.path().join(".citecheck/cache"));
        let out = run(day).await.unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        days.push(tally(&read_report(&dir.path().join("reports")), &sim));
    }
    // The same day again (a CI re-run): the cache answers.
    let out = run(DAYS - 1).await.unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let again = tally(&read_report(&dir.path().join("reports")), &sim);

    println!("| day | false dead (history) | false dead (one-shot) | dead | dead with a checked copy | wrong copies | archive requests | site requests |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (n, d) in days.iter().enumerate() {
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} | {} |",
            d.false_dead_ours,
            d.false_dead_one_shot,
            d.dead,
            d.dead_with_checked_copy,
            d.wrong_copies,
            d.archive_requests,
            d.site_requests
        );
    }
    let sum = |f: fn(&Day) -> usize| days.iter().map(f).sum::<usize>();
    println!(
        "\ntotal over {DAYS} days: false dead {} (history) vs {} (one-shot); archive requests {}",
        sum(|d| d.false_dead_ours),
        sum(|d| d.false_dead_one_shot),
        sum(|d| d.archive_requests)
    );
    let last = days.last().unwrap();
    println!(
        "last day: {} dead, {} with a checked copy ({:.0}%), {} wrong copies offered",
        last.dead,
        last.dead_with_checked_copy,
        100.0 * last.dead_with_checked_copy as f64 / last.dead.max(1) as f64,
        last.wrong_copies
    );
    println!(
        "re-run the same day: {} archive requests, {} site requests, {} of {URLS} citations from the cache",
        again.archive_requests, again.site_requests, again.from_cache
    );
    assert_eq!(
        sum(|d| d.wrong_copies),
        0,
        "a soft 404 or a login wall was offered"
    );
}
