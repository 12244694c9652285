//! `knte serve` driven as a person would: the real binary on a copy of the base fixture, on a free
//! port, with plain HTTP requests over a TCP socket (helpers in `common/server.rs`). The server is
//! killed when each test ends; every socket the tests open has a time limit, so no test can wait
//! forever.

mod common;
#[path = "common/server.rs"]
mod server;

use common::*;
use knte::serve::accept::MAX_READING;
use knte::serve::http::HEAD_TIMEOUT;
use knte::serve::{MAX_POLLS, POLL_RETRY_SECS};
use server::*;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
#[cfg(unix)]
use std::process::Command;
use std::time::{Duration, Instant};

const PAGE: &str = "/barriers/cn-001/";
/// How long a test waits for the preview to show an edit before it calls the server stuck: long
/// enough for a debug build on a loaded 2-core machine (speed is a benchmark's business).
const WAIT: Duration = Duration::from_secs(30);
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

    // Edit the title: the new title is served. How fast is measured by bench/serve_latency.py, not
    // here: the deadlines below only keep a broken server from hanging the test.
    let edited = original.replace("title: 화장품 등록·비안 제도", "title: 새로 고친 제목");
    assert_ne!(edited, original);
    std::fs::write(&file, &edited).unwrap();
    let (status, body, took) = poll(server.port, PAGE, WAIT, |s, b| {
        s == 200 && b.contains("새로 고친 제목")
    });
    assert!(
        status == 200 && body.contains("새로 고친 제목"),
        "the new title was not served ({took:?}): {status}"
    );
    eprintln!("edit -> new title served in {} ms", took.as_millis());

    // Break the front matter (line 7: a second ': ' in a value): every page is the error page.
    let broken = edited.replace("category: tbt", "category: tbt: x");
    std::fs::write(&file, &broken).unwrap();
    let (status, body, took) = poll(server.port, PAGE, WAIT, |s, _| s == 500);
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
    let (status, body, took) = poll(server.port, PAGE, WAIT, |s, _| s == 200);
    assert_eq!(status, 200, "the page did not come back after {took:?}");
    assert!(body.contains("새로 고친 제목"));

    // A burst of saves (an editor writing in steps) ends in one good site, the server alive.
    for i in 0..40 {
        let text = if i % 2 == 0 { &broken } else { &edited };
        std::fs::write(&file, text).unwrap();
    }
    std::fs::write(&file, edited.replace("새로 고친 제목", "마지막 제목")).unwrap();
    let (status, body, took) = poll(server.port, PAGE, WAIT, |s, b| {
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

    let host = format!("Host: 127.0.0.1:{port}\r\n");
    let send = |head: &str| exchange(port, format!("{head}\r\n{host}\r\n").as_bytes(), limit);
    let head = send("HEAD / HTTP/1.1");
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

    let old = send("GET / HTTP/1.0");
    assert_eq!(status_of(&old), 200, "HTTP/1.0 is answered");

    let post = exchange(
        port,
        format!("POST / HTTP/1.1\r\n{host}Content-Length: 3\r\n\r\na=1").as_bytes(),
        limit,
    );
    assert_eq!(status_of(&post), 405, "{post}");
    assert!(post.contains("Allow: GET, HEAD"), "{post}");

    let folder = send("GET /partners/jp HTTP/1.1");
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
/// silent connections than the server reads at once do not keep a page from being served (the
/// oldest are closed to make room), and the threads go when they do.
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

    // More connections than there are places for requests still arriving, all silent: a page
    // asked for now is served, the oldest silent ones are closed without an answer to make room,
    // and the threads stay bounded.
    let extra = 36;
    let mut conns: Vec<(TcpStream, bool)> = (0..MAX_READING + extra)
        .map(|_| {
            let s = connect(port);
            s.set_nonblocking(true).unwrap();
            (s, false)
        })
        .collect();
    let (status, body) = get(port, PAGE);
    assert_eq!(
        status,
        200,
        "a page asked for while {} silent connections are open: {body}",
        MAX_READING + extra
    );
    let opened = Instant::now();
    while !closed_by_server(&mut conns, extra) && opened.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let closed = conns.iter().filter(|(_, closed)| *closed).count();
    assert!(
        conns.iter().take(extra).all(|(_, closed)| *closed),
        "the {extra} oldest of {} silent connections were not all closed ({closed} closed)",
        MAX_READING + extra
    );
    if let Some(n) = threads(&server) {
        assert!(
            n <= MAX_THREADS,
            "{n} threads with silent connections over the cap"
        );
        eprintln!(
            "server threads: {idle_threads:?} idle, at most {most_threads} in the flood, {n} with {} silent connections",
            MAX_READING + extra
        );
    }

    // Once they go, pages are served and the threads go too.
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

/// DNS rebinding: a page elsewhere whose host name is pointed at 127.0.0.1 reaches the server with
/// its own name in `Host`. Only the server's own names, with its port, are answered.
#[test]
fn only_requests_naming_the_server_are_answered() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    let limit = Duration::from_secs(10);
    let with_host = |target: &str, host: &str| {
        let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n");
        exchange(port, request.as_bytes(), limit)
    };

    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}")] {
        let answer = with_host(PAGE, &host);
        assert_eq!(status_of(&answer), 200, "Host: {host}");
        assert!(answer.contains("화장품 등록·비안 제도"), "Host: {host}");
    }
    let wrong_port = port.wrapping_add(1).max(1);
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1".to_string(),
        "localhost".to_string(),
        format!("127.0.0.1:{wrong_port}"),
        format!("[::1]:{port}"),
        format!("127.0.0.1:{port}.evil.example"),
    ] {
        let answer = with_host(PAGE, &host);
        assert_eq!(status_of(&answer), 421, "Host: {host}\n{answer}");
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(
            head.contains("Content-Type: text/plain; charset=utf-8"),
            "{head}"
        );
        assert!(
            body.starts_with("misdirected request") && body.len() < 200,
            "a short plain answer: {body}"
        );
        assert!(
            !body.contains("evil"),
            "the answer does not repeat the host: {body}"
        );
    }
    // The reload endpoint too, and at once (a waiting request would end at the time limit).
    let answer = with_host("/__knte/events?since=999", "evil.example");
    assert_eq!(status_of(&answer), 421, "{answer}");

    // No Host, or two: 400.
    for request in [
        "GET / HTTP/1.1\r\n\r\n".to_string(),
        "GET / HTTP/1.0\r\n\r\n".to_string(),
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n\r\n"),
    ] {
        let answer = exchange(port, request.as_bytes(), limit);
        assert_eq!(status_of(&answer), 400, "{request:?}: {answer}");
    }
}

/// Reload requests waiting for the next build have a budget of their own: beyond it one is told
/// at once to ask again later, pages are still served, and a build answers every waiting one.
#[test]
fn reload_requests_beyond_their_budget_are_told_to_ask_later() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    let since = generation(port);
    let waiting = hold_polls(port, since, MAX_POLLS, 4);
    assert_eq!(waiting.len(), MAX_POLLS);
    let over = exchange(
        port,
        format!("GET /__knte/events?since={since} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n")
            .as_bytes(),
        Duration::from_secs(10),
    );
    assert_eq!(status_of(&over), 503, "{over}");
    assert!(
        over.contains(&format!("\r\nRetry-After: {POLL_RETRY_SECS}\r\n")),
        "{over}"
    );
    assert_eq!(get(port, PAGE).0, 200, "pages are served meanwhile");

    // An edit: every waiting request is answered with the new build number.
    let file = dir.path().join(FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("title: 화장품 등록·비안 제도", "title: 새 제목"),
    )
    .unwrap();
    for s in waiting {
        let got = read_answer(s, Duration::from_secs(30));
        let number = got
            .split_once("\r\n\r\n")
            .and_then(|(_, body)| body.split(' ').nth(1))
            .and_then(|n| n.trim().parse::<u64>().ok());
        assert!(
            status_of(&got) == 200 && number.is_some_and(|n| n > since),
            "a waiting reload request after an edit got: {got}"
        );
    }
    // The places were given back: as many may wait again.
    let again = hold_polls(port, generation(port), MAX_POLLS, 1);
    assert_eq!(again.len(), MAX_POLLS);
}

/// Starvation: the most reload requests that may wait, plus as many idle sockets as there are
/// places for requests still arriving, reconnecting as soon as they are closed, do not keep pages
/// from being served.
#[test]
fn waiting_reloads_and_reconnecting_idle_sockets_do_not_starve_pages() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    let polls = hold_polls(port, generation(port), MAX_POLLS, 2);

    let flood = IdleFlood::start(port, MAX_READING);
    let mut served = 0;
    for i in 0..20 {
        let (status, body) = get(port, PAGE);
        assert_eq!(
            status,
            200,
            "page request {i} with {MAX_POLLS} reloads waiting and {MAX_READING} idle sockets reconnecting: {body}"
        );
        assert!(body.contains("</html>"), "request {i}: a whole page");
        served += 1;
    }
    let during = flood.running();
    if let Some(n) = threads(&server) {
        assert!(n <= MAX_THREADS, "{n} threads");
    }
    let made = flood.stop();
    eprintln!(
        "{served} pages served with {} reloads waiting and {made} idle connections made ({during} flood threads still running at the end)",
        polls.len()
    );
    assert!(
        during > 0,
        "the idle flood ended before the pages were served: the test proves nothing"
    );
}

/// The work folder: never the predictable `knte-serve-<pid>` (which anyone could make first and
/// fill), always a new one with a random name, mode 0700. Here a shell makes that old path, with
/// a planted page, world-writable, then becomes `knte serve` with the same pid.
#[cfg(unix)]
#[test]
fn the_work_folder_is_new_private_and_unguessable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = base_tree();
    let tmp = dir.path().join("tmp");
    let script = r#"old="$TMPDIR/knte-serve-$$" && mkdir -p "$old/site-1" && chmod -R 777 "$old" &&
printf PLANTED-PAGE > "$old/site-1/index.html" && printf PLANTED-PAGE > "$old/index.html" &&
: > "$old/.knte-serve" && exec "$0" serve --port 0 --root "$1""#;
    let mut cmd = Command::new("sh");
    cmd.args(["-c", script])
        .arg(env!("CARGO_BIN_EXE_knte"))
        .arg(dir.path());
    let server = start_command(cmd, dir.path());
    let pid = server.child.id();
    let old = tmp.join(format!("knte-serve-{pid}"));

    let (status, body) = get(server.port, "/");
    assert_eq!(status, 200);
    assert!(!body.contains("PLANTED"), "the planted page was served");
    let (_, body) = get(server.port, "/site-1/");
    assert!(!body.contains("PLANTED"), "the planted page was served");

    // The planted folder is left exactly as it was.
    let planted = listing(&old);
    assert_eq!(
        planted,
        [
            ".knte-serve=",
            "index.html=PLANTED-PAGE",
            "site-1",
            "site-1/index.html=PLANTED-PAGE"
        ],
        "the server used the folder made before it"
    );

    // Its own: one new folder, a random name, mode 0700, holding the build.
    let own: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &old)
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    let name = own[0].file_name().unwrap().to_string_lossy().to_string();
    let random = name
        .strip_prefix(&format!("knte-serve-{pid}-"))
        .unwrap_or_else(|| panic!("the work folder is {name}"));
    assert!(
        random.len() == 16 && random.bytes().all(|b| b.is_ascii_hexdigit()),
        "{name}"
    );
    let mode = std::fs::metadata(&own[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{name} has mode {mode:o}");
    assert!(own[0].join(".knte-serve").is_file());
    assert!(
        own[0].join("site-1/index.html").is_file(),
        "the build is in {name}"
    );
}

/// A named pipe (FIFO) appearing under content/ must freeze neither the watcher nor the builder:
/// reading one waits until some program writes to it, forever here. With the pipe there, an edit is
/// shown (the new title, or the error page naming the pipe if the loader counts it as an error);
/// once it is removed, the next edit is served.
/// The loader refuses anything but a regular file without a blocking open (`load::read_regular`).
#[cfg(unix)]
#[test]
fn a_named_pipe_under_content_freezes_neither_watcher_nor_builder() {
    let dir = base_tree();
    let server = start(dir.path());
    let port = server.port;
    let limit = Duration::from_secs(30);
    let file = dir.path().join(FILE);
    let original = std::fs::read_to_string(&file).unwrap();
    let retitled = |title: &str| original.replace("title: 화장품 등록·비안 제도", title);

    let before = generation(port);
    let pipe = dir.path().join("content/cn/pipe.md");
    let made = Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", pipe.display());
    std::fs::write(&file, retitled("title: 파이프 옆 제목")).unwrap();
    let shown = |s: u16, b: &str| {
        (s == 200 && b.contains("파이프 옆 제목")) || (s == 500 && b.contains("content/cn/pipe.md"))
    };
    let (status, body, took) = poll(port, PAGE, limit, shown);
    assert!(
        shown(status, &body),
        "with a named pipe in content/cn/, the edit was not shown within {took:?} ({status}): \
         the watcher or the builder is stuck reading the pipe\n{body}"
    );
    assert!(
        generation(port) > before,
        "no build finished after the pipe appeared"
    );

    std::fs::remove_file(&pipe).unwrap();
    std::fs::write(&file, retitled("title: 파이프 뒤 제목")).unwrap();
    let (status, body, took) = poll(port, PAGE, limit, |s, b| {
        s == 200 && b.contains("파이프 뒤 제목")
    });
    assert!(
        status == 200 && body.contains("파이프 뒤 제목"),
        "the pipe is gone but the next edit was not served within {took:?} ({status})"
    );
}
