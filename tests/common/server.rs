//! Helpers for `serve.rs`: a running `knte serve` (killed on drop) and plain HTTP over
//! `TcpStream`, every socket with a time limit.

#![allow(dead_code)]

use knte::serve::accept::{MAX_CONNECTIONS, MAX_READER_THREADS};
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A running `knte serve`; killed on drop, even when the test fails.
pub struct Server {
    pub child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `knte serve --port 0` on `root`.
pub fn start(root: &Path) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_knte"));
    cmd.args(["serve", "--port", "0", "--root"]).arg(root);
    start_command(cmd, root)
}

/// Runs `cmd` (which must end in running `knte serve --port 0` on `root`) and waits for the
/// address it prints.
pub fn start_command(mut cmd: Command, root: &Path) -> Server {
    std::fs::create_dir_all(root.join("tmp")).unwrap();
    let mut child = cmd
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

/// Sends `GET target` exactly as written (no normalisation), with the `Host` a browser on this
/// computer sends, and returns the status and body.
pub fn get(port: u16, target: &str) -> (u16, String) {
    get_within(port, target, Duration::from_secs(10))
}

/// [`get`], giving up after `limit` (status 0).
pub fn get_within(port: u16, target: &str, limit: Duration) -> (u16, String) {
    let request =
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    let text = exchange(port, request.as_bytes(), limit);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status_of(head), body.to_string())
}

/// Sends `request` as is and returns all the server sends back before closing (or before `limit`).
pub fn exchange(port: u16, request: &[u8], limit: Duration) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    s.set_read_timeout(Some(limit)).unwrap();
    s.set_write_timeout(Some(limit)).unwrap();
    let _ = s.write_all(request);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw).into_owned()
}

pub fn status_of(head: &str) -> u16 {
    head.split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// The server process's thread count (Linux; `None` elsewhere).
pub fn threads(server: &Server) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Most threads the server may run: one per connection being read or answered, up to the caps,
/// and a few of its own.
pub const MAX_THREADS: usize = MAX_CONNECTIONS + MAX_READER_THREADS + 16;

pub fn connect(port: u16) -> TcpStream {
    TcpStream::connect(("127.0.0.1", port)).expect("connects")
}

/// Polls `target` until `ok` holds, for at most `limit`; returns the last answer and the time taken.
pub fn poll(
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

/// The server's build number, from the reload endpoint asked without `since` (answers at once).
pub fn generation(port: u16) -> u64 {
    let (status, body) = get(port, "/__knte/events");
    assert_eq!(status, 200, "{body}");
    body.split(' ')
        .nth(1)
        .and_then(|g| g.trim().parse().ok())
        .unwrap_or_else(|| panic!("no build number in: {body}"))
}

/// Sends `waiting + refused` reload requests for the build after `since` and returns the open
/// connections of those still waiting, once exactly `refused` of them got 503 with `Retry-After`
/// (which shows the others are waiting in the server). Panics if that does not happen within
/// 20 s or if any other answer comes.
pub fn hold_polls(port: u16, since: u64, waiting: usize, refused: usize) -> Vec<TcpStream> {
    let request =
        format!("GET /__knte/events?since={since} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let mut conns: Vec<(TcpStream, Vec<u8>, bool)> = (0..waiting + refused)
        .map(|_| {
            let mut s = connect(port);
            s.write_all(request.as_bytes()).unwrap();
            s.set_nonblocking(true).unwrap();
            (s, Vec::new(), false)
        })
        .collect();
    let started = Instant::now();
    let mut answered = 0;
    while answered < refused && started.elapsed() < Duration::from_secs(20) {
        for (s, got, done) in conns.iter_mut().filter(|c| !c.2) {
            let mut buf = [0u8; 1024];
            match s.read(&mut buf) {
                Ok(0) => {
                    *done = true;
                    answered += 1;
                }
                Ok(n) => got.extend_from_slice(&buf[..n]),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(e) => panic!("a reload request failed: {e}"),
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        answered,
        refused,
        "{answered} of {} reload requests were answered at once, expected {refused}",
        waiting + refused
    );
    let mut held = Vec::new();
    for (s, got, done) in conns {
        let text = String::from_utf8_lossy(&got);
        if done {
            assert!(
                text.starts_with("HTTP/1.1 503 ") && text.contains("\r\nRetry-After: "),
                "a reload request over the budget got: {text}"
            );
        } else {
            assert!(text.is_empty(), "a waiting reload request got: {text}");
            s.set_nonblocking(false).unwrap();
            held.push(s);
        }
    }
    held
}

/// Reads everything the server sends on `s` until it closes (or `limit`).
pub fn read_answer(mut s: TcpStream, limit: Duration) -> String {
    s.set_read_timeout(Some(limit)).unwrap();
    let mut got = Vec::new();
    let _ = s.read_to_end(&mut got);
    String::from_utf8_lossy(&got).into_owned()
}

/// Notes which of `conns` (non-blocking, silent) the server has closed; panics if one got an
/// answer. Returns whether the first `oldest` of them are all closed.
pub fn closed_by_server(conns: &mut [(TcpStream, bool)], oldest: usize) -> bool {
    for (s, closed) in conns.iter_mut().filter(|(_, closed)| !*closed) {
        let mut buf = [0u8; 512];
        match s.read(&mut buf) {
            Ok(0) => *closed = true,
            Ok(n) => panic!(
                "a silent connection got an answer: {}",
                String::from_utf8_lossy(&buf[..n])
            ),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(_) => *closed = true,
        }
    }
    conns.iter().take(oldest).all(|(_, closed)| *closed)
}

/// Sockets that connect, send nothing, wait until the server closes them (or 2 s) and connect
/// again: one thread each, at most 100 connections a thread, until [`IdleFlood::stop`].
pub struct IdleFlood {
    stop: Arc<AtomicBool>,
    made: Arc<AtomicUsize>,
    threads: Vec<JoinHandle<()>>,
}

impl IdleFlood {
    /// Starts `n` sockets, returning once `n` connections were made (panics after 10 s).
    pub fn start(port: u16, n: usize) -> IdleFlood {
        let stop = Arc::new(AtomicBool::new(false));
        let made = Arc::new(AtomicUsize::new(0));
        let threads = (0..n)
            .map(|_| {
                let (stop, made) = (Arc::clone(&stop), Arc::clone(&made));
                std::thread::spawn(move || {
                    for _ in 0..100 {
                        if stop.load(Ordering::Acquire) {
                            break;
                        }
                        let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                            continue;
                        };
                        made.fetch_add(1, Ordering::AcqRel);
                        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
                        let mut buf = [0u8; 64];
                        let _ = s.read(&mut buf);
                    }
                })
            })
            .collect();
        let flood = IdleFlood {
            stop,
            made,
            threads,
        };
        let started = Instant::now();
        while flood.made.load(Ordering::Acquire) < n && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            flood.made.load(Ordering::Acquire) >= n,
            "the idle flood did not start"
        );
        flood
    }

    /// How many of its threads are still connecting.
    pub fn running(&self) -> usize {
        self.threads.iter().filter(|h| !h.is_finished()).count()
    }

    /// Stops the flood and returns how many connections it made.
    pub fn stop(self) -> usize {
        self.stop.store(true, Ordering::Release);
        for h in self.threads {
            h.join().unwrap();
        }
        self.made.load(Ordering::Acquire)
    }
}

/// The files and folders under `dir`, relative, each file with its text (`a/b.html=text`), sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            match std::fs::read_to_string(e.path()) {
                Ok(text) => format!("{rel}={text}"),
                Err(_) => rel,
            }
        })
        .collect();
    all.sort();
    all
}
