//! The preview server's HTTP/1.1: connections accepted on a `TcpListener` -> one request each,
//! answered by a handler, then closed. Input: the listener and a function from [`Request`] to
//! [`Answer`]. Output: bytes on the sockets.
//!
//! Written for a local preview that must not be stalled by a client: each connection gets its own
//! thread, but at most [`MAX_CONNECTIONS`] at once (beyond that a connection gets 503 at once from
//! the accepting thread and is closed), so a flood cannot grow threads without bound. A request's
//! line and headers must arrive within [`HEAD_TIMEOUT`] and fit in [`MAX_HEAD`] bytes; a client that
//! connects and sends nothing, or stops halfway, is dropped when the time is up. Writes have a
//! deadline too. Every answer carries `Connection: close`: no keep-alive, so an idle browser
//! connection never holds a thread. Only the request line is used; headers are read and checked
//! for form, and request bodies are never read (GET and HEAD have none; other methods get 405
//! from the handler).

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Most connections served at once (each on its own thread). A browser opens about six per
/// server, plus one waiting for the next build per open tab.
pub const MAX_CONNECTIONS: usize = 64;
/// Longest request line plus headers, in bytes; a longer head gets 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// Time a client has, from connecting, to send the whole request line and headers.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Time an answer has to be written (a client that stops reading is dropped after it).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After an answer, how long the connection is read and discarded before closing (so that unread
/// bytes from the client do not reset the connection before the answer arrives).
const LINGER: Duration = Duration::from_secs(1);
/// Most bytes discarded while lingering.
const LINGER_BYTES: usize = 64 * 1024;

/// A request's method and target, as sent (`GET`, `/barriers/?q=1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
}

/// An answer: status, headers besides `Content-Length` and `Connection` (added when written),
/// and body. For HEAD only the head is sent.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
        Answer {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Answer {
        self.headers.push((name, value.into()));
        self
    }

    /// A short plain-text answer made by this layer (malformed request, timeout, too busy).
    fn plain(status: u16, text: &str) -> Answer {
        Answer::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
        .with_header("Cache-Control", "no-store")
    }
}

/// Accepts connections forever, answering each request with `handler`.
pub fn serve<F>(listener: TcpListener, handler: F) -> !
where
    F: Fn(&Request) -> Answer + Send + Sync + 'static,
{
    let handler = Arc::new(handler);
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                eprintln!("warning: a connection could not be accepted: {e}");
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let Some(slot) = Slot::take(&open) else {
            refuse_busy(stream);
            continue;
        };
        let handler = Arc::clone(&handler);
        let spawned = std::thread::Builder::new()
            .name("knte-serve-conn".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, &*handler);
            });
        if let Err(e) = spawned {
            // The closure (with the slot and the stream) was dropped: the connection is closed.
            eprintln!("warning: a connection could not be served: {e}");
        }
    }
}

/// One of the [`MAX_CONNECTIONS`] places; given back when dropped, also if the thread panics.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// 503 for a connection over the limit, on the accepting thread: nothing here may wait, so the
/// socket is non-blocking and whatever does not go out at once is dropped.
fn refuse_busy(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let mut scratch = [0u8; 4096];
    // A request already received is read first, so closing does not reset the connection.
    let discard = |s: &mut TcpStream, scratch: &mut [u8]| {
        for _ in 0..(MAX_HEAD / scratch.len() + 1) {
            if !matches!(s.read(scratch), Ok(n) if n > 0) {
                break;
            }
        }
    };
    discard(&mut stream, &mut scratch);
    let answer = Answer::plain(503, "the server is busy: try again in a moment")
        .with_header("Retry-After", "1");
    let _ = stream.write(&encode(&answer, false));
    let _ = stream.shutdown(Shutdown::Write);
    discard(&mut stream, &mut scratch);
}

/// Reads one request, answers it and closes the connection.
fn connection(mut stream: TcpStream, handler: &(dyn Fn(&Request) -> Answer + Send + Sync)) {
    let _ = stream.set_nodelay(true);
    let answer = match read_head(&mut stream, Instant::now() + HEAD_TIMEOUT) {
        Head::Request(req) => {
            let head_only = req.method == "HEAD";
            Some((handler(&req), head_only))
        }
        Head::Bad(status) => Some((Answer::plain(status, reason(status)), false)),
        // Nothing was sent (or the client left): there is nobody to answer.
        Head::Closed => None,
    };
    if let Some((answer, head_only)) = answer {
        if write_by(&mut stream, &encode(&answer, head_only), WRITE_TIMEOUT).is_ok() {
            linger(&mut stream);
        }
    }
}

enum Head {
    Request(Request),
    /// A malformed, oversized or unfinished request: answered with this status.
    Bad(u16),
    Closed,
}

/// Reads the request line and headers, until `deadline`.
fn read_head(stream: &mut TcpStream, deadline: Instant) -> Head {
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return timed_out(&buf);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Head::Closed,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return timed_out(&buf)
            }
            Err(_) => return Head::Closed,
        }
        // Empty lines before the request line are allowed (RFC 9112, 2.2).
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        buf.drain(..blank);
        match head_end(&buf) {
            Some(end) if end <= MAX_HEAD => {
                return match parse_head(&buf[..end]) {
                    Ok(req) => Head::Request(req),
                    Err(status) => Head::Bad(status),
                }
            }
            Some(_) => return Head::Bad(431),
            None if buf.len() >= MAX_HEAD => return Head::Bad(431),
            None => {}
        }
    }
}

fn timed_out(buf: &[u8]) -> Head {
    if buf.is_empty() {
        Head::Closed
    } else {
        Head::Bad(408)
    }
}

/// The length of the head (through its blank line), if it is all in `buf`. Lines may end in
/// CRLF or a bare LF.
fn head_end(buf: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(p) = buf[i..].iter().position(|&b| b == b'\n') {
        let at = i + p + 1;
        match buf.get(at..) {
            Some([b'\n', ..]) => return Some(at + 1),
            Some([b'\r', b'\n', ..]) => return Some(at + 2),
            _ => i = at,
        }
    }
    None
}

/// The request line and headers -> the request, or the status for a malformed one.
fn parse_head(head: &[u8]) -> Result<Request, u16> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let line = lines.next().ok_or(400u16)?;
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(400);
    };
    if method.is_empty() || !method.iter().all(|&b| is_token(b)) {
        return Err(400);
    }
    if target.is_empty() || target.iter().any(|&b| b <= b' ' || b == 0x7f) {
        return Err(400);
    }
    match version {
        b"HTTP/1.1" | b"HTTP/1.0" => {}
        v if v.starts_with(b"HTTP/") => return Err(505),
        _ => return Err(400),
    }
    for header in lines.filter(|l| !l.is_empty()) {
        // `name: value`, the name a token (no space before the colon, no folded lines).
        let name_len = header.iter().position(|&b| b == b':').ok_or(400u16)?;
        if name_len == 0 || !header[..name_len].iter().all(|&b| is_token(b)) {
            return Err(400);
        }
    }
    Ok(Request {
        method: String::from_utf8(method.to_vec()).map_err(|_| 400u16)?,
        target: String::from_utf8(target.to_vec()).map_err(|_| 400u16)?,
    })
}

/// A character allowed in a method or header name (RFC 9110, 5.6.2).
fn is_token(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// The bytes of an answer: status line, headers, and the body unless `head_only`.
fn encode(answer: &Answer, head_only: bool) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status)).into_bytes();
    for (name, value) in &answer.headers {
        // A value can never end the head early or add a header of its own.
        if !value.contains(['\r', '\n']) {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    out.extend_from_slice(
        format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            answer.body.len()
        )
        .as_bytes(),
    );
    if !head_only {
        out.extend_from_slice(&answer.body);
    }
    out
}

/// Writes all of `data` within `limit`, however slowly the client reads.
fn write_by(stream: &mut TcpStream, data: &[u8], limit: Duration) -> std::io::Result<()> {
    let deadline = Instant::now() + limit;
    let mut rest = data;
    while !rest.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(&rest[..rest.len().min(64 * 1024)]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Ends the answer and waits briefly for the client to close, discarding what it still sends.
fn linger(stream: &mut TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() {
        return;
    }
    let deadline = Instant::now() + LINGER;
    let mut scratch = [0u8; 4096];
    let mut discarded = 0;
    while discarded < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut scratch) {
            Ok(0) => return,
            Ok(n) => discarded += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_end_of_the_head() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody"), Some(27));
        assert_eq!(head_end(b"GET / HTTP/1.1\n\n"), Some(16));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: a\r\n"), None);
        assert_eq!(head_end(b"GET / HT"), None);
        assert_eq!(head_end(b""), None);
    }

    #[test]
    fn parses_request_lines() {
        let req = parse_head(b"GET /a/?q=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, "/a/?q=1");
        assert_eq!(parse_head(b"HEAD / HTTP/1.0\n\n").unwrap().method, "HEAD");
        assert_eq!(
            parse_head(b"POST / HTTP/1.1\r\n\r\n").unwrap().method,
            "POST"
        );
    }

    #[test]
    fn refuses_malformed_heads() {
        for (head, status) in [
            (&b"GET /\r\n\r\n"[..], 400),
            (b"GET  / HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/1.1 x\r\n\r\n", 400),
            (b"G(T / HTTP/1.1\r\n\r\n", 400),
            (b"GET /a\x01 HTTP/1.1\r\n\r\n", 400),
            (b"GET /\xff HTTP/1.1\r\n\r\n", 400),
            (b"GET / FTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\n\r\n", 505),
            (b"GET / HTTP/1.1\r\nno colon\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ] {
            assert_eq!(
                parse_head(head),
                Err(status),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn encodes_answers() {
        let a = Answer::new(200, "text/plain", b"hi".to_vec())
            .with_header("X-Bad", "a\r\nSet-Cookie: x=1");
        let full = String::from_utf8(encode(&a, false)).unwrap();
        assert_eq!(
            full,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
        );
        let head = String::from_utf8(encode(&a, true)).unwrap();
        assert!(head.ends_with("Content-Length: 2\r\nConnection: close\r\n\r\n"));
    }
}
