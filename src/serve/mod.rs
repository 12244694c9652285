//! Preview server: the content under a root folder -> the site over HTTP, rebuilt after every edit.
//!
//! Input: the root folder (its `content/`, `templates/` and `static/` are watched) and the address
//! to listen on. Output: HTTP answers on that address and a line in the terminal per build. Each
//! build goes into a new folder under a temporary work folder and is served only once complete, so
//! no request ever sees a half-written site. An edit to an existing barrier that changes nothing
//! else the site checks is shown at once: the watcher rewrites that barrier's two pages in the
//! served folder (each file replaced in one step), then the full build, which runs in the
//! background at a lower priority, brings the lists up to date. HTML pages get a small script, added as they are served
//! (the built files stay as `knte build` writes them), that reloads the tab after the next build.
//! While the content has errors, every page request gets an error page listing them with file, line
//! and message, until a build succeeds again. Requests are resolved by [`resolve`], which refuses
//! any path that could leave the output folder.
//!
//! HTTP is the project's own small HTTP/1.1 server ([`http`] for the protocol, [`accept`] for the
//! connections): blocking and thread-based like the rest of knte, one request per connection, with
//! separate caps on connections still sending their request and on requests being answered, and
//! time limits on reading and writing, so that clients that connect and send nothing (or half a
//! request), however many and however often, cannot stop it from answering others. Of the answers,
//! at most [`MAX_POLLS`] may be reload requests waiting for the next build.
//!
//! Only requests that name the server as `localhost`, `127.0.0.1` or the address listened on, with
//! its port, are answered ([`host`]; others get 421), so that a web page whose host name is made to
//! point at this computer (DNS rebinding) cannot read the preview. Builds go into a new private
//! folder with an unguessable name ([`workdir`]). Built files are read only if they are regular
//! files ([`files`]), and an edit to anything but a regular file under `content/` is left to the
//! full build, whose loader refuses it.
//! With `--edit` (loopback only) the server also answers the entry editor ([`edit`]), the only
//! part that takes POST requests and writes to `content/`; without it nothing can write.

pub mod accept;
mod builder;

use builder::{BuildState, Builder, Coordinator};
pub mod edit;
pub mod files;
pub mod host;
pub mod http;
pub mod page;
pub mod resolve;
pub mod watch;
pub mod workdir;

use crate::diagnostics::{condense, stages_note, summary_line, Diagnostic, Pos};
use http::Answer;
use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a reload request waits for the next build before answering "nothing new". A waiting
/// request holds one of [`accept::MAX_CONNECTIONS`]: one per open tab.
const POLL_WAIT: Duration = Duration::from_secs(25);
/// Most reload requests waiting at once. Beyond, a reload request is answered at once with 503
/// and `Retry-After: `[`POLL_RETRY_SECS`], and the page's script asks again after that long; the
/// other places are kept for pages.
pub const MAX_POLLS: usize = 16;
/// Seconds a reload request refused for [`MAX_POLLS`] is told to wait before asking again.
pub const POLL_RETRY_SECS: u64 = 2;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port (printed at start).
    pub port: u16,
    pub drafts: bool,
    /// Serve the entry editor (`knte serve --edit`).
    pub edit: bool,
}

/// Why the server could not start (exit status 2).
#[derive(Debug)]
pub struct ServeError {
    pub message: String,
    pub hint: String,
}

/// The last build's errors, shown instead of pages.
struct Failure {
    diagnostics: Vec<Diagnostic>,
    summary: String,
}

struct State {
    /// Counts finished builds, good or bad; pages reload when it grows.
    generation: u64,
    /// The folder of the last good build.
    site: Option<PathBuf>,
    failure: Option<Arc<Failure>>,
}

struct Shared {
    /// Tells a reloading page that the server was restarted.
    instance: u64,
    state: Mutex<State>,
    changed: Condvar,
    /// Reload requests waiting for the next build now (at most [`MAX_POLLS`]).
    polls: AtomicUsize,
    /// The last good build's barrier files, for the editor's buttons.
    files: edit::bar::Files,
}

impl Shared {
    fn snapshot(&self) -> (u64, Option<PathBuf>, Option<Arc<Failure>>) {
        let st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        (st.generation, st.site.clone(), st.failure.clone())
    }

    fn publish(&self, site: Option<PathBuf>, failure: Option<Failure>) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if site.is_some() {
            st.site = site;
        }
        st.failure = failure.map(Arc::new);
        st.generation += 1;
        self.changed.notify_all();
    }
}

// Long: starts the server: listener, work folder, watcher, builder and accept loop, each a few lines, in the order they depend on each other.
/// Builds, serves and rebuilds until the process is stopped.
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    let root = check_root(&opts.root)?;
    let editor = edit::start(opts, &root)?;
    let work = work_folder()?;
    let listener = listen(opts)?;
    let addr = listener.local_addr().map_err(|e| ServeError {
        message: format!("cannot read the address listened on: {e}"),
        hint: "try again, or pass another --port".into(),
    })?;
    let (mut watcher, events) = watch::start(&root).map_err(|e| ServeError {
        message: format!("cannot watch {} for changes: {e}", root.display()),
        hint: "check that the folder is readable; on Linux, a very large tree may need a higher fs.inotify.max_user_watches".into(),
    })?;

    let shared = Arc::new(Shared {
        instance: instance_id(),
        state: Mutex::new(State {
            generation: 0,
            site: None,
            failure: None,
        }),
        changed: Condvar::new(),
        polls: AtomicUsize::new(0),
        files: Default::default(),
    });
    let mut builder = Builder {
        root: root.clone(),
        work,
        drafts: opts.drafts,
        count: 0,
        good: VecDeque::new(),
        shared: Arc::clone(&shared),
        coord: Arc::new(Coordinator {
            state: Mutex::new(BuildState {
                dirty: false,
                quick: None,
            }),
            wake: Condvar::new(),
        }),
    };
    // Full builds (their thread and the worker threads that render pages) run at a lower priority
    // than the watcher's quick updates and the answers to the browser, so an edit's page is served
    // at once even while the lists are being rebuilt.
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| lower_priority())
        .build_global();
    // The first build, before the address is printed: the first page asked for is the site's.
    builder.rebuild();
    let coord = Arc::clone(&builder.coord);
    let (quick_root, drafts, quick_shared) = (root.clone(), opts.drafts, Arc::clone(&shared));
    std::thread::spawn(move || builder.run());

    let shown = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    };
    println!("serving the site at http://{shown}/ (press Ctrl+C to stop)");
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {shown}: other computers on the network can open this preview"
        );
    }
    eprintln!(
        "watching {} for changes",
        watch::WATCHED
            .iter()
            .map(|w| format!("{w}/"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    std::thread::spawn(move || {
        watch::run(&root, &mut watcher, events, |changed| {
            coord.edited(&quick_root, changed, drafts, &quick_shared)
        });
    });

    let allowed = host::Allowed::new(addr);
    match editor {
        Some(editor) => accept::serve_with_bodies(listener, edit::MAX_BODY, move |req| {
            answer(req, &allowed, &shared, Some(&editor))
        }),
        None => accept::serve(listener, move |req| answer(req, &allowed, &shared, None)),
    }
}

/// The listening socket at `--bind` and `--port`.
fn listen(opts: &ServeOptions) -> Result<TcpListener, ServeError> {
    TcpListener::bind(SocketAddr::new(opts.bind, opts.port)).map_err(|e| ServeError {
        message: format!("cannot listen on {}:{}: {e}", opts.bind, opts.port),
        hint: if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("another program (perhaps another knte serve) uses port {}: stop it, or pass another port, e.g. --port {}", opts.port, opts.port.wrapping_add(1).max(1024))
        } else {
            "pass an address of this computer with --bind (127.0.0.1 by default) and a free port with --port".into()
        },
    })
}

/// A new private folder for this server's builds, under the system's temporary folder.
fn work_folder() -> Result<PathBuf, ServeError> {
    let tmp = std::env::temp_dir();
    workdir::create(&tmp).map_err(|e| ServeError {
        message: format!("cannot create a folder for the preview in {}: {e}", tmp.display()),
        hint: format!(
            "check that the temporary folder is writable and the disk has room (set {} to use another folder)",
            if cfg!(windows) { "TEMP" } else { "TMPDIR" }
        ),
    })
}

fn check_root(root: &Path) -> Result<PathBuf, ServeError> {
    if !root.join("content").is_dir() {
        return Err(ServeError {
            message: format!("there is no content/ folder in {}", root.display()),
            hint: "run knte serve in the folder that holds content/, or pass --root DIR".into(),
        });
    }
    std::fs::canonicalize(root).map_err(|e| ServeError {
        message: format!("cannot open the folder {}: {e}", root.display()),
        hint: "pass --root with the folder that holds content/".into(),
    })
}

fn instance_id() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ u64::from(std::process::id())
}

// Long: the preview's routes, one arm per route, each a few lines.
fn answer(
    req: &http::Request,
    allowed: &host::Allowed,
    shared: &Shared,
    editor: Option<&edit::Editor>,
) -> Answer {
    if !allowed.accepts(&req.host) {
        let text = format!(
            "misdirected request: this preview answers only at {}",
            allowed.url()
        );
        return Answer::plain(421, &text).with_header("X-Content-Type-Options", "nosniff");
    }
    let (method, url) = (req.method.as_str(), req.target.as_str());
    if let Some(editor) = editor.filter(|_| url.starts_with(edit::PREFIX)) {
        return editor.answer(req);
    }
    if !matches!(method, "GET" | "HEAD") {
        return bytes(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        )
        .with_header("Allow", "GET, HEAD");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == page::EVENTS_PATH {
        return wait_for_build(query, shared);
    }
    let (generation, site, failure) = shared.snapshot();
    let instance = shared.instance;
    let Some(res) = resolve::resolve(url) else {
        return not_found(site.as_deref(), instance, generation);
    };
    let wants_page = res.trailing_slash
        || res
            .segments
            .last()
            .is_none_or(|last| last.ends_with(".html") || !last.contains('.'));
    if let (Some(f), true) = (&failure, wants_page) {
        let body = page::error_page(&f.diagnostics, &f.summary, instance, generation);
        return bytes(500, page::content_type("x.html"), body);
    }
    let Some(site) = site else {
        let body = page::message_page(
            "아직 사이트가 없습니다 (no site yet)",
            "the content has errors: see the terminal",
            instance,
            generation,
        );
        return bytes(503, page::content_type("x.html"), body);
    };
    let mut file = site.join(res.rel());
    if file.is_dir() {
        if !res.trailing_slash && !res.segments.is_empty() {
            return bytes(301, "text/plain; charset=utf-8", Vec::new())
                .with_header("Location", format!("{path}/"));
        }
        file = file.join("index.html");
    }
    // The resolved path has no `..`; this also refuses a symbolic link leading out.
    let inside = match (std::fs::canonicalize(&file), std::fs::canonicalize(&site)) {
        (Ok(f), Ok(s)) => f.starts_with(&s) && f.is_file(),
        _ => false,
    };
    if !inside {
        return not_found(Some(&site), instance, generation);
    }
    match crate::load::read_regular(&file, MAX_SERVED_BYTES) {
        Ok(data) => {
            let name = file.to_string_lossy();
            let data = if name.ends_with(".html") {
                page::inject_reload(&data, instance, generation)
            } else {
                data
            };
            let data = match editor {
                Some(_) if name.ends_with(".html") => {
                    edit::bar::add(&data, &file, &site, &shared.files)
                }
                _ => data,
            };
            bytes(200, page::content_type(&name), data)
        }
        Err(_) => not_found(Some(&site), instance, generation),
    }
}

/// Largest file the preview serves (the consolidated PDF of a large edition is some tens of MB).
const MAX_SERVED_BYTES: u64 = 512 * 1024 * 1024;

/// The site's own 404 page (from the build), or a plain one.
fn not_found(site: Option<&Path>, instance: u64, generation: u64) -> Answer {
    let body = site
        .and_then(|s| crate::load::read_regular(&s.join("404.html"), MAX_SERVED_BYTES).ok())
        .map(|b| page::inject_reload(&b, instance, generation))
        .unwrap_or_else(|| {
            page::message_page("404", "페이지가 없습니다 (not found)", instance, generation)
        });
    bytes(404, page::content_type("x.html"), body)
}

/// The reload script's long poll: answers `<instance> <generation>` once a build newer than
/// `since` has finished, or after [`POLL_WAIT`]. When [`MAX_POLLS`] requests wait already, 503 at
/// once, with `Retry-After`.
fn wait_for_build(query: &str, shared: &Shared) -> Answer {
    let since = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("since="))
        .and_then(|v| v.parse::<u64>().ok());
    let st = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let st = match since {
        Some(since) if st.generation <= since => {
            let Some(_waiting) = PollPlace::take(&shared.polls) else {
                drop(st);
                let text = "too many pages are waiting for the next build: ask again later\n";
                return bytes(503, "text/plain; charset=utf-8", text.into())
                    .with_header("Retry-After", POLL_RETRY_SECS.to_string());
            };
            shared
                .changed
                .wait_timeout_while(st, POLL_WAIT, |s| s.generation <= since)
                .unwrap_or_else(|e| e.into_inner())
                .0
        }
        _ => st,
    };
    let body = format!("{} {}", shared.instance, st.generation);
    drop(st);
    bytes(200, "text/plain; charset=utf-8", body.into_bytes())
}

/// One of the [`MAX_POLLS`] places for waiting reload requests; given back when dropped.
struct PollPlace<'a>(&'a AtomicUsize);

impl<'a> PollPlace<'a> {
    fn take(polls: &'a AtomicUsize) -> Option<PollPlace<'a>> {
        polls
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_POLLS).then_some(n + 1)
            })
            .ok()
            .map(|_| PollPlace(polls))
    }
}

impl Drop for PollPlace<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Answer {
    Answer::new(status, content_type, body)
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
}

/// Makes the calling thread yield to the others (nice 10) where the system allows it per thread.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority with `who` 0 changes only the calling thread's nice value on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
