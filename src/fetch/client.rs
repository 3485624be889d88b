//! The reqwest client, with the address policy (`dns.rs`) enforced at DNS resolution.
//!
//! The client resolves names through [`GuardedResolver`], which drops the addresses the
//! policy refuses and notes, for the network evidence, which names the system resolver
//! could answer.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::config::{Error, FetchConfig};
use super::dns::{resolve_name, AddressPolicy, ResolveError};
use super::network::Evidence;
use crate::types::TransportFailure;

/// Resolves with the system resolver (or fixed entries), then drops refused addresses.
struct GuardedResolver {
    policy: AddressPolicy,
    fixed: Arc<BTreeMap<String, Vec<IpAddr>>>,
    evidence: Arc<Evidence>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy;
        let fixed = Arc::clone(&self.fixed);
        let evidence = Arc::clone(&self.evidence);
        let name = name.as_str().to_owned();
        Box::pin(async move {
            let found = resolve_name(&fixed, &name).await?;
            if found.from_system {
                evidence.resolved(&found.addrs);
            }
            let allowed: Vec<SocketAddr> = found
                .addrs
                .into_iter()
                .filter(|a| policy.allows(a.ip()))
                .collect();
            if allowed.is_empty() {
                return Err(Box::new(ResolveError::Excluded(name)) as _);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// Builds the shared client: no automatic redirects (we follow them ourselves to record the
/// chain and check each target), decompression on, the guarded resolver.
pub(crate) fn build(
    config: &FetchConfig,
    evidence: Arc<Evidence>,
) -> Result<reqwest::Client, Error> {
    let resolver = GuardedResolver {
        policy: AddressPolicy {
            exclude_private: config.exclude_private,
        },
        fixed: Arc::new(config.resolve.clone()),
        evidence,
    };
    let ua = reqwest::header::HeaderValue::from_str(&config.user_agent)
        .map_err(|_| Error::UserAgent(config.user_agent.clone()))?;
    let mut builder = reqwest::Client::builder()
        .user_agent(ua)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(config.connect_timeout)
        .dns_resolver(Arc::new(resolver))
        .pool_idle_timeout(std::time::Duration::from_secs(30));
    if !config.proxy_from_env {
        builder = builder.no_proxy();
    }
    builder.build().map_err(Error::Client)
}

/// What a reqwest error means for the fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Classified {
    /// The resolver refused every address by policy.
    Excluded,
    /// A transport failure.
    Failure(TransportFailure),
}

/// Sorts a reqwest error by walking its cause chain for our resolver's and io's errors.
pub(crate) fn classify(err: &reqwest::Error) -> Classified {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(r) = e.downcast_ref::<ResolveError>() {
            return match r {
                ResolveError::NotFound(_) => Classified::Failure(TransportFailure::DnsNotFound),
                ResolveError::Failed { .. } => Classified::Failure(TransportFailure::Dns),
                ResolveError::Excluded(_) => Classified::Excluded,
            };
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            if matches!(
                io.kind(),
                K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof
            ) {
                return Classified::Failure(TransportFailure::Reset);
            }
            if matches!(
                io.kind(),
                K::NetworkUnreachable | K::HostUnreachable | K::NetworkDown
            ) {
                return Classified::Failure(TransportFailure::NoRoute);
            }
        }
        source = e.source();
    }
    Classified::Failure(coarse(err))
}

/// The classification when no typed cause was found in the chain.
fn coarse(err: &reqwest::Error) -> TransportFailure {
    if err.is_timeout() {
        if err.is_connect() {
            TransportFailure::ConnectTimeout
        } else {
            TransportFailure::Timeout
        }
    } else if err.is_connect() {
        TransportFailure::Connect
    } else if err.is_decode() {
        TransportFailure::Decode
    } else if err.is_body() || err.is_request() {
        // hyper reports a peer that hangs up mid-response as an incomplete message, not
        // as an io error: for retry purposes it is a reset.
        TransportFailure::Reset
    } else {
        TransportFailure::Other
    }
}

/// The full error message, causes included, for `Fetched::detail`.
pub(crate) fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        let s = e.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        source = e.source();
    }
    text
}
