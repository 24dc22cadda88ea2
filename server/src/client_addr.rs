//! Who sent a request, for the throttles (sign-in failures per address,
//! readers' reports per sender; README, "Behind a proxy, under a path"):
//! the connection's peer address, or, when the peer is one of
//! `RALLYMAP_TRUSTED_PROXIES`, the address that proxy read from its own
//! peer, as `X-Forwarded-For` carries it.
//!
//! `X-Forwarded-For` is a comma-separated list of addresses, each proxy
//! appending the peer it saw (`$proxy_add_x_forwarded_for` in nginx). A
//! client can write anything into the list's left part, so it is read from
//! the right: trusted proxies are skipped and the first address that is not
//! one is the client (the same walk as nginx's `real_ip_recursive on`).
//! Without trusted proxies the header is ignored.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use app::auth::ClientAddr;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed: networks in CIDR
/// notation (`10.0.0.0/8`, `fd00::/8`) or single addresses (`127.0.0.1`).
/// Empty by default: the peer address is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A `RALLYMAP_TRUSTED_PROXIES` entry that is neither an address nor a
/// network.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("RALLYMAP_TRUSTED_PROXIES: {0:?} is not an IP address or a network (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)")]
pub struct NotANetwork(pub String);

impl FromStr for TrustedProxies {
    type Err = NotANetwork;

    /// Comma-separated entries; spaces and empty entries are ignored.
    ///
    /// ```
    /// use server::client_addr::TrustedProxies;
    /// assert!("127.0.0.1, 10.0.0.0/8,::1".parse::<TrustedProxies>().is_ok());
    /// assert!("".parse::<TrustedProxies>().expect("none").is_empty());
    /// assert_eq!(
    ///     "10.0.0.0/33".parse::<TrustedProxies>().unwrap_err().to_string(),
    ///     "RALLYMAP_TRUSTED_PROXIES: \"10.0.0.0/33\" is not an IP address or a network (e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8)"
    /// );
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| {
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map(|n| n.trunc())
                    .map_err(|_| NotANetwork(e.to_owned()))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl TrustedProxies {
    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, addr: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&addr))
    }

    /// The client of a request that came from `peer` with `headers`: `peer`
    /// unless it is trusted; then `X-Forwarded-For` (all its fields, in
    /// order) read from the right, skipping trusted addresses, to the
    /// first that is not trusted. When the list ends, or an entry is not an
    /// address, the last trusted address read is taken: a proxy's own
    /// address rather than whatever a client wrote further left.
    ///
    /// ```
    /// use axum::http::{HeaderMap, HeaderValue};
    /// use server::client_addr::TrustedProxies;
    /// let proxies: TrustedProxies = "127.0.0.1,10.0.0.0/8".parse().expect("valid");
    /// let mut h = HeaderMap::new();
    /// h.insert("x-forwarded-for", HeaderValue::from_static("6.6.6.6, 203.0.113.9, 10.1.2.3"));
    /// assert_eq!(proxies.client("127.0.0.1".parse().unwrap(), &h).to_string(), "203.0.113.9");
    /// assert_eq!(proxies.client("198.51.100.1".parse().unwrap(), &h).to_string(), "198.51.100.1");
    /// ```
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let listed: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in listed.into_iter().rev() {
            let Some(addr) = parse_entry(entry) else { break };
            client = addr;
            if !self.trusts(addr) {
                break;
            }
        }
        client
    }
}

/// One `X-Forwarded-For` entry: an address, or one with a port
/// (`203.0.113.9:4711`, `[2001:db8::1]:4711`), as some proxies write them.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    entry.parse::<IpAddr>().or_else(|_| entry.parse::<SocketAddr>().map(|s| s.ip())).ok().map(|a| a.to_canonical())
}

/// Middleware: puts the request's [`ClientAddr`] in its extensions
/// ("unknown" without a connection, as in tests that call the router
/// directly).
pub async fn layer(State(proxies): State<TrustedProxies>, mut req: Request, next: Next) -> Response {
    let client = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| proxies.client(c.0.ip(), req.headers()).to_string());
    req.extensions_mut().insert(ClientAddr(client));
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        h
    }

    fn client(proxies: &str, peer: &str, values: &[&'static str]) -> String {
        let p: TrustedProxies = proxies.parse().expect("valid");
        p.client(peer.parse().expect("address"), &headers(values)).to_string()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(client("", "127.0.0.1", &["203.0.113.9"]), "127.0.0.1");
    }

    #[test]
    fn a_client_cannot_choose_its_address_by_writing_the_header() {
        // nginx appends the peer it saw: whatever the client wrote stays left of it.
        assert_eq!(client("127.0.0.1", "127.0.0.1", &["1.1.1.1, 203.0.113.9"]), "203.0.113.9");
        assert_eq!(client("127.0.0.1", "127.0.0.1", &["1.1.1.1", "203.0.113.9"]), "203.0.113.9");
        // Sent straight to the server, not through the proxy: the header is not believed.
        assert_eq!(client("127.0.0.1", "198.51.100.4", &["1.1.1.1"]), "198.51.100.4");
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_from_the_right() {
        let p = "127.0.0.1, 10.0.0.0/8";
        assert_eq!(client(p, "127.0.0.1", &["203.0.113.9, 10.0.0.7, 10.9.9.9"]), "203.0.113.9");
        assert_eq!(client(p, "127.0.0.1", &["10.0.0.7"]), "10.0.0.7", "all trusted: the leftmost");
        assert_eq!(client(p, "127.0.0.1", &[]), "127.0.0.1", "no header: the proxy itself");
        assert_eq!(client(p, "127.0.0.1", &["junk, 10.0.0.7"]), "10.0.0.7", "garbage is not an address");
    }

    #[test]
    fn ports_ipv6_and_ipv4_mapped_peers_are_read() {
        assert_eq!(client("::1", "::1", &["[2001:db8::5]:4711"]), "2001:db8::5");
        assert_eq!(client("127.0.0.1", "::ffff:127.0.0.1", &["203.0.113.9:80"]), "203.0.113.9");
        assert_eq!(client("fd00::/8", "fd00::2", &["2001:db8::5"]), "2001:db8::5");
    }
}
