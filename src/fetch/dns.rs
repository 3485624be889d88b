//! Names and addresses: which addresses a fetch may reach, and how a name becomes addresses.
//!
//! URLs come from documents anyone may have written, and citecheck runs in CI next to cloud
//! metadata services. Checking the host *name* is not enough (`metadata.evil.example` can
//! resolve to 169.254.169.254), so the policy here is applied to the *resolved* addresses
//! (by the client's resolver), and separately to URLs whose host is an IP literal, which
//! reqwest connects to without resolving. The network evidence (`network.rs`) uses the same
//! resolution and the same idea of a public address.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Which addresses may be contacted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AddressPolicy {
    /// Also refuse private and loopback ranges.
    pub exclude_private: bool,
}

impl AddressPolicy {
    /// True when `ip` may be contacted.
    pub fn allows(self, ip: IpAddr) -> bool {
        // An IPv4-mapped IPv6 address reaches the IPv4 host: judge it as that host.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        if is_always_refused(ip) {
            return false;
        }
        !(self.exclude_private && is_private(ip))
    }
}

/// Link-local (where cloud metadata services live), known metadata addresses, and the
/// unspecified address (connecting to 0.0.0.0 reaches the local machine).
fn is_always_refused(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_link_local() || v4.is_unspecified() || v4 == Ipv4Addr::new(100, 100, 100, 200)
        }
        IpAddr::V6(v6) => {
            (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.is_unspecified()
                || v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254)
        }
    }
}

/// An address on the internet at large: an answer from one shows the machine is online,
/// which an answer from this machine or its local network does not.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    !is_always_refused(ip) && !is_private(ip)
}

/// Loopback, RFC 1918, carrier-grade NAT and IPv6 unique-local addresses.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback() || v4.is_private() || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

/// Why the resolver produced no address; found again in reqwest's error chain.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveError {
    /// The name does not exist.
    #[error("no such host {0}")]
    NotFound(String),
    /// The resolver failed for another reason (no network, timeout, SERVFAIL).
    #[error("cannot resolve {name}: {message}")]
    Failed {
        /// The host name.
        name: String,
        /// What getaddrinfo said.
        message: String,
    },
    /// Every address of the name is refused by the policy.
    #[error("{0} resolves only to excluded addresses")]
    Excluded(String),
}

/// The addresses of a name, and whether the system resolver gave them.
pub(crate) struct Resolved {
    /// The addresses, port 0.
    pub addrs: Vec<SocketAddr>,
    /// False for a fixed `[resolve]` entry, which proves nothing about DNS.
    pub from_system: bool,
}

/// The addresses of `name`: an exact fixed entry, else the `*` entry (every name to one
/// test server or mirror), else the system resolver.
pub(crate) async fn resolve_name(
    fixed: &BTreeMap<String, Vec<IpAddr>>,
    name: &str,
) -> Result<Resolved, ResolveError> {
    let entry = fixed
        .get(name)
        .or_else(|| fixed.get(&name.to_ascii_lowercase()))
        .or_else(|| fixed.get("*"));
    match entry {
        // An entry with no address says the name does not exist, as a resolver
        // answering NXDOMAIN would: a blocked host, or a test that must stay local.
        Some(ips) if ips.is_empty() => Err(ResolveError::NotFound(name.to_owned())),
        Some(ips) => Ok(Resolved {
            addrs: ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect(),
            from_system: false,
        }),
        None => Ok(Resolved {
            addrs: lookup(name).await?,
            from_system: true,
        }),
    }
}

async fn lookup(name: &str) -> Result<Vec<SocketAddr>, ResolveError> {
    match tokio::net::lookup_host((name, 0)).await {
        Ok(addrs) => Ok(addrs.collect()),
        Err(e) => {
            let message = e.to_string();
            // getaddrinfo's codes reach us only as text (std maps EAI_NONAME and EAI_NODATA
            // to these messages); NXDOMAIN must be told apart from "resolver unreachable"
            // because only the first means the link is dead.
            if message.contains("not known") || message.contains("No address associated") {
                Err(ResolveError::NotFound(name.to_owned()))
            } else {
                Err(ResolveError::Failed {
                    name: name.to_owned(),
                    message,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_refuses_metadata_and_link_local_always() {
        let p = AddressPolicy {
            exclude_private: false,
        };
        for ip in [
            "169.254.169.254",
            "fe80::1",
            "::ffff:169.254.169.254",
            "0.0.0.0",
        ] {
            assert!(!p.allows(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["127.0.0.1", "10.1.2.3", "93.184.216.34", "::1"] {
            assert!(p.allows(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn exclude_private_refuses_private_ranges() {
        let p = AddressPolicy {
            exclude_private: true,
        };
        for ip in [
            "127.0.0.2",
            "10.0.0.1",
            "192.168.1.1",
            "172.20.0.1",
            "fd12::1",
        ] {
            assert!(!p.allows(ip.parse().unwrap()), "{ip}");
        }
        assert!(p.allows("93.184.216.34".parse().unwrap()));
    }
}
