//! Embeds the built-in templates (`templates/`) and assets (`static/`) into the binary, so that
//! `knte build --root DIR` works on any content tree. Writes `$OUT_DIR/embedded.rs` with two sorted
//! tables of `(relative path, contents)`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::new();
    for (name, dir, text) in [
        ("TEMPLATES", "templates", true),
        ("STATIC", "static", false),
    ] {
        let base = root.join(dir);
        println!("cargo:rerun-if-changed={dir}");
        let ty = if text { "&str" } else { "&[u8]" };
        let mac = if text { "include_str" } else { "include_bytes" };
        let _ = writeln!(code, "pub(crate) static {name}: &[(&str, {ty})] = &[");
        for f in files(&base) {
            println!("cargo:rerun-if-changed={}", f.display());
            let rel = f
                .strip_prefix(&base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let _ = writeln!(
                code,
                "    ({rel:?}, {mac}!({:?})),",
                f.display().to_string()
            );
        }
        code.push_str("];\n");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
