//! Faults during `knte build`: the process killed at several points, and a disk that fills up. In
//! every case the previous output folder stays byte-for-byte as it was.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Starts a build, waits until it reports finishing `stage`, and kills it there.
fn kill_after(root: &Path, out: &Path, stage: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_knte"))
        .args([
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("KNTE_TIMINGS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut seen = false;
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        if line.starts_with(&format!("timing: {stage} ")) {
            child.kill().unwrap();
            seen = true;
            break;
        }
    }
    let status = child.wait().unwrap();
    assert!(seen, "the build never reported the stage '{stage}'");
    assert!(
        !status.success(),
        "the build finished before it could be killed after '{stage}'"
    );
}

#[test]
fn a_build_killed_at_any_point_leaves_the_previous_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &root.join("content"),
    );
    let out = root.join("public");
    let o = knte(&["build", "--out", out.to_str().unwrap()], &root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = all_files(&out);
    assert!(before.len() > 300, "{}", before.len());
    // Edit the content so that a finished build would change the output.
    let entry = root.join("content/cn/cosmetics-registration.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replacen("title: ", "title: 개정 ", 1)).unwrap();
    // Files are written into a temporary folder as they are made, so each of these kills leaves a
    // half-written one behind: after loading and checking (the PDF is being made), after the PDF
    // (the data files), after the data files (the HTML pages are being written), and after the
    // HTML (the search index).
    for stage in ["check", "pdf", "data files", "html"] {
        kill_after(&root, &out, stage);
        assert!(
            all_files(&out) == before,
            "the output changed after a build killed after '{stage}'"
        );
    }
    // The next build cleans up what the killed ones left and succeeds.
    let o = knte(&["build", "--out", out.to_str().unwrap()], &root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(out.join("barriers/cn-001/index.html"))
            .unwrap()
            .contains("개정 ")
    );
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_full_disk_leaves_the_previous_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    // A small tmpfs where the machine allows it (root on Linux); otherwise a file-size limit.
    let mounted = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            "size=6m",
            "tmpfs",
            disk.to_str().unwrap(),
        ])
        .status()
        .is_ok_and(|s| s.success());
    let root = disk.join("site");
    copy_tree(&fixtures().join("base"), &root);
    let out = root.join("public");
    let o = knte(&["build", "--out", out.to_str().unwrap()], &root);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = all_files(&out);
    let entry = root.join("content/cn/cosmetics-registration.md");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, text.replacen("title: ", "title: 개정 ", 1)).unwrap();
    let status = if mounted {
        // Fill the disk, leaving too little room for a second copy of the site.
        let free = fs_free(&disk);
        std::fs::write(
            disk.join("filler"),
            vec![0u8; free.saturating_sub(200_000) as usize],
        )
        .unwrap();
        let o = knte(&["build", "--out", out.to_str().unwrap()], &root);
        let err = stderr(&o);
        assert!(
            err.contains("cannot write") && err.contains("the previous output was left as it was"),
            "{err}"
        );
        o.status
    } else {
        Command::new("prlimit")
            .args([
                "--fsize=100000",
                env!("CARGO_BIN_EXE_knte"),
                "build",
                "--root",
                root.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ])
            .stderr(Stdio::null())
            .status()
            .unwrap()
    };
    assert!(!status.success());
    assert!(
        all_files(&out) == before,
        "the output changed after the disk filled up"
    );
    let leftovers: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty() || !mounted, "{leftovers:?}");
    if mounted {
        let _ = Command::new("umount").arg(&disk).status();
    }
    println!(
        "full disk simulated with {}",
        if mounted {
            "a 6 MB tmpfs"
        } else {
            "a file-size limit"
        }
    );
}

fn fs_free(path: &Path) -> u64 {
    let o = Command::new("df")
        .args(["--output=avail", "-B1", path.to_str().unwrap()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
