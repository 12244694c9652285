//! Request paths -> files inside the output folder, refusing anything that could name a file
//! outside it. Input: the raw request target (`/barriers/CN-001/?x=1`). Output: the path's
//! segments, decoded and checked, or `None` (the server answers 404). Pure: no I/O.

/// A request path that stays inside the site folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Decoded path segments, none empty, none `.`/`..`, no separators inside.
    pub segments: Vec<String>,
    /// Whether the path ended with `/` (a folder: serve its `index.html`).
    pub trailing_slash: bool,
}

impl Resolved {
    /// The path relative to the site folder, with `/` separators.
    pub fn rel(&self) -> String {
        self.segments.join("/")
    }
}

/// Resolves a request target. Refused (`None`): targets that do not start with `/`, backslashes,
/// empty segments (`//etc/passwd`), `.` and `..` (also percent-encoded), encoded separators
/// (`%2f`, `%5c`), NUL bytes, `:` (drive letters) and names starting with a dot.
pub fn resolve(target: &str) -> Option<Resolved> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rest = path.strip_prefix('/')?;
    if path.contains('\\') {
        return None;
    }
    let mut raw: Vec<&str> = rest.split('/').collect();
    let trailing_slash = raw.last() == Some(&"");
    if trailing_slash {
        raw.pop();
    }
    let mut segments = Vec::with_capacity(raw.len());
    for seg in raw {
        let decoded = String::from_utf8(percent_decode(seg)?).ok()?;
        let bad = decoded.is_empty()
            || decoded == "."
            || decoded == ".."
            || decoded.starts_with('.')
            || decoded.contains(['/', '\\', '\0', ':']);
        if bad {
            return None;
        }
        segments.push(decoded);
    }
    Some(Resolved {
        segments,
        trailing_slash,
    })
}

/// `%xx` -> the byte; `None` for a `%` not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_site_paths() {
        let r = resolve("/barriers/CN-001/?q=1").unwrap();
        assert_eq!(r.rel(), "barriers/CN-001");
        assert!(r.trailing_slash);
        assert_eq!(resolve("/").unwrap().segments, Vec::<String>::new());
        assert_eq!(
            resolve("/static/style.css").unwrap().rel(),
            "static/style.css"
        );
        assert_eq!(
            resolve("/sectors/%ED%99%94/").unwrap().rel(),
            "sectors/\u{d654}"
        );
    }

    #[test]
    fn refuses_every_way_out() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/.%2e/Cargo.toml",
            "//etc/passwd",
            "/static/../../Cargo.toml",
            "/static/..%5c..%5cCargo.toml",
            "/..\\..\\Cargo.toml",
            "/C:/Windows/win.ini",
            "/static/%00",
            "/%zz",
            "/.git/config",
            "etc/passwd",
            "",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
    }
}
