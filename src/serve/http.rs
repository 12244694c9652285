//! The preview server's HTTP/1.1 on one connection: the bytes a client sends -> one [`Request`]
//! (or the status for a malformed one), and an [`Answer`] -> bytes on the socket. Input: a
//! `TcpStream` and what was already read from it. Output: the parsed head, the written answer.
//! Which connections get a thread, and when, is [`super::accept`]'s part.
//!
//! Written for a local preview that must not be stalled by a client: a request's line and headers
//! must arrive within [`HEAD_TIMEOUT`] and fit in [`MAX_HEAD`] bytes; a client that connects and
//! sends nothing, or stops halfway, is dropped when the time is up. Writes have a deadline too.
//! Every answer carries `Connection: close`: no keep-alive, so an idle browser connection never
//! holds a thread. The request line, the `Host` header and, for requests that carry a form, the
//! `Content-Length`, `Content-Type` and `Cookie` headers are used; the other headers are read and
//! checked for form. A body is read only when the server was started to take one
//! ([`read_body`], for `knte serve --edit`): its length must be declared and within the limit, and it
//! must arrive within [`BODY_TIMEOUT`]; otherwise bodies are never read (other methods than GET and
//! HEAD get 405 from the handler). A request without exactly one `Host` header gets 400.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// Longest request line plus headers, in bytes; a longer head gets 431.
pub const MAX_HEAD: usize = 16 * 1024;
/// Time a client has, from connecting, to send the whole request line and headers.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Time a client has, once its head is in, to send the whole body (only read by `--edit`).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(15);
/// Time an answer has to be written (a client that stops reading is dropped after it).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After an answer, how long the connection is read and discarded before closing (so that unread
/// bytes from the client do not reset the connection before the answer arrives).
const LINGER: Duration = Duration::from_secs(1);
/// Most bytes discarded while lingering.
const LINGER_BYTES: usize = 64 * 1024;

/// A request's method, target and `Host` header, as sent (`GET`, `/barriers/?q=1`,
/// `127.0.0.1:1111`), the headers a form's body needs, and the body's bytes read so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// The `Host` header's value without surrounding spaces (every request has exactly one).
    pub host: String,
    /// `Content-Length`, when sent (at most once, digits only).
    pub content_length: Option<u64>,
    /// Whether a `Transfer-Encoding` header was sent (a body of unknown length: never read).
    pub chunked: bool,
    /// `Content-Type`, when sent.
    pub content_type: Option<String>,
    /// `Cookie` headers, joined with `; `.
    pub cookie: String,
    /// The body: the bytes that came after the head so far, all of it after [`read_body`].
    pub body: Vec<u8>,
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

    /// A short plain-text answer (malformed request, timeout, too busy, wrong host).
    pub fn plain(status: u16, text: &str) -> Answer {
        Answer::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
        .with_header("Cache-Control", "no-store")
    }

    /// The answer to a malformed, oversized or unfinished request.
    pub fn bad(status: u16) -> Answer {
        Answer::plain(status, reason(status))
    }
}

/// What a connection's first bytes amount to.
#[derive(Debug, PartialEq, Eq)]
pub enum Head {
    Request(Request),
    /// A malformed, oversized or unfinished request: answered with this status.
    Bad(u16),
    /// Nothing was sent (or the client left): there is nobody to answer.
    Closed,
}

/// Reads whatever the client has sent already, without waiting: the head if it is all there (or
/// the status for a bad one), `Closed` if the client left, `None` if more must be waited for.
/// The bytes read are kept in `buf` for [`read_head`].
pub fn read_ready(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Head> {
    if stream.set_nonblocking(true).is_err() {
        return Some(Head::Closed);
    }
    let mut chunk = [0u8; 4096];
    let head = loop {
        match stream.read(&mut chunk) {
            Ok(0) => break Some(Head::Closed),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == ErrorKind::WouldBlock => break None,
            Err(_) => break Some(Head::Closed),
        }
        if let Some(head) = complete_head(buf) {
            break Some(head);
        }
    };
    if stream.set_nonblocking(false).is_err() {
        return Some(Head::Closed);
    }
    head
}

/// Reads the request line and headers, after the bytes already in `buf`, until `deadline`.
pub fn read_head(stream: &mut TcpStream, mut buf: Vec<u8>, deadline: Instant) -> Head {
    if let Some(head) = complete_head(&mut buf) {
        return head;
    }
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
        if let Some(head) = complete_head(&mut buf) {
            return head;
        }
    }
}

/// The request (or the status for a bad one) once `buf` holds a whole head or too much; `None`
/// while the head may still be coming.
fn complete_head(buf: &mut Vec<u8>) -> Option<Head> {
    // Empty lines before the request line are allowed (RFC 9112, 2.2).
    let blank = buf
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    buf.drain(..blank);
    match head_end(buf) {
        Some(end) if end <= MAX_HEAD => Some(match parse_head(&buf[..end]) {
            Ok(mut req) => {
                req.body = buf[end..].to_vec();
                Head::Request(req)
            }
            Err(status) => Head::Bad(status),
        }),
        Some(_) => Some(Head::Bad(431)),
        None if buf.len() >= MAX_HEAD => Some(Head::Bad(431)),
        None => None,
    }
}

fn timed_out(buf: &[u8]) -> Head {
    if buf.is_empty() {
        Head::Closed
    } else {
        Head::Bad(408)
    }
}

/// Reads the rest of `req`'s body, by its `Content-Length`, until `deadline`. Refused with the
/// status to answer: 411 without a length (or with `Transfer-Encoding`), 413 over `max` bytes, 408
/// when the client is too slow or leaves, 400 when it sends more than it declared.
pub fn read_body(
    stream: &mut TcpStream,
    req: &mut Request,
    max: u64,
    deadline: Instant,
) -> Result<(), u16> {
    let Some(len) = req.content_length.filter(|_| !req.chunked) else {
        return Err(411);
    };
    if len > max {
        return Err(413);
    }
    let len = len as usize;
    let mut chunk = [0u8; 16 * 1024];
    while req.body.len() < len {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(408);
        }
        match stream.read(&mut chunk[..(len - req.body.len()).min(16 * 1024)]) {
            Ok(0) => return Err(408),
            Ok(n) => req.body.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return Err(408),
        }
    }
    if req.body.len() > len {
        return Err(400);
    }
    Ok(())
}

/// Writes `answer` (only its head for HEAD requests), then lingers so the client gets it all.
pub fn respond(stream: &mut TcpStream, answer: &Answer, head_only: bool) {
    if write_by(stream, &encode(answer, head_only), WRITE_TIMEOUT).is_ok() {
        linger(stream);
    }
}

/// Answers without waiting at all (on the accepting thread): the socket is made non-blocking and
/// whatever does not go out at once is dropped. Bytes the client sent are read first, so closing
/// does not reset the connection before the answer arrives.
pub fn respond_now(mut stream: TcpStream, answer: &Answer) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let mut scratch = [0u8; 4096];
    let discard = |s: &mut TcpStream, scratch: &mut [u8]| {
        for _ in 0..(MAX_HEAD / scratch.len() + 1) {
            if !matches!(s.read(scratch), Ok(n) if n > 0) {
                break;
            }
        }
    };
    discard(&mut stream, &mut scratch);
    let _ = stream.write(&encode(answer, false));
    let _ = stream.shutdown(Shutdown::Write);
    discard(&mut stream, &mut scratch);
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
    let mut host: Option<&[u8]> = None;
    let mut req = Request::default();
    for header in lines.filter(|l| !l.is_empty()) {
        // `name: value`, the name a token (no space before the colon, no folded lines).
        let name_len = header.iter().position(|&b| b == b':').ok_or(400u16)?;
        let name = &header[..name_len];
        if name_len == 0 || !name.iter().all(|&b| is_token(b)) {
            return Err(400);
        }
        if name.eq_ignore_ascii_case(b"host") {
            // Exactly one Host, a single visible word (RFC 9112, 3.2).
            let value = header[name_len + 1..].trim_ascii();
            if host.is_some() || value.iter().any(|&b| b <= b' ' || b >= 0x7f) {
                return Err(400);
            }
            host = Some(value);
        } else {
            body_header(&mut req, name, header[name_len + 1..].trim_ascii())?;
        }
    }
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| 400u16);
    req.method = text(method)?;
    req.target = text(target)?;
    req.host = text(host.ok_or(400u16)?)?;
    Ok(req)
}

/// Notes the headers a body needs: one `Content-Length` of digits (two, or another form, is 400,
/// RFC 9112 6.3), `Transfer-Encoding`, `Content-Type`, `Cookie`.
fn body_header(req: &mut Request, name: &[u8], value: &[u8]) -> Result<(), u16> {
    let text = || String::from_utf8_lossy(value).into_owned();
    if name.eq_ignore_ascii_case(b"content-length") {
        let digits = !value.is_empty() && value.iter().all(u8::is_ascii_digit);
        if req.content_length.is_some() || !digits || value.len() > 18 {
            return Err(400);
        }
        req.content_length = text().parse().ok();
    } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
        req.chunked = true;
    } else if name.eq_ignore_ascii_case(b"content-type") {
        req.content_type = Some(text());
    } else if name.eq_ignore_ascii_case(b"cookie") {
        if !req.cookie.is_empty() {
            req.cookie.push_str("; ");
        }
        req.cookie.push_str(&text());
    }
    Ok(())
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
        303 => "See Other",
        400 => "Bad Request",
        404 => "Not Found",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        421 => "Misdirected Request",
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
        let req = parse_head(b"GET /a/?q=1 HTTP/1.1\r\nHost: x:80\r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!(req.method, "GET");
        assert_eq!(req.target, "/a/?q=1");
        assert_eq!(req.host, "x:80");
        let req = parse_head(b"HEAD / HTTP/1.0\nhOsT:\t[::1]:8080  \n\n").unwrap();
        assert_eq!(
            (req.method.as_str(), req.host.as_str()),
            ("HEAD", "[::1]:8080")
        );
        assert_eq!(
            parse_head(b"POST / HTTP/1.1\r\nHost: a\r\n\r\n")
                .unwrap()
                .method,
            "POST"
        );
        assert_eq!(
            parse_head(b"GET / HTTP/1.1\r\nHost:\r\n\r\n").unwrap().host,
            ""
        );
    }

    #[test]
    fn refuses_malformed_heads() {
        for (head, status) in [
            (&b"GET /\r\nHost: a\r\n\r\n"[..], 400),
            (b"GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            (b"GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", 400),
            (b"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            (b"GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            (b"GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            (b"GET / FTP/1.1\r\nHost: a\r\n\r\n", 400),
            (b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
            (b"GET / HTTP/1.1\r\nno colon\r\nHost: a\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
            // The Host header: missing, twice, or more than one word.
            (b"GET / HTTP/1.1\r\n\r\n", 400),
            (b"GET / HTTP/1.0\r\nAccept: */*\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
            (b"GET / HTTP/1.1\r\nHost: a\xc3\xa9\r\n\r\n", 400),
            // Content-Length: twice, or not a plain number.
            (
                b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
                400,
            ),
            (
                b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
                400,
            ),
            (
                b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1,1\r\n\r\n",
                400,
            ),
        ] {
            assert_eq!(
                parse_head(head),
                Err(status),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    /// A connected pair of sockets on loopback.
    fn pair() -> (TcpStream, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    #[test]
    fn reads_what_is_there_without_waiting() {
        let (mut client, mut server) = pair();
        let mut buf = Vec::new();
        assert_eq!(read_ready(&mut server, &mut buf), None, "nothing sent yet");
        client.write_all(b"\r\nGET / HTTP/1.1\r\nHo").unwrap();
        // The rest arrives later: read_head goes on from the bytes read so far.
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut waited = 0;
        while read_ready(&mut server, &mut buf).is_none() && buf.len() < 18 && waited < 1000 {
            std::thread::sleep(Duration::from_millis(5));
            waited += 1;
        }
        client.write_all(b"st: a\r\n\r\n").unwrap();
        let head = read_head(&mut server, buf, deadline);
        assert!(
            matches!(head, Head::Request(ref r) if r.host == "a"),
            "{head:?}"
        );

        let (mut client, mut server) = pair();
        client
            .write_all(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            .unwrap();
        client.shutdown(Shutdown::Write).unwrap();
        let mut buf = Vec::new();
        let mut head = None;
        for _ in 0..1000 {
            head = read_ready(&mut server, &mut buf);
            if head.is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(
            matches!(head, Some(Head::Request(_))),
            "a whole head counts even when the client closed its side: {head:?}"
        );
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
