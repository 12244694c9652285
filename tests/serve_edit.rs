//! `knte serve --edit`: the entry editor driven in Chromium (tests/browser/edit.test.mjs) and, with
//! plain HTTP over a socket, every way a request could write where it must not: without the
//! session's token or with a wrong one, with another Host, to a path outside `content/` (`..`,
//! absolute, through a symbolic link), over a file changed since it was opened, and any POST to a
//! server started without `--edit`. Each refusal leaves every file byte for byte as it was. The
//! server is killed when each test ends; every socket has a time limit.

mod common;
#[path = "common/server.rs"]
mod server;

use common::*;
use server::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const FILE: &str = "content/cn/cosmetics-registration.md";
const LIMIT: Duration = Duration::from_secs(20);

/// `knte serve --edit --port 0` on `root`.
fn start_editor(root: &Path) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_knte"));
    cmd.args(["serve", "--edit", "--port", "0", "--root"])
        .arg(root);
    start_command(cmd, root)
}

/// Every file under `dir` with its bytes (links as their target's path), to compare before/after.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = if e.path_is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .as_bytes()
                    .to_vec()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            (
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                bytes,
            )
        })
        .collect()
}

/// A form body: each value percent-encoded.
fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            let enc: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={enc}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Sends a form to `/_knte/edit/save` with `host` and the cookie header `cookie` (if any); the status and body.
fn post(port: u16, host: &str, cookie: Option<&str>, body: &str) -> (u16, String) {
    let cookie = cookie
        .map(|c| format!("Cookie: knte_edit={c}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST /_knte/edit/save HTTP/1.1\r\nHost: {host}\r\n{cookie}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let text = exchange(port, request.as_bytes(), LIMIT);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status_of(head), body.to_string())
}

/// Opens `name` in the editor: the session token (from the cookie) and the opened file's fingerprint.
fn open(port: u16, name: &str) -> (String, String) {
    let request = format!(
        "GET /_knte/edit/{name} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    let text = exchange(port, request.as_bytes(), LIMIT);
    assert_eq!(status_of(&text), 200, "{text}");
    let cookie = text
        .lines()
        .find_map(|l| l.strip_prefix("Set-Cookie: knte_edit="))
        .expect("the editor sets its cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let token = cookie.split(';').next().unwrap().to_string();
    assert!(
        text.contains(&format!("name=\"_token\" value=\"{token}\"")),
        "the form carries the token"
    );
    let hash = text
        .split("name=\"_hash\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    (token, hash)
}

#[test]
fn the_editor_saves_in_chromium() {
    let dir = repo().join("tests/browser");
    if !dir.join("node_modules/playwright-core").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tests/browser/node_modules is missing: .ci/run runs npm ci there"
        );
        eprintln!("skipped: run `npm ci --prefix tests/browser` to install the browser test tools");
        return;
    }
    if !tool("chromium", &["--version"]) {
        return;
    }
    let tree = base_tree();
    let server = start_editor(tree.path());
    let o = Command::new("node")
        .args(["--test", "edit.test.mjs"])
        .current_dir(&dir)
        .env("EDIT_BASE", format!("http://127.0.0.1:{}", server.port))
        .env("EDIT_ROOT", tree.path())
        .env(
            "EDIT_SNAPSHOT",
            repo().join("tests/snapshots/editor/cosmetics-registration.md"),
        )
        .env("KNTE_BIN", env!("CARGO_BIN_EXE_knte"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    println!("{report}");
    assert!(
        o.status.success(),
        "editor browser tests failed:\n{report}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn posts_without_the_sessions_token_or_with_another_host_write_nothing() {
    let tree = base_tree();
    let server = start_editor(tree.path());
    let port = server.port;
    let (token, hash) = open(port, "cn/cosmetics-registration.md");
    let host = format!("127.0.0.1:{port}");
    let text = std::fs::read_to_string(tree.path().join(FILE)).unwrap();
    let edited = text.replace("title: 화장품 등록·비안 제도", "title: 바꾸면 안 되는 제목");
    let body = |t: &str| {
        form(&[
            ("_token", t),
            ("_file", "cn/cosmetics-registration.md"),
            ("_hash", &hash),
            ("_mode", "text"),
            ("_text", &edited),
            ("_action", "save"),
        ])
    };
    let before = files(&tree.path().join("content"));
    let wrong = "0".repeat(token.len());
    for (what, cookie, field) in [
        ("no cookie, no field", None, ""),
        ("cookie, no field", Some(token.as_str()), ""),
        ("field, no cookie", None, token.as_str()),
        ("wrong cookie", Some(wrong.as_str()), token.as_str()),
        ("wrong field", Some(token.as_str()), wrong.as_str()),
        ("both wrong", Some(wrong.as_str()), wrong.as_str()),
        ("a shorter token", Some(&token[..8]), &token[..8]),
    ] {
        let (status, page) = post(port, &host, cookie, &body(field));
        assert_eq!(status, 403, "{what}: {page}");
    }
    for bad_host in [
        "evil.example",
        "evil.example:80",
        "127.0.0.1",
        "localhost.evil.example",
    ] {
        let host_port = if bad_host.contains(':') || bad_host == "127.0.0.1" {
            bad_host.to_string()
        } else {
            format!("{bad_host}:{port}")
        };
        let (status, _) = post(port, &host_port, Some(&token), &body(&token));
        assert_eq!(status, 421, "Host {host_port}");
    }
    assert_eq!(
        files(&tree.path().join("content")),
        before,
        "nothing was written"
    );

    // The same request with the token in both places does write: the refusals above are real.
    let (status, page) = post(port, &host, Some(&token), &body(&token));
    assert_eq!(status, 303, "{page}");
    assert_eq!(
        std::fs::read_to_string(tree.path().join(FILE)).unwrap(),
        edited
    );
}

#[test]
fn saves_to_paths_outside_content_are_refused() {
    let tree = base_tree();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.md"), "outside\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path(), tree.path().join("content/zz")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.md"),
            tree.path().join("content/cn/link.md"),
        )
        .unwrap();
    }
    let server = start_editor(tree.path());
    let port = server.port;
    let (token, _) = open(port, "jp/food-labelling.md");
    let host = format!("127.0.0.1:{port}");
    let before = (files(&tree.path().join("content")), files(outside.path()));
    let text = "---\nid: CN-009\n---\n본문\n";
    let absolute = format!("{}/content/cn/new.md", tree.path().display());
    let outside_abs = outside.path().join("x.md").display().to_string();
    let names = [
        "../Cargo.toml",
        "../x.md",
        "cn/../../x.md",
        "cn/../jp/food-labelling.md",
        "..%2Fx.md",
        "/etc/passwd",
        absolute.as_str(),
        outside_abs.as_str(),
        "zz/x.md",
        "cn/link.md",
        "cn/cosmetics-registration.en.md",
        "cn/x.txt",
        "_report.md",
        "cn",
        "",
    ];
    for name in names {
        for (hash, mode) in [("none", "text"), ("none", "form")] {
            let body = form(&[
                ("_token", &token),
                ("_file", name),
                ("_hash", hash),
                ("_mode", mode),
                ("_text", text),
                ("_action", "draft"),
            ]);
            let (status, page) = post(port, &host, Some(&token), &body);
            assert!(status == 403, "{name} ({mode}) got {status}: {page}");
        }
    }
    // A new entry whose partner or file name leads elsewhere.
    for (partner, slug) in [
        ("..", "x"),
        ("zz", "x"),
        ("cn", "../../x"),
        ("cn", "/etc/x"),
        ("cn", "link"),
    ] {
        let body = form(&[
            ("_token", &token),
            ("_file", ""),
            ("_partner", partner),
            ("_slug", slug),
            ("_hash", "none"),
            ("_action", "draft"),
            ("id", "CN-009"),
        ]);
        let (status, page) = post(port, &host, Some(&token), &body);
        assert!(
            matches!(status, 403 | 409),
            "new {partner}/{slug} got {status}: {page}"
        );
    }
    assert_eq!(
        (files(&tree.path().join("content")), files(outside.path())),
        before,
        "nothing was written"
    );
}

#[test]
fn a_file_changed_since_it_was_opened_is_not_overwritten() {
    let tree = base_tree();
    let server = start_editor(tree.path());
    let port = server.port;
    let (token, hash) = open(port, "cn/cosmetics-registration.md");
    let path = tree.path().join(FILE);
    let elsewhere = std::fs::read_to_string(&path)
        .unwrap()
        .replace("등록 기간이 길다.", "다른 편집기에서 고친 문장.");
    std::fs::write(&path, &elsewhere).unwrap();
    let before = files(&tree.path().join("content"));
    let host = format!("127.0.0.1:{port}");
    let mine = std::fs::read_to_string(&path)
        .unwrap()
        .replace("title: 화장품 등록·비안 제도", "title: 내 제목");
    for mode in ["text", "form"] {
        let body = form(&[
            ("_token", &token),
            ("_file", "cn/cosmetics-registration.md"),
            ("_hash", &hash),
            ("_mode", mode),
            ("_text", &mine),
            ("title", "내 제목"),
            ("_action", "draft"),
        ]);
        let (status, page) = post(port, &host, Some(&token), &body);
        assert_eq!(status, 409, "{mode}: {page}");
        assert!(
            page.contains("id=\"disk-version\"") && page.contains("다른 편집기에서 고친 문장."),
            "{mode}: the page shows the version on disk"
        );
        assert!(
            page.contains("id=\"my-version\"") && page.contains("내 제목"),
            "{mode}: and the one being saved"
        );
    }
    assert_eq!(
        files(&tree.path().join("content")),
        before,
        "the file on disk is kept"
    );
}

#[test]
fn plain_serve_refuses_every_post_and_has_no_editor() {
    let tree = base_tree();
    let server = start(tree.path());
    let port = server.port;
    let before = files(&tree.path().join("content"));
    let host = format!("127.0.0.1:{port}");
    let text = "---\nid: CN-001\n---\n";
    let body = form(&[
        ("_token", "x"),
        ("_file", "cn/cosmetics-registration.md"),
        ("_hash", "none"),
        ("_mode", "text"),
        ("_text", text),
    ]);
    for target in [
        "/_knte/edit/save",
        "/_knte/edit/preview",
        "/",
        "/barriers/cn-001/",
    ] {
        let request = format!(
            "POST {target} HTTP/1.1\r\nHost: {host}\r\nCookie: knte_edit=x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let answer = exchange(port, request.as_bytes(), LIMIT);
        assert_eq!(status_of(&answer), 405, "POST {target}: {answer}");
    }
    let (status, _) = get(port, "/_knte/edit/cn/cosmetics-registration.md");
    assert_eq!(status, 404, "no editor without --edit");
    let (_, page) = get(port, "/barriers/cn-001/");
    assert!(!page.contains("knte-edit"), "no edit button without --edit");
    assert_eq!(files(&tree.path().join("content")), before);
}

#[test]
fn the_editor_is_refused_on_other_addresses_and_large_forms() {
    let tree = base_tree();
    let o = Command::new(env!("CARGO_BIN_EXE_knte"))
        .args([
            "serve", "--edit", "--bind", "0.0.0.0", "--port", "0", "--root",
        ])
        .arg(tree.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--edit"));

    let server = start_editor(tree.path());
    let request = format!(
        "POST /_knte/edit/save HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        server.port,
        knte::serve::edit::MAX_BODY + 1
    );
    assert_eq!(
        status_of(&exchange(server.port, request.as_bytes(), LIMIT)),
        413
    );
}
