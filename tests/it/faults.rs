//! The fault matrix: one `check` over a document citing a page of every way the web
//! fails, served on loopback by a raw TCP server (and a TLS one with a self-signed
//! certificate). Each case asserts its verdict; the run as a whole must finish within
//! its time budget, and every citation must appear exactly once in report.json.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use std::io::Write;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{citecheck, fixture, read_report, stderr};

/// A case: the path served, the verdicts accepted, and what it simulates.
struct Case {
    path: &'static str,
    expect: &'static [&'static str],
    what: &'static str,
}

const UNVERIFIABLE: &[&str] = &["unverifiable"];
/// A failure that may pass: `failing` until the history confirms it.
const FAILING: &[&str] = &["failing"];
const VERIFIED: &[&str] = &["verified"];

const CASES: &[Case] = &[
    Case {
        path: "/reset",
        expect: FAILING,
        what: "connection reset mid-body",
    },
    Case {
        path: "/trickle",
        expect: FAILING,
        what: "30 s trickle, one byte a second",
    },
    Case {
        path: "/endless-headers",
        expect: FAILING,
        what: "headers that never end",
    },
    Case {
        path: "/huge",
        expect: VERIFIED,
        what: "a 10 GB body, cut at the cap",
    },
    Case {
        path: "/bomb",
        expect: VERIFIED,
        what: "a gzip bomb, cut at the cap",
    },
    Case {
        path: "/loop",
        expect: UNVERIFIABLE,
        what: "a redirect loop",
    },
    Case {
        path: "/to-file",
        expect: &["skipped"],
        what: "a redirect to file://",
    },
    Case {
        path: "/to-metadata",
        expect: &["skipped"],
        what: "a redirect to 169.254.169.254",
    },
    Case {
        path: "/429",
        expect: FAILING,
        what: "429 without Retry-After, every time",
    },
    Case {
        path: "/429-seconds",
        expect: VERIFIED,
        what: "429 with Retry-After: 1, then 200",
    },
    Case {
        path: "/429-date",
        expect: VERIFIED,
        what: "429 with an HTTP-date Retry-After, then 200",
    },
    Case {
        path: "/429-absurd",
        expect: VERIFIED,
        what: "429 with Retry-After: 999999999 (capped), then 200",
    },
    Case {
        path: "/500-then-200",
        expect: VERIFIED,
        what: "500, then 200",
    },
    Case {
        path: "/empty",
        expect: VERIFIED,
        what: "200 with an empty body",
    },
    Case {
        path: "/bad-charset",
        expect: VERIFIED,
        what: "an invalid charset label",
    },
    Case {
        path: "/truncated-utf8",
        expect: VERIFIED,
        what: "truncated UTF-8",
    },
    Case {
        path: "/binary",
        expect: VERIFIED,
        what: "binary served as text/html",
    },
    Case {
        path: "/deep",
        expect: VERIFIED,
        what: "HTML nested 100,000 deep",
    },
    Case {
        path: "/long-line",
        expect: VERIFIED,
        what: "a 50 MB single line",
    },
    Case {
        path: "/corrupt.pdf",
        expect: VERIFIED,
        what: "a corrupt PDF",
    },
    Case {
        path: "/encrypted.pdf",
        expect: VERIFIED,
        what: "an encrypted PDF",
    },
    Case {
        path: "/pdf-bomb.pdf",
        expect: VERIFIED,
        what: "a PDF whose stream inflates to gigabytes",
    },
];

/// How many times each path was asked, for the scripted answers.
type Counts = Arc<std::sync::Mutex<BTreeMap<String, usize>>>;

async fn serve(listener: TcpListener, counts: Counts, port: u16) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let counts = Arc::clone(&counts);
        tokio::spawn(async move {
            let _ = handle(stream, counts, port).await;
        });
    }
}

async fn read_head<S: AsyncReadExt + Unpin>(stream: &mut S) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        if stream.read(&mut byte).await? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let line = String::from_utf8_lossy(&head)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    Ok(line.split(' ').nth(1).unwrap_or("/").to_owned())
}

fn response(status: &str, headers: &[(&str, String)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("connection: close\r\n\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn html(title: &str) -> Vec<u8> {
    format!("<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>")
        .into_bytes()
}

async fn handle(mut stream: TcpStream, counts: Counts, port: u16) -> std::io::Result<()> {
    let path = read_head(&mut stream).await?;
    let seen = {
        let mut c = counts.lock().unwrap();
        let n = c.entry(path.clone()).or_default();
        *n += 1;
        *n - 1
    };
    // Every page is titled as its footnote cites it: only the fault can fail it.
    let title = format!("Fault page {path}");
    let ok_html = |t: &str| response("200 OK", &[("content-type", "text/html".into())], &html(t));
    let out: Vec<u8> = match path.as_str() {
        "/reset" => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n<html><title>")
                .await?;
            stream.flush().await?;
            #[expect(
                deprecated,
                reason = "a zero linger does not block: the close is a RST"
            )]
            let _ = stream.set_linger(Some(Duration::ZERO));
            return Ok(());
        }
        "/trickle" => {
            stream
                .write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 30\r\n\r\n",
                )
                .await?;
            for _ in 0..30 {
                tokio::time::sleep(Duration::from_secs(1)).await;
                stream.write_all(b"x").await?;
            }
            return Ok(());
        }
        "/endless-headers" => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            for i in 0..600 {
                stream
                    .write_all(format!("x-more-{i}: yes\r\n").as_bytes())
                    .await?;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            return Ok(());
        }
        "/huge" => {
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 10000000000\r\n\r\n")
                .await?;
            stream.write_all(&html(&title)).await?;
            let chunk = vec![b'a'; 64 * 1024];
            // Until the client hangs up, which it must do at its cap.
            loop {
                stream.write_all(&chunk).await?;
            }
        }
        "/bomb" => response(
            "200 OK",
            &[
                ("content-type", "text/html".into()),
                ("content-encoding", "gzip".into()),
            ],
            &std::fs::read(fixture("pages/bomb.html.gz"))?,
        ),
        "/loop" => response("302 Found", &[("location", "/loop2".into())], b""),
        "/loop2" => response("302 Found", &[("location", "/loop".into())], b""),
        "/to-file" => response(
            "301 Moved",
            &[("location", "file:///etc/passwd".into())],
            b"",
        ),
        "/to-metadata" => response(
            "302 Found",
            &[(
                "location",
                "http://169.254.169.254/latest/meta-data/".into(),
            )],
            b"",
        ),
        "/429" => response("429 Too Many Requests", &[], b""),
        "/429-seconds" if seen == 0 => {
            response("429 Too Many Requests", &[("retry-after", "1".into())], b"")
        }
        "/429-date" if seen == 0 => {
            let at = std::time::SystemTime::now() + Duration::from_secs(2);
            response(
                "429 Too Many Requests",
                &[("retry-after", httpdate::fmt_http_date(at))],
                b"",
            )
        }
        "/429-absurd" if seen == 0 => response(
            "429 Too Many Requests",
            &[("retry-after", "999999999".into())],
            b"",
        ),
        "/500-then-200" if seen == 0 => response("500 Internal Server Error", &[], b""),
        "/429-seconds" | "/429-date" | "/429-absurd" | "/500-then-200" => ok_html(&title),
        "/empty" => response("200 OK", &[("content-type", "text/html".into())], b""),
        "/bad-charset" => response(
            "200 OK",
            &[(
                "content-type",
                "text/html; charset=x-no-such-charset".into(),
            )],
            &html(&title),
        ),
        "/truncated-utf8" => {
            let mut body = html(&title);
            body.extend_from_slice("<p>中".as_bytes());
            body.pop();
            response(
                "200 OK",
                &[("content-type", "text/html; charset=utf-8".into())],
                &body,
            )
        }
        "/binary" => {
            let body: Vec<u8> = (0..200_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect();
            response("200 OK", &[("content-type", "text/html".into())], &body)
        }
        "/deep" => {
            let mut body = format!("<html><head><title>{title}</title></head><body>");
            body.push_str(&"<div>".repeat(100_000));
            body.push_str(&"</div>".repeat(100_000));
            response(
                "200 OK",
                &[("content-type", "text/html".into())],
                body.as_bytes(),
            )
        }
        "/long-line" => {
            let mut body = html(&title);
            // Made in one allocation: byte by byte, an unoptimised test build spends
            // seconds here on a busy machine and the client's timeout fires first.
            body.extend_from_slice(&vec![b'x'; 50 * 1024 * 1024]);
            response("200 OK", &[("content-type", "text/html".into())], &body)
        }
        "/corrupt.pdf" => {
            let mut pdf = crate::web::pdf(&title, "2023-06-21");
            pdf.truncate(pdf.len() / 2);
            pdf.extend_from_slice(b"\x00\xff garbage xref 9999 0 obj <<<<");
            response(
                "200 OK",
                &[("content-type", "application/pdf".into())],
                &pdf,
            )
        }
        "/encrypted.pdf" => {
            let pdf = String::from_utf8_lossy(&crate::web::pdf(&title, "2023-06-21"))
                .replace(
                    "/Info 6 0 R",
                    "/Info 6 0 R /Encrypt << /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >>",
                )
                .into_bytes();
            response(
                "200 OK",
                &[("content-type", "application/pdf".into())],
                &pdf,
            )
        }
        "/pdf-bomb.pdf" => response(
            "200 OK",
            &[("content-type", "application/pdf".into())],
            &pdf_bomb(),
        ),
        _ => response("404 Not Found", &[], b""),
    };
    let _ = port;
    stream.write_all(&out).await?;
    stream.shutdown().await
}

/// A PDF whose one stream is 64 MiB of zeros deflated: small on the wire, huge inside.
fn pdf_bomb() -> Vec<u8> {
    let inflated = std::fs::read(fixture("pages/bomb.html.gz")).unwrap_or_default();
    // The gzip member's deflate data, wrapped as a zlib-less FlateDecode stream is not
    // valid; a reader must refuse or cap it either way, which is what is tested.
    let mut out = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        .to_vec();
    out.extend_from_slice(
        format!(
            "4 0 obj << /Length {} /Filter /FlateDecode >> stream\n",
            inflated.len()
        )
        .as_bytes(),
    );
    out.extend_from_slice(&inflated);
    out.extend_from_slice(b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
    out
}

/// An HTTPS server whose certificate no client trusts.
async fn tls_server() -> u16 {
    let cert = tokio_rustls::rustls::pki_types::CertificateDer::from(
        std::fs::read(fixture("tls/cert.der")).unwrap(),
    );
    let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(
        std::fs::read(fixture("tls/key.der")).unwrap().into(),
    );
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(stream).await {
                    let _ = read_head(&mut tls).await;
                    let _ = tls.write_all(&response("200 OK", &[], &html("TLS"))).await;
                }
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fault_matrix() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(serve(listener, Counts::default(), port));
    let tls = tls_server().await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };

    // Extra cases whose URLs are not paths on the raw server.
    let mut cases: Vec<(String, &[&str], &str)> = CASES
        .iter()
        .map(|c| {
            (
                format!("http://127.0.0.1:{port}{}", c.path),
                c.expect,
                c.what,
            )
        })
        .collect();
    cases.push((
        format!("https://127.0.0.1:{tls}/"),
        FAILING,
        "TLS with a self-signed certificate",
    ));
    cases.push((
        format!("http://127.0.0.1:{closed}/"),
        FAILING,
        "connection refused",
    ));
    cases.push((
        "http://no-such-host.invalid/page".to_owned(),
        // `[resolve]` answers "no such name" below, so no query leaves the machine.
        &["dead"],
        "a name that does not resolve",
    ));

    let title_of = |url: &str| {
        let path = url::Url::parse(url)
            .map(|u| u.path().to_owned())
            .unwrap_or_default();
        match path.as_str() {
            // The bomb's title is the fixture's own.
            "/bomb" => "Bomb".to_owned(),
            _ => format!("Fault page {path}"),
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let doc: String = cases
        .iter()
        .enumerate()
        .map(|(i, (url, _, _))| {
            format!(
                "Claim {i}.[^f{i}]\n\n[^f{i}]: “{},” {url}\n\n",
                title_of(url)
            )
        })
        .collect();
    std::fs::write(dir.path().join("faults.md"), doc).unwrap();
    std::fs::write(
        dir.path().join("citations.toml"),
        "corpus = [\"faults.md\"]\nhost_request_interval = \"0s\"\nhost_concurrency = 32\n\
         timeout = \"3s\"\nconnect_timeout = \"2s\"\nmax_retries = 1\nmax_retry_wait = \"2s\"\n\
         max_body = \"1 MiB\"\narchive = false\ncache = false\n\
         [resolve]\n\"no-such-host.invalid\" = []\n",
    )
    .unwrap();
    let path = dir.path().to_owned();
    let started = Instant::now();
    let out = tokio::task::spawn_blocking(move || citecheck(&path, &["check"]))
        .await
        .unwrap();
    let took = started.elapsed();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    // Budget: every case is bounded by the 3 s timeout and one retry; a hang would blow it.
    assert!(took < Duration::from_secs(60), "the run took {took:?}");

    let report: Value = read_report(&dir.path().join("reports"));
    let entries = report["citations"].as_array().unwrap();
    assert_eq!(entries.len(), cases.len(), "every citation exactly once");
    let mut survived = 0;
    let mut failures = Vec::new();
    for (i, (url, expect, what)) in cases.iter().enumerate() {
        let label = format!("f{i}");
        let found: Vec<&Value> = entries
            .iter()
            .filter(|e| e["note"] == label.as_str())
            .collect();
        assert_eq!(found.len(), 1, "{what}: exactly once");
        let verdict = found[0]["verdict"].as_str().unwrap_or_default();
        if expect.contains(&verdict) {
            survived += 1;
        } else {
            failures.push(format!(
                "{what} ({url}): {verdict}, expected {expect:?}: {}",
                found[0]["reason"]
            ));
        }
    }
    // Written to the stream itself, not through `println!`, so that it shows in the
    // output of a plain `cargo test`, which captures the print macros.
    let _ = writeln!(
        std::io::stderr(),
        "fault matrix: {survived}/{} cases survived in {took:.1?}",
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
