//! Snapshots of `knte check`'s full text output, as an editor sees it: each diagnostic's header,
//! the source line with the column underlined, the hint, and the closing count. One
//! `snapshot.txt` per case folder under `tests/fixtures/invalid/`; every case that has one is
//! compared. To write or refresh them after a deliberate change to the messages:
//!
//! ```sh
//! KNTE_UPDATE_SNAPSHOTS=1 cargo test --test snapshots
//! git diff tests/fixtures   # read every change before committing it
//! ```

mod common;

use common::*;

/// The cases snapshot in text form; the test fails if one has no snapshot.txt (unless updating).
const SNAPSHOT_CASES: &[&str] = &[
    "unknown_sector",
    "unknown_category",
    "unknown_status",
    "unknown_key",
    "action_bad_channel",
    "trade_remedy_bad_values",
    "partner_code_mismatch",
    "related_missing",
    "date_bad_format",
    "missing_required",
    "yaml_tab_indent",
    "yaml_unclosed_quote",
    "yaml_flow_list_multiline",
    "yaml_nested_duplicate_key",
    "nested_list_wrong_item",
    "yaml_hangul_before_error",
    "yaml_colon_in_value",
    "summary_markdown",
];

#[test]
fn text_output_matches_the_snapshots() {
    let update = std::env::var_os("KNTE_UPDATE_SNAPSHOTS").is_some();
    let mut failed = Vec::new();
    for case in SNAPSHOT_CASES {
        let dir = fixtures().join("invalid").join(case);
        let tree = case_tree(&dir);
        let out = knte(&["check"], tree.path());
        let got = stderr(&out);
        assert!(!got.contains("panicked"), "{case}: knte panicked:\n{got}");
        let file = dir.join("snapshot.txt");
        if update {
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_else(|_| {
            panic!("{case} has no snapshot.txt: run KNTE_UPDATE_SNAPSHOTS=1 cargo test --test snapshots")
        });
        if got != want {
            failed.push(format!(
                "--- {case}: expected (snapshot.txt)\n{want}\n--- got\n{got}"
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "text output changed; if intended, refresh with KNTE_UPDATE_SNAPSHOTS=1 cargo test --test snapshots\n{}",
        failed.join("\n")
    );
}

#[test]
fn snapshots_show_the_source_line_and_underline() {
    let text =
        std::fs::read_to_string(fixtures().join("invalid/unknown_sector/snapshot.txt")).unwrap();
    assert!(text.contains("did you mean 'cosmetics'?"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(": error: unknown sector"))
        .expect("the error");
    assert!(lines[at + 1].contains(" | "), "{text}");
    assert!(lines[at + 2].trim_start().starts_with("| ") && lines[at + 2].contains('^'));
}
