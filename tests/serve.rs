//! `knte serve` driven as a person would: the real binary on a copy of the base fixture, on a free
//! port, with plain HTTP requests over a TCP socket. The server is killed when each test ends; every
//! socket the tests open has a time limit, so no test can wait forever.

mod common;

use common::*;
use knte::serve::http::{HEAD_TIMEOUT, MAX_CONNECTIONS};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `knte serve`; killed on drop, even when the test fails.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    std::fs::create_dir_all(root.join("tmp")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_knte"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        // The server's build folders go inside the test's folder, removed with it.
        .env("TMPDIR", root.join("tmp"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("knte serve starts");
    let stdout = child.stdout.take().unwrap();
    // The first line names the address, once the first build is done.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(l) => l,
        Err(_) => {
            let _ = child.kill();
            panic!("knte serve printed no address within 60 s");
        }
    };
    let port = line
        .trim()
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in: {line}"));
    Server { child, port }
}

/// Sends `GET target` exactly as written (no normalisation) and returns the status and body.
fn get(port: u16, target: &str) -> (u16, String) {
    get_within(port, target, Duration::from_secs(10))
}

/// [`get`], giving up after `limit` (status 0).
fn get_within(port: u16, target: &str, limit: Duration) -> (u16, String) {
    let request = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let text = exchange(port, request.as_bytes(), limit);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status_of(head), body.to_string())
}

/// Sends `request` as is and returns all the server sends back before closing (or before `limit`).
fn exchange(port: u16, request: &[u8], limit: Duration) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    s.set_read_timeout(Some(limit)).unwrap();
    s.set_write_timeout(Some(limit)).unwrap();
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

fn status_of(head: &str) -> u16 {
    head.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// The server process's thread count (Linux; `None` elsewhere).
fn threads(server: &Server) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Most threads the server may run: one per connection up to the cap, and a few of its own.
const MAX_THREADS: usize = MAX_CONNECTIONS + 16;

fn connect(port: u16) -> TcpStream {
    TcpStream::connect(("127.0.0.1", port)).expect("connects")
}

/// Polls `target` until `ok` holds, for at most `limit`; returns the last answer and the time taken.
fn poll(
    port: u16,
    target: &str,
    limit: Duration,
    ok: impl Fn(u16, &str) -> bool,
) -> (u16, String, Duration) {
    let started = Instant::now();
    loop {
        let (status, body) = get(port, target);
        if ok(status, &body) || started.elapsed() > limit {
            return (status, body, started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

const PAGE: &str = "/barriers/cn-001/";
const FILE: &str = "content/cn/cosmetics-registration.md";

#[test]
fn edits_show_up_errors_show_as_a_page_and_go_away() {
    let dir = base_tree();
    let server = start(dir.path());
    let file = dir.path().join(FILE);
    let original = std::fs::read_to_string(&file).unwrap();

    let (status, body) = get(server.port, PAGE);
    assert_eq!(status, 200);
    assert!(body.contains("화장품 등록·비안 제도"));
    assert!(
        body.contains("/__knte/events"),
        "served pages carry the reload script"
    );

    // Edit the title: the new title is served within 2 seconds.
    let edited = original.replace("title: 화장품 등록·비안 제도", "title: 새로 고친 제목");
    assert_ne!(edited, original);
    std::fs::write(&file, &edited).unwrap();
    let (status, body, took) = poll(server.port, PAGE, Duration::from_secs(2), |s, b| {
        s == 200 && b.contains("새로 고친 제목")
    });
    assert!(
        status == 200 && body.contains("새로 고친 제목"),
        "the new title was not served within 2 s ({took:?}): {status}"
    );
    eprintln!("edit -> new title served in {} ms", took.as_millis());

    // Break the front matter (line 7: a second ': ' in a value): every page is the error page.
    let broken = edited.replace("category: tbt", "category: tbt: x");
    std::fs::write(&file, &broken).unwrap();
    let (status, body, took) = poll(server.port, PAGE, Duration::from_secs(5), |s, _| s == 500);
    assert_eq!(status, 500, "no error page after {took:?}");
    assert!(
        body.contains("content/cn/cosmetics-registration.md:7:14"),
        "the error page names the file and line:\n{body}"
    );
    assert!(body.contains("not valid YAML"), "{body}");
    let (status, other) = get(server.port, "/partners/jp/");
    assert_eq!(status, 500, "every page shows the error");
    assert!(other.contains("cosmetics-registration.md:7:14"));
    let (status, _) = get(server.port, "/static/style.css");
    assert_eq!(
        status, 200,
        "assets are still served from the last good build"
    );

    // Fix it: the page comes back.
    std::fs::write(&file, &edited).unwrap();
    let (status, body, took) = poll(server.port, PAGE, Duration::from_secs(5), |s, _| s == 200);
    assert_eq!(status, 200, "the page did not come back after {took:?}");
    assert!(body.contains("새로 고친 제목"));

    // A burst of saves (an editor writing in steps) ends in one good site, the server alive.
    for i in 0..40 {
        let text = if i % 2 == 0 { &broken } else { &edited };
        std::fs::write(&file, text).unwrap();
    }
    std::fs::write(&file, edited.replace("새로 고친 제목", "마지막 제목")).unwrap();
    let (status, body, took) = poll(server.port, PAGE, Duration::from_secs(5), |s, b| {
        s == 200 && b.contains("마지막 제목")
    });
    assert!(
        status == 200 && body.contains("마지막 제목"),
        "after a burst of saves: {status} after {took:?}"
    );
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let dir = base_tree();
    // Files a traversal would reach: the root itself and the content.
    std::fs::write(dir.path().join("secret.txt"), "SECRET-MARKER").unwrap();
    let server = start(dir.path());
    let (status, _) = get(server.port, "/");
    assert_eq!(status, 200);
    let manifest = env!("CARGO_MANIFEST_DIR");
    let absolute = format!("/{manifest}/Cargo.toml");
    let targets = [
        "/../Cargo.toml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/static/..%2f..%2fsecret.txt",
        "//etc/passwd",
        absolute.as_str(),
        "/static/../../Cargo.toml",
        "/static/../../secret.txt",
        "/..\\..\\secret.txt",
        "/static\\..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/content/cn/cosmetics-registration.md",
        "/.%2e/content/cn/cosmetics-registration.md",
    ];
    for target in targets {
        let (status, body) = get(server.port, target);
        assert_eq!(status, 404, "{target} got {status}");
        for leak in ["SECRET-MARKER", "root:x:0:0", "[package]", "id: CN-001"] {
            assert!(!body.contains(leak), "{target} served {leak}");
        }
    }
}

#[test]
fn methods_and_malformed_requests_get_plain_answers() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    let limit = Duration::from_secs(10);

    let head = exchange(port, b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", limit);
    let (lines, body) = head.split_once("\r\n\r\n").unwrap_or((&head, "?"));
    assert_eq!(status_of(lines), 200, "{head}");
    assert!(body.is_empty(), "HEAD gets no body: {body}");
    let length: usize = lines
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert_eq!(
        length,
        get(port, "/").1.len(),
        "HEAD names the GET's length"
    );

    let old = exchange(port, b"GET / HTTP/1.0\r\n\r\n", limit);
    assert_eq!(status_of(&old), 200, "HTTP/1.0 is answered");

    let post = exchange(
        port,
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\na=1",
        limit,
    );
    assert_eq!(status_of(&post), 405, "{post}");
    assert!(post.contains("Allow: GET, HEAD"), "{post}");

    let folder = exchange(port, b"GET /partners/jp HTTP/1.1\r\n\r\n", limit);
    assert_eq!(status_of(&folder), 301, "{folder}");
    assert!(folder.contains("Location: /partners/jp/\r\n"), "{folder}");

    for junk in [
        &b"hello\r\n\r\n"[..],
        b"GET /\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
    ] {
        let answer = exchange(port, junk, limit);
        assert_eq!(status_of(&answer), 400, "{answer}");
    }

    // A head over 16 KiB is refused without waiting for its end.
    let mut big = b"GET / HTTP/1.1\r\nX-Pad: ".to_vec();
    big.resize(big.len() + 20 * 1024, b'a');
    let answer = exchange(port, &big, limit);
    assert_eq!(status_of(&answer), 431, "{answer}");

    let (status, _) = get(port, "/");
    assert_eq!(status, 200, "the server still answers");
}

/// Clients that connect and send nothing, or half a request, do not keep others from being
/// served, and are disconnected by the server once their time is up.
#[test]
fn slow_clients_neither_stall_the_server_nor_stay_connected() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    assert_eq!(get(port, "/").0, 200);

    let opened = Instant::now();
    let silent: Vec<TcpStream> = (0..20).map(|_| connect(port)).collect();
    let partial: Vec<TcpStream> = (0..20)
        .map(|i| {
            let mut s = connect(port);
            let half: &[u8] = if i % 2 == 0 {
                b"GET / HT"
            } else {
                b"GET / HTTP/1.1\r\nHost: 127.0"
            };
            s.write_all(half).unwrap();
            s
        })
        .collect();

    // While the 40 are held open, every page request is answered at once.
    for i in 0..20 {
        let started = Instant::now();
        let (status, body) = get_within(port, "/", Duration::from_secs(3));
        assert_eq!(
            status,
            200,
            "request {i} with 40 slow clients connected: no page after {:?}",
            started.elapsed()
        );
        assert!(body.contains("</html>"), "request {i}: a whole page");
    }
    if let Some(n) = threads(&server) {
        assert!(n <= MAX_THREADS, "{n} threads with 40 slow clients");
    }
    eprintln!(
        "20 pages served in {} ms with 40 slow clients connected",
        opened.elapsed().as_millis()
    );

    // The server closes them itself once the time for a request is up: the silent ones without a
    // word, the half-sent ones with 408.
    let limit = opened + HEAD_TIMEOUT + Duration::from_secs(3);
    for (kind, conns) in [("silent", silent), ("half-sent", partial)] {
        for mut s in conns {
            let left = limit
                .saturating_duration_since(Instant::now())
                .max(Duration::from_millis(10));
            s.set_read_timeout(Some(left)).unwrap();
            let mut got = Vec::new();
            if let Err(e) = s.read_to_end(&mut got) {
                assert!(
                    !matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
                    "a {kind} connection was still open {:?} after connecting",
                    opened.elapsed()
                );
            }
            let text = String::from_utf8_lossy(&got);
            if kind == "silent" {
                assert!(text.is_empty(), "a silent connection got: {text}");
            } else {
                assert!(
                    text.starts_with("HTTP/1.1 408 "),
                    "a half-sent request got: {text}"
                );
            }
        }
    }
    eprintln!(
        "all 40 slow clients disconnected by the server after {} ms",
        opened.elapsed().as_millis()
    );
    assert_eq!(get(port, "/").0, 200, "the server still answers");
}

/// A bounded flood of requests on loopback is answered with the server's threads bounded; more
/// connections than the server takes at once are refused with 503 at once, and it answers again
/// when they go.
#[test]
fn a_request_flood_leaves_the_server_answering() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    let idle_threads = threads(&server);

    // A flood: 400 requests from 8 threads, each with a read timeout; all must be answered.
    let started = Instant::now();
    let handles: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                let mut ok = 0;
                for i in 0..50 {
                    let target = if (t + i) % 3 == 0 {
                        "/does-not-exist/"
                    } else {
                        PAGE
                    };
                    let (status, _) = get(port, target);
                    if status == 200 || status == 404 {
                        ok += 1;
                    }
                }
                ok
            })
        })
        .collect();
    let mut most_threads = 0;
    while !handles.iter().all(|h| h.is_finished()) {
        most_threads = most_threads.max(threads(&server).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(20));
    }
    let answered: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(answered, 400, "every request of the flood is answered");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the flood took {:?}",
        started.elapsed()
    );
    assert!(
        most_threads <= MAX_THREADS,
        "{most_threads} threads during the flood"
    );
    let (status, _) = get(port, PAGE);
    assert_eq!(status, 200, "the server still answers after the flood");

    // More connections than the cap, all silent: those over it get 503 at once, the threads stay
    // bounded, and a request now is refused at once rather than left waiting.
    let extra = 36;
    let mut conns: Vec<(TcpStream, bool)> = (0..MAX_CONNECTIONS + extra)
        .map(|_| {
            let s = connect(port);
            s.set_nonblocking(true).unwrap();
            (s, false)
        })
        .collect();
    let opened = Instant::now();
    let mut refused = 0;
    while refused < extra && opened.elapsed() < Duration::from_secs(3) {
        for (s, seen) in conns.iter_mut().filter(|(_, seen)| !*seen) {
            let mut buf = [0u8; 512];
            if let Ok(n) = s.read(&mut buf) {
                *seen = true;
                if buf[..n].starts_with(b"HTTP/1.1 503 ") {
                    refused += 1;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        refused >= extra,
        "{refused} of {} connections over the cap of {MAX_CONNECTIONS} were refused with 503",
        MAX_CONNECTIONS + extra
    );
    if let Some(n) = threads(&server) {
        assert!(n <= MAX_THREADS, "{n} threads while over the cap");
        eprintln!(
            "server threads: {idle_threads:?} idle, at most {most_threads} in the flood, {n} over the cap"
        );
    }
    let asked = Instant::now();
    let (status, _) = get_within(port, PAGE, Duration::from_secs(3));
    assert!(
        status == 503 || (status == 0 && asked.elapsed() < Duration::from_secs(2)),
        "a request while the server is full: {status} after {:?}",
        asked.elapsed()
    );

    // Once they go, pages are served again and the threads go too.
    drop(conns);
    let (status, _, took) = poll(port, PAGE, Duration::from_secs(3), |s, _| s == 200);
    assert_eq!(status, 200, "no page {took:?} after the connections closed");
    if let Some(idle) = idle_threads {
        let since = Instant::now();
        let mut n = threads(&server).unwrap_or(0);
        while n > idle + 4 && since.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(50));
            n = threads(&server).unwrap_or(0);
        }
        assert!(n <= idle + 4, "{n} threads left (idle: {idle})");
    }
}
