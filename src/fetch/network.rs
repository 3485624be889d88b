//! Evidence that the machine is online, before a failure to reach a site is blamed on the
//! site.
//!
//! A name that does not resolve, a refused connection or a timeout says the site is gone
//! only if the network works: on a plane, behind a broken proxy or in a locked-down CI
//! job, every site fails the same way. So a run that saw such failures asks for proof,
//! from cheapest to dearest: an answer from a public address during the run, a public
//! address that the system resolver gave for some name, and else the canaries (by
//! default well-known hosts; `canary` in `citations.toml`), resolved and connected to
//! on their port. Hosts on this machine or its local network prove nothing about the
//! internet, so a document citing one local and one external host is judged on the
//! canaries. Without proof, every transport failure of the run is `not-checked`.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

use super::dns::{is_public, resolve_name};
use crate::types::{Fetched, TransportFailure};

/// The canaries used when none are configured: two well-known hosts on different
/// networks, reached over TLS's port (resolve and connect only, nothing is sent).
pub const DEFAULT_CANARIES: [&str; 2] = ["one.one.one.one:443", "www.wikipedia.org:443"];

/// What the fetches of a run have shown about the network so far.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    /// A response came from a public address.
    answered: AtomicBool,
    /// The system resolver gave a public address for some name.
    resolved: AtomicBool,
    /// A fetch failed before any response (name, connection, TLS, timeout).
    failed: AtomicBool,
    /// A name was reported missing (NXDOMAIN).
    missing_name: AtomicBool,
}

impl Evidence {
    /// Notes the addresses the system resolver gave for a name.
    pub fn resolved(&self, addrs: &[SocketAddr]) {
        if addrs.iter().any(|a| is_public(a.ip())) {
            self.resolved.store(true, Ordering::Relaxed);
        }
    }

    /// Notes the address a response came from.
    pub fn answered(&self, from: Option<SocketAddr>) {
        if from.is_some_and(|a| is_public(a.ip())) {
            self.answered.store(true, Ordering::Relaxed);
        }
    }

    /// Notes how a fetch that went to the network ended.
    pub fn fetched(&self, f: &Fetched) {
        if f.attempts == 0 {
            return;
        }
        if let Some(failure) = f.failure {
            self.failed.store(true, Ordering::Relaxed);
            if failure == TransportFailure::DnsNotFound {
                self.missing_name.store(true, Ordering::Relaxed);
            }
        }
    }

    /// What the run knows about its network, asking the canaries when the fetches
    /// alone do not prove what their failures need.
    pub async fn judge(&self, canaries: &[String], probe: &ProbeSettings) -> Network {
        let failed = self.failed.load(Ordering::Relaxed);
        let missing = self.missing_name.load(Ordering::Relaxed);
        let mut net = Network {
            reachable: self.answered.load(Ordering::Relaxed),
            names_resolve: self.resolved.load(Ordering::Relaxed),
            detail: None,
        };
        let need = (failed && !net.reachable) || (missing && !net.names_resolve);
        if !need {
            // Nothing to prove: no failure waits on this.
            net.reachable = true;
            net.names_resolve = true;
            return net;
        }
        if canaries.is_empty() {
            net.detail = Some("no canary is configured and no public host answered".to_owned());
            return net;
        }
        let probes = probe_all(canaries, probe).await;
        net.reachable |= probes.iter().any(|p| p.connected);
        net.names_resolve |= probes.iter().any(|p| p.resolved);
        if !net.reachable || !net.names_resolve {
            let why: Vec<String> = probes.into_iter().filter_map(|p| p.failure).collect();
            net.detail = Some(format!("canary: {}", why.join("; ")));
        }
        net
    }
}

/// What a run knows about its own network, for judging its transport failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// False when nothing proved the network reachable: every failure to reach a site
    /// in this run may be the machine's, so none of them is evidence against a site.
    pub reachable: bool,
    /// False when nothing proved that host names resolve: a missing name is then no
    /// evidence that the host is gone.
    pub names_resolve: bool,
    /// Why the proof failed (the canaries' failures), when it did.
    pub detail: Option<String>,
}

impl Default for Network {
    fn default() -> Network {
        Network {
            reachable: true,
            names_resolve: true,
            detail: None,
        }
    }
}

impl Network {
    /// Why a fetch that ended in `failure` (after `attempts` requests) proves nothing
    /// about its site, or `None` when it stands as evidence.
    pub fn unproven(&self, failure: Option<TransportFailure>, attempts: u32) -> Option<String> {
        let failure = failure.filter(|_| attempts > 0)?;
        let detail = self.detail.as_deref().unwrap_or("no evidence");
        if !self.reachable {
            return Some(format!("the network is unreachable ({detail})"));
        }
        (failure == TransportFailure::DnsNotFound && !self.names_resolve).then(|| {
            format!(
                "no other host name could be resolved, so a missing name proves nothing ({detail})"
            )
        })
    }

    /// Marks `f` `not-checked` when its failure proves nothing; true when it did.
    pub fn relabel(&self, f: &mut Fetched) -> bool {
        let Some(why) = self.unproven(f.failure, f.attempts) else {
            return false;
        };
        f.outcome = crate::types::FetchOutcome::NotChecked;
        f.detail = Some(match f.detail.take() {
            Some(d) => format!("{why}: {d}"),
            None => why,
        });
        true
    }
}

/// How to reach the canaries: the fixed addresses of `[resolve]`, the connect timeout,
/// and the proxy that every request goes through, if any.
#[derive(Debug, Clone)]
pub(crate) struct ProbeSettings {
    pub fixed: Arc<BTreeMap<String, Vec<IpAddr>>>,
    pub timeout: Duration,
    /// `host:port` of the proxy from the environment: then the proxy is the canary,
    /// since it alone is contacted directly and it resolves the names.
    pub proxy: Option<String>,
}

/// What one canary showed.
#[derive(Debug)]
struct Probe {
    resolved: bool,
    connected: bool,
    failure: Option<String>,
}

async fn probe_all(canaries: &[String], settings: &ProbeSettings) -> Vec<Probe> {
    let targets: Vec<String> = match &settings.proxy {
        Some(proxy) => vec![proxy.clone()],
        None => canaries.to_vec(),
    };
    let through_proxy = settings.proxy.is_some();
    let mut tasks = JoinSet::new();
    for (i, target) in targets.into_iter().enumerate() {
        let settings = settings.clone();
        tasks.spawn(async move { (i, probe(&target, &settings, through_proxy).await) });
    }
    let mut out = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(p) => out.push(p),
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
    // The probes end in any order; the reports quote their failures, and a report must be
    // the same on every run, so they are told in the order the canaries are configured.
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, p)| p).collect()
}

/// Resolves `target` (`host:port`, `host` for port 443, or an address) and connects.
async fn probe(target: &str, settings: &ProbeSettings, through_proxy: bool) -> Probe {
    let (host, port) = split_target(target);
    // An address proves the route, not the resolver; through a proxy the proxy resolves
    // names, so reaching it is all the resolving this machine does.
    let (addrs, named): (Vec<IpAddr>, bool) = match host.parse::<IpAddr>() {
        Ok(ip) => (vec![ip], through_proxy),
        Err(_) => match resolve_name(&settings.fixed, host).await {
            Ok(r) => (r.addrs.iter().map(SocketAddr::ip).collect(), true),
            Err(e) => {
                return Probe {
                    resolved: false,
                    connected: false,
                    failure: Some(format!("{target}: {e}")),
                }
            }
        },
    };
    let mut last = String::from("no address");
    for ip in addrs.into_iter().take(4) {
        let connect = tokio::net::TcpStream::connect(SocketAddr::new(ip, port));
        match tokio::time::timeout(settings.timeout, connect).await {
            Ok(Ok(_)) => {
                return Probe {
                    resolved: named,
                    connected: true,
                    failure: (!named).then(|| format!("{target} is an address, not a name")),
                }
            }
            Ok(Err(e)) => last = e.to_string(),
            Err(_) => last = format!("no connection within {} ms", settings.timeout.as_millis()),
        }
    }
    Probe {
        resolved: named && !through_proxy,
        connected: false,
        failure: Some(format!("cannot connect to {target}: {last}")),
    }
}

/// `host:port`, `[v6]:port`, `v6`, or `host` (port 443).
fn split_target(target: &str) -> (&str, u16) {
    let t = target.trim();
    if let Ok(addr) = t.parse::<SocketAddr>() {
        // Both forms borrow from `t`: the address text without its port.
        let host = t
            .rsplit_once(':')
            .map_or(t, |(h, _)| h)
            .trim_start_matches('[')
            .trim_end_matches(']');
        return (host, addr.port());
    }
    if t.parse::<IpAddr>().is_ok() {
        return (t, 443);
    }
    match t.rsplit_once(':') {
        Some((host, port)) => match port.parse() {
            Ok(p) => (host, p),
            Err(_) => (t, 443),
        },
        None => (t, 443),
    }
}

/// The proxy every request goes through, as `host:port`, when the standard variables
/// name one (and the configuration honours them).
pub(crate) fn env_proxy() -> Option<String> {
    let names = [
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ];
    let value = names
        .iter()
        .filter_map(|n| std::env::var(n).ok())
        .find(|v| !v.trim().is_empty())?;
    let value = value.trim();
    let url = if value.contains("://") {
        url::Url::parse(value).ok()?
    } else {
        url::Url::parse(&format!("http://{value}")).ok()?
    };
    let host = url.host_str()?;
    let port = url.port_or_known_default()?;
    // An IPv6 host comes back bracketed, as `host:port` needs it.
    Some(format!("{host}:{port}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(
            split_target("one.one.one.one:443"),
            ("one.one.one.one", 443)
        );
        assert_eq!(split_target("example.org"), ("example.org", 443));
        assert_eq!(split_target("127.0.0.1:8080"), ("127.0.0.1", 8080));
        assert_eq!(split_target("[::1]:80"), ("::1", 80));
        assert_eq!(split_target("::1"), ("::1", 443));
        assert_eq!(split_target("host:http"), ("host:http", 443));
    }

    #[test]
    fn failures_stand_only_with_proof() {
        let down = Network {
            reachable: false,
            names_resolve: false,
            detail: Some("canary: x".into()),
        };
        let no_dns = Network {
            reachable: true,
            names_resolve: false,
            detail: None,
        };
        let up = Network::default();
        let nx = Some(TransportFailure::DnsNotFound);
        let refused = Some(TransportFailure::Connect);
        assert!(down.unproven(refused, 1).unwrap().contains("canary: x"));
        assert!(down.unproven(nx, 1).is_some());
        assert!(down.unproven(None, 1).is_none(), "an answer stands");
        assert!(
            down.unproven(refused, 0).is_none(),
            "not fetched: not relabelled"
        );
        assert!(no_dns.unproven(nx, 1).is_some());
        assert!(no_dns.unproven(refused, 1).is_none());
        assert!(up.unproven(nx, 1).is_none());
    }

    #[tokio::test]
    async fn a_run_without_failures_asks_nobody() {
        let e = Evidence::default();
        let settings = ProbeSettings {
            fixed: Arc::default(),
            timeout: Duration::from_millis(1),
            proxy: None,
        };
        // A canary where nothing listens: never asked, because nothing failed.
        let net = e.judge(&["127.0.0.1:1".to_owned()], &settings).await;
        assert_eq!(net, Network::default());
    }

    #[tokio::test]
    async fn canary_failures_are_told_in_the_configured_order() {
        let e = Evidence::default();
        e.failed.store(true, Ordering::Relaxed);
        let settings = ProbeSettings {
            fixed: Arc::default(),
            timeout: Duration::from_secs(5),
            proxy: None,
        };
        // Closed ports on loopback: each probe is refused, in whatever order the
        // refusals arrive.
        let canaries: Vec<String> = (2..=9).rev().map(|i| format!("127.0.0.{i}:1")).collect();
        let net = e.judge(&canaries, &settings).await;
        let detail = net.detail.unwrap_or_default();
        let told: Vec<usize> = canaries
            .iter()
            .map(|c| detail.find(c.as_str()).unwrap_or(usize::MAX))
            .collect();
        assert!(told.iter().all(|&at| at != usize::MAX), "{detail}");
        assert!(told.windows(2).all(|w| w[0] < w[1]), "{detail}");
    }
}
