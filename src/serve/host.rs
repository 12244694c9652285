//! Which host names a request may use: the address the server listens on and a request's `Host`
//! header -> whether to answer it. Pure: no I/O.
//!
//! This guards against DNS rebinding: a page on another site, whose name its owner then points at
//! 127.0.0.1, would reach the preview with that name in `Host` and could read the answers. So a
//! request is answered only when it names the server as a person would type it: `localhost`,
//! `127.0.0.1` or the address listened on (`[::1]` when that is it), with the server's port (which
//! may be left out only when it is 80). When the server listens on every address (`0.0.0.0`,
//! `::`), any IP address is accepted, so other computers can open the preview by address; a name
//! (other than `localhost`) never is, since only names can be rebound.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The hosts the server answers to.
#[derive(Debug, Clone)]
pub struct Allowed {
    ip: IpAddr,
    port: u16,
}

impl Allowed {
    /// For a server listening on `addr` (its real port, not 0).
    pub fn new(addr: SocketAddr) -> Allowed {
        Allowed {
            ip: addr.ip(),
            port: addr.port(),
        }
    }

    /// Whether a request whose `Host` header is `host` is answered.
    pub fn accepts(&self, host: &str) -> bool {
        let Some((name, port)) = split_port(host) else {
            return false;
        };
        let port_ok = match port {
            Some(p) => p == self.port.to_string(),
            None => self.port == 80,
        };
        port_ok && self.name_ok(name)
    }

    fn name_ok(&self, name: &str) -> bool {
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
            Some(v6) => v6.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6),
            None => name.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
        };
        let Some(ip) = ip else {
            return false;
        };
        ip == IpAddr::V4(Ipv4Addr::LOCALHOST) || ip == self.ip || self.ip.is_unspecified()
    }

    /// The address to show in the refusal: `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        let host = match self.ip {
            ip if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V4(ip) => ip.to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
        };
        format!("http://{host}:{}/", self.port)
    }
}

/// `name:port` -> (`name`, `Some(port)`), `name` -> (`name`, `None`); an IPv6 address keeps its
/// brackets. `None` for anything else (an empty name or port, a bare IPv6 address).
fn split_port(host: &str) -> Option<(&str, Option<&str>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')? + 1;
        match &host[end..] {
            "" => (&host[..end], None),
            rest => (&host[..end], Some(rest.strip_prefix(':')?)),
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (!name.is_empty() && port_ok).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(addr: &str) -> Allowed {
        Allowed::new(addr.parse().unwrap())
    }

    #[test]
    fn answers_the_server_by_its_own_names_and_port() {
        let a = allowed("127.0.0.1:1111");
        for ok in ["127.0.0.1:1111", "localhost:1111", "LocalHost:1111"] {
            assert!(a.accepts(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1",
            "localhost",
            "127.0.0.1:1112",
            "127.0.0.1:01111",
            "127.0.0.1:",
            ":1111",
            "",
            "[::1]:1111",
            "::1:1111",
            "127.0.0.2:1111",
            "2130706433:1111",
            "0x7f.0.0.1:1111",
            "127.0.0.1:1111:1111",
            "localhost.:1111",
        ] {
            assert!(!a.accepts(refused), "{refused}");
        }
    }

    #[test]
    fn the_port_may_be_left_out_only_for_80() {
        let a = allowed("127.0.0.1:80");
        assert!(a.accepts("127.0.0.1") && a.accepts("localhost") && a.accepts("localhost:80"));
        assert!(!a.accepts("localhost:8080"));
    }

    #[test]
    fn ipv6_and_other_bound_addresses() {
        let a = allowed("[::1]:1111");
        assert!(a.accepts("[::1]:1111") && a.accepts("[0:0:0:0:0:0:0:1]:1111"));
        assert!(a.accepts("localhost:1111") && a.accepts("127.0.0.1:1111"));
        assert!(!a.accepts("[::1]") && !a.accepts("[::2]:1111") && !a.accepts("[::1:1111"));
        assert_eq!(a.url(), "http://[::1]:1111/");

        let lan = allowed("192.168.1.5:1111");
        assert!(lan.accepts("192.168.1.5:1111"));
        assert!(!lan.accepts("192.168.1.6:1111") && !lan.accepts("[::1]:1111"));
    }

    #[test]
    fn every_address_but_no_name_when_listening_on_all() {
        let any = allowed("0.0.0.0:1111");
        assert!(any.accepts("192.168.1.5:1111") && any.accepts("[fe80::1]:1111"));
        assert!(any.accepts("localhost:1111"));
        assert!(!any.accepts("evil.example:1111") && !any.accepts("192.168.1.5:80"));
        assert_eq!(any.url(), "http://127.0.0.1:1111/");
    }
}
