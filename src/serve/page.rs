//! What the preview server adds to the site: the reload script put into HTML pages as they are
//! served (never into the built files), the error page shown while the content has errors, and
//! content types. Input: page bytes, diagnostics. Output: bytes to send. Pure: no I/O.

use crate::diagnostics::Diagnostic;
use crate::render::escape::esc as escape;

/// The path the reload script long-polls.
pub const EVENTS_PATH: &str = "/__knte/events";

/// The script that reloads the tab after the next build. It asks the server, again and again,
/// whether a build newer than the one this page came from has finished (the server answers
/// `<instance> <build number>` as soon as there is one, or after a while with the same number);
/// a new number, or a restarted server, reloads the page. Any other answer (503 when too many
/// pages wait already, 421, 500) is not read as news: the script asks again after the answer's
/// `Retry-After` seconds (1 if it has none), and after 1 s when the server cannot be reached.
fn reload_script(instance: u64, generation: u64) -> String {
    format!(
        "<script>/* knte serve: reloads this page after each rebuild */(function(){{\
var i=\"{instance}\",g={generation};\
function later(s){{setTimeout(poll,(s>0?s:1)*1000);}}\
function poll(){{fetch(\"{EVENTS_PATH}?since=\"+g,{{cache:\"no-store\"}})\
.then(function(r){{if(!r.ok){{later(parseInt(r.headers.get(\"Retry-After\"),10));return;}}\
return r.text().then(function(t){{var p=t.split(\" \");\
if(p[0]!==i||parseInt(p[1],10)>g){{location.reload();}}else{{poll();}}}});}})\
.catch(function(){{later(1);}});}}\
poll();}})();</script>"
    )
}

/// `html` with the reload script inserted before its last `</body>` (or appended).
pub fn inject_reload(html: &[u8], instance: u64, generation: u64) -> Vec<u8> {
    let script = reload_script(instance, generation);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The page served instead of the site while the last build failed: every diagnostic with its
/// file, line, column, message, the source line and the hint, all escaped.
pub fn error_page(
    diagnostics: &[Diagnostic],
    summary: &str,
    instance: u64,
    generation: u64,
) -> Vec<u8> {
    let mut items = String::new();
    for d in diagnostics {
        let mut place = d.file.clone();
        if d.line > 0 {
            place.push_str(&format!(":{}", d.line));
            if d.column > 0 {
                place.push_str(&format!(":{}", d.column));
            }
        }
        items.push_str(&format!(
            "<li class=\"{sev}\"><p><code>{place}</code> <strong>{sev}:</strong> {msg}</p>",
            sev = d.severity.label(),
            place = escape(&place),
            msg = escape(&d.message),
        ));
        if let Some(snippet) = d.snippet() {
            items.push_str(&format!("<pre>{}</pre>", escape(&snippet)));
        }
        if let Some(hint) = &d.hint {
            items.push_str(&format!(
                "<p class=\"hint\">고칠 방법 (hint): {}</p>",
                escape(hint)
            ));
        }
        items.push_str("</li>\n");
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>빌드 오류 (build failed) | knte serve</title>\n<style>\n\
body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5;color:#1a1a1a}}\n\
h1{{color:#a00;font-size:1.5rem}} li{{margin-bottom:1.25rem}} code,pre{{font-family:ui-monospace,monospace}}\n\
pre{{background:#f4f4f4;padding:.5rem;overflow-x:auto}} .hint{{color:#333}} .warning strong{{color:#8a5a00}} .error strong{{color:#a00}}\n\
</style>\n</head>\n<body>\n<main>\n<h1>사이트를 만들 수 없습니다 (the site could not be built)</h1>\n\
<p>아래 문제를 고쳐 저장하면 이 페이지가 저절로 바뀝니다. Fix the problems below and save: this page reloads by itself.</p>\n\
<ol>\n{items}</ol>\n<p>{summary}</p>\n</main>\n</body>\n</html>\n",
        summary = escape(summary),
    );
    inject_reload(html.as_bytes(), instance, generation)
}

/// A short HTML page for 404 and other plain answers, with the reload script.
pub fn message_page(title: &str, text: &str, instance: u64, generation: u64) -> Vec<u8> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{x}</p>\n</body>\n</html>\n",
        t = escape(title),
        x = escape(text)
    );
    inject_reload(html.as_bytes(), instance, generation)
}

/// The `Content-Type` for a file name.
pub fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/atom+xml; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        Some("wasm") => "application/wasm",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject_reload(b"<p>a</body></p></body>x", 7, 3);
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<p>a</body></p><script>"));
        assert!(s.ends_with("</script></body>x"));
        assert!(s.contains("i=\"7\",g=3"));
    }

    /// The reload script run in node with a stand-in `fetch` giving `answers` (JSON: each
    /// `{status, retry, body}` or `{fail: true}`) in turn, `setTimeout` noted and run at once, and
    /// `location.reload` noted. What it did, as JSON (`["fetch","wait 2000",…,"reload"]`), or
    /// `None` without node.
    fn run_in_node(instance: u64, generation: u64, answers: &str) -> Option<String> {
        let harness = r#"
const answers = JSON.parse(process.env.ANSWERS);
const seen = [];
globalThis.fetch = () => {
  const a = answers.shift();
  seen.push("fetch");
  if (!a) return new Promise(() => {});
  if (a.fail) return Promise.reject(new TypeError("network"));
  return Promise.resolve({
    ok: a.status === 200, status: a.status,
    headers: { get: (n) => (n.toLowerCase() === "retry-after" ? a.retry : null) },
    text: () => Promise.resolve(a.body),
  });
};
globalThis.setTimeout = (f, ms) => { seen.push("wait " + ms); Promise.resolve().then(f); };
globalThis.location = { reload: () => { seen.push("reload"); } };
new Function(process.env.SCRIPT)();
setImmediate(function check(n) {
  if (seen.includes("reload") || n > 1000) console.log(JSON.stringify(seen));
  else setImmediate(check, (n || 0) + 1);
});
"#;
        let script = reload_script(instance, generation);
        let script = script
            .strip_prefix("<script>")
            .and_then(|s| s.strip_suffix("</script>"))
            .unwrap();
        let out = std::process::Command::new("node")
            .args(["-e", harness])
            .env("SCRIPT", script)
            .env("ANSWERS", answers)
            .output()
            .ok()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// An answer other than 200 (503 with `Retry-After` when too many pages wait, 421) or none at
    /// all makes the script ask again later, not reload; only a newer build number reloads.
    #[test]
    fn the_reload_script_asks_again_later_when_refused() {
        let answers = r#"[{"status":503,"retry":"2","body":"busy"},{"fail":true},
            {"status":421,"retry":null,"body":"misdirected request"},
            {"status":200,"body":"7 3"},{"status":200,"body":"7 4"}]"#;
        let Some(seen) = run_in_node(7, 3, answers) else {
            assert!(std::env::var_os("CI").is_none(), "node is missing");
            eprintln!("skipped: node is not installed");
            return;
        };
        assert_eq!(
            seen,
            r#"["fetch","wait 2000","fetch","wait 1000","fetch","wait 1000","fetch","fetch","reload"]"#
        );
        // A restarted server (another instance) reloads too.
        let seen = run_in_node(7, 3, r#"[{"status":200,"body":"8 1"}]"#);
        assert_eq!(
            seen.as_deref().unwrap_or(r#"["fetch","reload"]"#),
            r#"["fetch","reload"]"#
        );
    }

    #[test]
    fn error_page_escapes_everything() {
        let d = Diagnostic::error("content/cn/<x>.md", Pos::new(3, 8), "bad '<script>' value")
            .with_hint("write \"a & b\"");
        let page = String::from_utf8(error_page(&[d], "1 error", 1, 1)).unwrap();
        assert!(page.contains("content/cn/&lt;x&gt;.md:3:8"));
        assert!(page.contains("bad &#39;&lt;script&gt;&#39; value"));
        assert!(page.contains("write &quot;a &amp; b&quot;"));
        assert!(!page.contains("<script>' value"));
    }
}
