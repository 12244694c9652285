//! The code's shape, held by a test rather than by review: no source file under `src/` over 600
//! lines, and no function over 80 lines unless a comment line starting `// Long:` right above it
//! (above its doc comment and attributes) says why. `cargo test --test code_shape -- --nocapture`
//! lists every function over 80 lines with its reason.

use std::path::{Path, PathBuf};

const FILE_MAX: usize = 600;
const FN_MAX: usize = 80;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The source with comments, strings and character literals blanked (newlines kept), so that
/// braces can be counted.
fn code_only(src: &str) -> Vec<u8> {
    let b = src.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = src[i..].find('\n').map_or(b.len(), |n| i + n);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
                blank(&mut out, i, end);
                i = end;
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let start = i + 2 + hashes;
                let end = src[start..]
                    .find(&close)
                    .map_or(b.len(), |n| start + n + close.len());
                blank(&mut out, i, end);
                i = end;
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                blank(&mut out, i, j + 1);
                i = j + 1;
            }
            b'\'' => {
                // A character literal ('x', '\n', '{'), or a lifetime ('a), which is left alone.
                let len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                if b.get(i + 1) == Some(&b'\\') {
                    let end = src[i + 2..].find('\'').map_or(b.len(), |n| i + 2 + n + 1);
                    blank(&mut out, i, end);
                    i = end;
                } else if b.get(i + 1 + len) == Some(&b'\'') {
                    blank(&mut out, i, i + 2 + len);
                    i += 2 + len;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// Whether a line declares a function (not a call, not a type of one).
fn fn_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for prefix in ["pub(crate) ", "pub(super) ", "pub(self) ", "pub "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
            break;
        }
        if rest.starts_with("pub(in ") {
            rest = rest.split_once(") ").map_or(rest, |(_, r)| r);
            break;
        }
    }
    for word in ["const ", "async ", "unsafe ", "extern \"C\" "] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

/// (file, line, name, length, reason) of every function of `src`, in source order.
fn functions(rel: &str, src: &str) -> Vec<(String, usize, String, usize, Option<String>)> {
    let code = String::from_utf8(code_only(src)).unwrap();
    let code_lines: Vec<&str> = code.lines().collect();
    let lines: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    for (n, line) in code_lines.iter().enumerate() {
        let Some(name) = fn_name(line) else { continue };
        // The body: from the first `{` after the signature to its matching `}`; a `;` first means
        // a declaration without a body.
        let (mut depth, mut opened, mut end) = (0i32, false, None);
        'scan: for (k, l) in code_lines.iter().enumerate().skip(n) {
            for c in l.chars() {
                match c {
                    ';' if !opened && depth == 0 => break 'scan,
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => {
                        depth -= 1;
                        if opened && depth == 0 {
                            end = Some(k);
                            break 'scan;
                        }
                    }
                    _ => {}
                }
            }
        }
        let Some(end) = end else { continue };
        // The comment lines, doc comments and attributes right above it.
        let mut reason = None;
        let mut k = n;
        while k > 0 {
            let above = lines[k - 1].trim_start();
            if let Some(r) = above.strip_prefix("// Long:") {
                reason = Some(r.trim().to_string());
            }
            if !(above.starts_with("//") || above.starts_with("#[")) {
                break;
            }
            k -= 1;
        }
        out.push((
            rel.to_string(),
            n + 1,
            name.to_string(),
            end - n + 1,
            reason,
        ));
    }
    out
}

#[test]
fn files_and_functions_stay_short_or_say_why() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let (mut too_long_files, mut unexplained, mut explained) = (vec![], vec![], vec![]);
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = std::fs::read_to_string(path).unwrap();
        let n = src.lines().count();
        if n > FILE_MAX {
            too_long_files.push(format!("{rel}: {n} lines"));
        }
        for (file, line, name, len, reason) in functions(&rel, &src) {
            if len > FN_MAX {
                match reason {
                    Some(r) => explained.push(format!("{file}:{line} {name} ({len} lines): {r}")),
                    None => unexplained.push(format!("{file}:{line} {name} ({len} lines)")),
                }
            }
        }
    }
    println!(
        "{} source files, none over {FILE_MAX} lines: {}",
        files.len(),
        too_long_files.is_empty()
    );
    println!("functions over {FN_MAX} lines, each with its reason:");
    for e in &explained {
        println!("  {e}");
    }
    assert!(
        too_long_files.is_empty() && unexplained.is_empty(),
        "files over {FILE_MAX} lines:\n{}\n\n\
         functions over {FN_MAX} lines without a `// Long:` comment above them saying why:\n{}",
        too_long_files.join("\n"),
        unexplained.join("\n")
    );
}

#[test]
fn the_scanner_finds_bodies_past_braces_in_strings_and_comments() {
    let src = "fn a() {\n    let s = \"}\"; // }\n    let c = '}';\n    let r = r#\"}\"#;\n}\n\n// Long: a table of cases.\nfn b<'x>(v: &'x str) -> &'x str {\n    v\n}\nfn decl();\n";
    let f = functions("x.rs", src);
    let summary: Vec<_> = f
        .iter()
        .map(|(_, l, n, len, r)| (*l, n.as_str(), *len, r.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, "a", 5, None),
            (8, "b", 3, Some("a table of cases.".to_string()))
        ]
    );
}
