//! URL helpers that several stages share.

/// The host name of `url` as requests see it (lower-cased, without port or user), or
/// `None` when `url` is not an absolute URL with a host. A `www.` URL cited without its
/// scheme has the host it is fetched from.
pub fn host(url: &str) -> Option<String> {
    if let Some(bare) = bare_www(url) {
        return host(&format!("https://{bare}"));
    }
    plain_host(url).or_else(|| {
        url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
    })
}

/// `url` when it is a web address cited without its scheme, as documents print them
/// (`www.example.org/page`): it starts with `www.` and a host name follows. Such a URL
/// is fetched as `https://`, then `http://`, and reported as cited.
pub fn bare_www(url: &str) -> Option<&str> {
    let head = url.get(..4)?;
    if !head.eq_ignore_ascii_case("www.") {
        return None;
    }
    let end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let authority = &url[..end];
    let name = authority
        .rsplit_once(':')
        .map_or(authority, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                // Not a port: a colon the host cannot hold, rejected below.
                authority
            }
        });
    let labels_ok = name.len() > 4
        && !name.contains("..")
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    labels_ok.then_some(url)
}

/// The host of an `http(s)` URL whose host is a plain ASCII domain name, read without a
/// full parse (reports ask for the host of every citation); `None` for anything the URL
/// standard would rewrite or reject (IP addresses, user info, escapes, IDNA), which
/// [`host`] leaves to the parser.
fn plain_host(url: &str) -> Option<String> {
    let scheme_len = url.find("://")?;
    let scheme = &url[..scheme_len];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = &url[scheme_len + 3..];
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = match authority.rsplit_once(':') {
        Some((host, port))
            if port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok() =>
        {
            host
        }
        Some(_) => return None,
        None => authority,
    };
    let plain = |label: &str| {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("xn--"))
    };
    let octet = |label: &str| {
        label.len() <= 3
            && label.bytes().all(|b| b.is_ascii_digit())
            && (label == "0" || !label.starts_with('0'))
            && label.parse::<u8>().is_ok()
    };
    // An address in the one form the standard keeps as written.
    if host.split('.').count() == 4 && host.split('.').all(octet) {
        return Some(host.to_owned());
    }
    let last = host.rsplit('.').next()?;
    // A last label that starts with a digit may make the host an IPv4 address.
    let named = last.starts_with(|c: char| c.is_ascii_alphabetic());
    (named && host.split('.').all(plain)).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_www_urls_are_web_addresses() {
        let yes = [
            "www.example.org",
            "www.example.org/page",
            "WWW.Example.org/a?b#c",
            "www.example.org:8080/x",
            "www.bücher.de/x",
        ];
        for url in yes {
            assert_eq!(bare_www(url), Some(url), "{url}");
        }
        let no = [
            "https://www.example.org/",
            "www.",
            "www..org",
            "www.example.org:x/",
            "www.exa mple.org",
            "wwwexample.org",
            "example.org/page",
            "",
        ];
        for url in no {
            assert_eq!(bare_www(url), None, "{url}");
        }
        assert_eq!(
            host("www.Example.org/a").as_deref(),
            Some("www.example.org")
        );
        assert_eq!(
            host("www.example.org:8080/x").as_deref(),
            Some("www.example.org")
        );
    }

    #[test]
    fn the_quick_host_agrees_with_the_url_parser() {
        let urls = [
            "https://www.State.gov/a/b?c#d",
            "http://example.com",
            "http://example.com:8080/x",
            "http://example.com:99999/x",
            "http://example.com:/x",
            "HTTPS://EXAMPLE.COM/",
            "https://user:pw@example.com/",
            "http://127.0.0.2:8089/p/1.html",
            "http://0x7f.1/",
            "http://127.0.0.2:8089/p",
            "http://01.2.3.4/",
            "http://256.1.1.1/",
            "http://1.2.3/",
            "http://1.2.3.4.5/",
            "http://0.0.0.0/",
            "http://1.2.3.4.5/",
            "http://example.123/",
            "http://xn--fiqs8s.cn/",
            "http://Xn--nxasmq6b.com/",
            "http://b\u{fc}cher.de/",
            "http://ex%41mple.com/",
            "http://[::1]:80/",
            "http://example.com./",
            "http://a..b/",
            "http:///x",
            "http://-x-.com/",
            "http://exa_mple.com/",
            "ftp://example.com/",
            "mailto:x@example.com",
            "http://example.com\\evil.com/",
            "not a url",
            "",
        ];
        for url in urls {
            let parsed = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned));
            assert_eq!(host(url), parsed, "{url}");
        }
        assert_eq!(
            plain_host("https://www.State.gov/a").as_deref(),
            Some("www.state.gov")
        );
    }
}
