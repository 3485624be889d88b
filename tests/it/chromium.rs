//! Headless Chromium for the HTML report's browser tests: loads a file, dumps the DOM
//! or takes a screenshot, and records what the browser printed to its console and every
//! request it tried to send.
//!
//! Nothing can leave the machine: host names resolve to nothing
//! (`--host-resolver-rules`), and every http(s) request, loopback included, goes to a
//! proxy that is a loopback listener of ours, which records the request and hangs up.
//! The browser's own housekeeping (update checks, account and time services of Google)
//! also goes there; [`Run::page_requests`] leaves those out.
//!
//! Chromium is found at `$CITECHECK_CHROMIUM`, or as `chromium`, `chromium-browser` or
//! `google-chrome` in the usual places. `.ci/run` installs Debian's package; where none
//! is found, [`Chromium::find`] prints a loud SKIP and the tests pass without it.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A Chromium binary.
pub struct Chromium {
    path: PathBuf,
}

/// What one browser run produced.
pub struct Run {
    /// Its standard output: the DOM, for `--dump-dom`.
    pub stdout: String,
    /// Console messages (`CONSOLE` lines of its log): the page's logs and errors, and
    /// any request the Content-Security-Policy refused.
    pub console: Vec<String>,
    /// The first line of every request the browser sent (`GET http://host/path …`,
    /// `CONNECT host:443 …`).
    pub requests: Vec<String>,
    /// From start to exit, browser start-up included.
    pub elapsed: Duration,
}

/// Hosts of the browser's own background services, not of any page.
const HOUSEKEEPING: [&str; 4] = ["google.com", "googleapis.com", "gvt1.com", "gstatic.com"];

impl Run {
    /// Requests other than the browser's housekeeping: what a page tried to load.
    pub fn page_requests(&self) -> Vec<&String> {
        self.requests
            .iter()
            .filter(|line| {
                let target = line.split_whitespace().nth(1).unwrap_or_default();
                let host = url::Url::parse(target)
                    .ok()
                    .and_then(|u| u.host_str().map(str::to_owned))
                    .unwrap_or_else(|| target.split(':').next().unwrap_or_default().to_owned());
                !HOUSEKEEPING
                    .iter()
                    .any(|h| host == *h || host.ends_with(&format!(".{h}")))
            })
            .collect()
    }
}

impl Chromium {
    /// The browser, or `None` after a loud message on stderr naming `test`.
    #[expect(
        clippy::print_stderr,
        reason = "a skipped browser test must say so where cargo test shows it"
    )]
    pub fn find(test: &str) -> Option<Chromium> {
        let mut candidates: Vec<PathBuf> = std::env::var_os("CITECHECK_CHROMIUM")
            .map(PathBuf::from)
            .into_iter()
            .collect();
        for dir in ["/usr/bin", "/usr/local/bin", "/snap/bin"] {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                candidates.push(Path::new(dir).join(name));
            }
        }
        let found = candidates.into_iter().find(|p| p.is_file());
        if found.is_none() {
            eprintln!(
                "\n\n########## SKIP {test}: no Chromium found (set CITECHECK_CHROMIUM, or \
                 `apt-get install chromium` as .ci/run does). The HTML report was NOT tested \
                 in a browser. ##########\n"
            );
        }
        found.map(|path| Chromium { path })
    }

    /// Loads `page` (with `#fragment` if not empty) and returns its DOM after the load.
    pub fn dump_dom(&self, page: &Path, fragment: &str) -> Run {
        self.run(page, fragment, &["--dump-dom"])
    }

    /// [`Chromium::dump_dom`] with more flags (`--window-size=…`, `--force-dark-mode`).
    pub fn dump_dom_with(&self, page: &Path, flags: &[&str]) -> Run {
        let mut args = vec!["--dump-dom"];
        args.extend_from_slice(flags);
        self.run(page, "", &args)
    }

    /// Prints `page` to a PDF at `pdf`, with the page's print stylesheet.
    pub fn print(&self, page: &Path, pdf: &Path) -> Run {
        let to = format!("--print-to-pdf={}", pdf.display());
        self.run(page, "", &[&to, "--no-pdf-header-footer"])
    }

    /// Loads `page` in a window of `width` × `height` and saves a PNG of it to `png`.
    pub fn screenshot(&self, page: &Path, png: &Path, (width, height): (u32, u32)) -> Run {
        let shot = format!("--screenshot={}", png.display());
        let size = format!("--window-size={width},{height}");
        self.run(page, "", &[&shot, &size, "--hide-scrollbars"])
    }

    fn run(&self, page: &Path, fragment: &str, extra: &[&str]) -> Run {
        let profile = tempfile::tempdir().unwrap();
        let proxy = Proxy::start();
        let mut url = url::Url::from_file_path(page.canonicalize().unwrap()).unwrap();
        if !fragment.is_empty() {
            url.set_fragment(Some(fragment));
        }
        let start = Instant::now();
        let mut child = Command::new(&self.path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--enable-logging=stderr",
                "--v=0",
                // Every name resolves to nothing; the proxy, an address, stays reachable.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--proxy-bypass-list=<-loopback>",
            ])
            .arg(format!("--proxy-server=http://{}", proxy.address))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg(url.as_str())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = reader(child.stdout.take().unwrap());
        let stderr = reader(child.stderr.take().unwrap());
        let deadline = start + Duration::from_secs(180);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("Chromium did not finish within 3 minutes");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let elapsed = start.elapsed();
        let stderr = stderr.join().unwrap();
        Run {
            stdout: stdout.join().unwrap(),
            console: stderr
                .lines()
                .filter(|l| l.contains(":CONSOLE"))
                .map(str::to_owned)
                .collect(),
            requests: proxy.stop(),
            elapsed,
        }
    }
}

fn reader(mut from: impl std::io::Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// A loopback listener posing as the browser's proxy: it records each request's first
/// line and hangs up.
struct Proxy {
    address: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl Proxy {
    fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let address = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (Arc::clone(&seen), Arc::clone(&stop));
        let thread = std::thread::spawn(move || {
            while !st.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        stream.set_nonblocking(false).unwrap();
                        stream
                            .set_read_timeout(Some(Duration::from_secs(2)))
                            .unwrap();
                        let mut line = String::new();
                        let _ = BufReader::new(stream).read_line(&mut line);
                        s.lock().unwrap().push(line.trim_end().to_owned());
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Proxy {
            address,
            seen,
            stop,
            thread,
        }
    }

    fn stop(self) -> Vec<String> {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.join().unwrap();
        let seen = self.seen.lock().unwrap().clone();
        seen
    }
}
