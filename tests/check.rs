//! `knte check` on fixture trees: one test per validation rule (tests/fixtures/invalid/<rule>/),
//! twenty broken files at once, hostile files, CRLF and byte-order marks, JSON output, exit codes,
//! and the shipped sample edition.

mod common;

use common::*;
use std::path::Path;

macro_rules! invalid_cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert_case(&fixtures().join("invalid").join(stringify!($name)));
            }
        )*
        const CASES: &[&str] = &[$(stringify!($name)),*];
    };
}

invalid_cases!(
    action_after_last_updated,
    action_bad_channel,
    action_missing_note,
    bad_id_format,
    bad_slug,
    slug_windows_device,
    body_deep_quote_marks,
    body_empty,
    body_h1,
    body_nested_lists,
    body_nested_quotes,
    circulation_notice_too_long,
    control_char_escaped,
    control_char_in_body,
    control_char_in_taxonomy,
    control_char_raw,
    date_bad_format,
    date_does_not_exist,
    date_out_of_range,
    draft_not_bool,
    duplicate_id,
    empty_file,
    empty_sectors,
    english_with_front_matter,
    english_without_korean,
    field_too_long,
    focus_sector_unknown,
    hs_code_length,
    hs_code_number,
    id_path_escape,
    id_prefix_mismatch,
    id_too_many_digits,
    impact_incomplete,
    integer_too_large,
    internal_not_group,
    internal_value_too_long,
    last_updated_after_published,
    last_updated_before_first_reported,
    link_missing,
    link_missing_in_profile,
    link_protocol_relative,
    link_to_english_body,
    link_to_text_file,
    list_too_long,
    list_where_text_belongs,
    missing_required,
    nested_list_wrong_item,
    next_bad_channel,
    no_front_matter,
    not_a_mapping,
    not_text,
    not_utf8,
    partner_code_mismatch,
    partner_folder_name,
    partner_trade_incomplete,
    partner_trade_source_en_not_text,
    partner_without_profile,
    related_missing,
    related_repeated,
    related_self,
    report_bad_fields,
    report_missing,
    source_bad_url,
    sources_missing,
    stage_draft_disagree,
    stale_after_out_of_range,
    stage_unknown,
    status_date_missing,
    summary_markdown,
    summary_too_long,
    taxonomy_duplicate_id,
    taxonomy_missing_category,
    title_too_long,
    toml_front_matter,
    trade_remedy_bad_values,
    trade_remedy_missing,
    trade_remedy_wrong_category,
    unclosed_front_matter,
    unknown_category,
    unknown_key,
    unknown_sector,
    unknown_status,
    wrong_type_list,
    wto_ref_bad,
    yaml_alias_after_hash,
    yaml_alias_after_quote,
    yaml_alias_after_tabs,
    yaml_alias_unknown,
    yaml_colon_in_value,
    yaml_duplicate_key,
    yaml_flow_list_multiline,
    yaml_flow_mapping_too_deep,
    yaml_hangul_before_error,
    yaml_nested_duplicate_key,
    yaml_second_document,
    yaml_tab_indent,
    yaml_unclosed_quote,
    year_out_of_range,
);

#[test]
fn every_fixture_case_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "add the new case to invalid_cases! in tests/check.rs"
    );
    println!("{} invalid-input cases", listed.len());
}

#[test]
fn the_base_fixture_is_valid() {
    let out = knte(&["check"], &fixtures().join("base"));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.ends_with("0 errors, 5 warnings in 3 entries (0 draft, 0 circulated, 3 approved)\n"),
        "{err}"
    );
}

#[test]
fn twenty_broken_files_give_twenty_diagnostics_in_one_run() {
    let case = fixtures().join("twenty");
    let want = expected(&case);
    assert_eq!(want.lines.len(), 20);
    assert_case(&case);
}

#[test]
fn crlf_and_byte_order_marks_are_accepted() {
    let tree = case_tree(&fixtures().join("base"));
    to_crlf_with_bom(tree.path());
    let out = knte(&["check"], tree.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 errors"));

    // Positions stay the editor's: a CRLF file reports the same line and column as its LF twin.
    let case = fixtures().join("invalid/unknown_sector");
    let tree = case_tree(&case);
    to_crlf_with_bom(tree.path());
    let out = knte(&["check"], tree.path());
    let err = stderr(&out);
    for line in expected(&case).lines {
        assert!(err.lines().any(|l| l == line), "missing {line} in\n{err}");
    }
}

fn to_crlf_with_bom(root: &Path) {
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            std::fs::write(entry.path(), crlf).unwrap();
        }
    }
}

#[test]
fn hostile_files_get_clean_diagnostics() {
    let tree = case_tree(&fixtures().join("base"));
    let dir = tree.path().join("content/cn");
    let mut garbage = Vec::new();
    let mut x: u32 = 0x2545_F491;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        garbage.push((x & 0xff) as u8);
    }
    let five_mb_line = format!(
        "---\nid: CN-090\ntitle: {}\n---\n",
        "가".repeat(5 * 1024 * 1024 / 3)
    );
    let alias_bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n\
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n---\nbody\n";
    let deep_flow = format!(
        "---\nid: {}{}\n---\nbody\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut deep_block = String::from("---\n");
    for depth in 0..300 {
        deep_block.push_str(&format!("{}k{depth}:\n", "  ".repeat(depth)));
    }
    deep_block.push_str("---\nbody\n");
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.md", garbage),
        ("five-mb-line.md", five_mb_line.into_bytes()),
        ("alias-bomb.md", alias_bomb.as_bytes().to_vec()),
        ("deep-flow.md", deep_flow.into_bytes()),
        ("deep-block.md", deep_block.into_bytes()),
        ("empty.md", Vec::new()),
        ("only-fence.md", b"---\n".to_vec()),
        (
            "never-closes.md",
            b"---\nid: CN-091\ntitle: x\nsummary: y\n".to_vec(),
        ),
        ("bom-only.md", "\u{feff}".as_bytes().to_vec()),
        ("scalar.md", b"---\njust a sentence\n---\nbody\n".to_vec()),
        (
            "tagged.md",
            b"---\nid: !!binary aGVsbG8=\n---\nbody\n".to_vec(),
        ),
        (
            "complex-key.md",
            b"---\n? [a, b]\n: c\n---\nbody\n".to_vec(),
        ),
        (
            "huge-number.md",
            b"---\nid: 1e999999\nsectors: [99999999999999999999999999]\n---\nbody\n".to_vec(),
        ),
        ("nul-in-text.md", b"---\nid: CN-092\x00\n---\n".to_vec()),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::create_dir(dir.join("nested")).unwrap();
    let out = knte(&["check"], tree.path());
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (name, _) in &files {
        let path = format!("content/cn/{name}");
        assert!(
            err.lines()
                .any(|l| l.starts_with(&path) && l.contains(": error: ")),
            "no error names {path}:\n{err}"
        );
    }
    assert!(err.contains("content/cn/nested: error: folders inside a partner folder are not read"));
    assert!(err.contains(
        "content/cn/five-mb-line.md: error: the file is 5.0 MB; a content file may be at most 1 MB"
    ));
    assert!(err.contains("content/cn/alias-bomb.md:4:"), "{err}");
}

#[test]
fn json_output_carries_the_same_diagnostics() {
    let case = fixtures().join("invalid/unknown_sector");
    let tree = case_tree(&case);
    let out = knte(&["check", "--format", "json"], tree.path());
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["errors"], 1);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "error")
        .unwrap();
    assert_eq!(d["file"], "content/cn/x.md");
    assert_eq!(d["line"], 8);
    assert_eq!(d["column"], 24);
    assert_eq!(
        d["message"],
        "unknown sector 'cosmetic' (did you mean 'cosmetics'?)"
    );
    assert!(d["hint"]
        .as_str()
        .unwrap()
        .starts_with("use one of: cosmetics"));
}

#[test]
fn usage_and_io_problems_exit_with_2() {
    let empty = tempfile::tempdir().unwrap();
    let out = knte(&["check"], empty.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("there is no content/ folder"));

    let out = knte(&["check"], &empty.path().join("missing"));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("does not exist"));

    let out = knte(&["check", "--format", "yaml"], empty.path());
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_symlinks_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let tree = case_tree(&fixtures().join("base"));
    let cn = tree.path().join("content/cn");
    std::os::unix::fs::symlink("/etc/passwd", cn.join("outside.md")).unwrap();
    std::os::unix::fs::symlink("loop.md", cn.join("loop.md")).unwrap();
    std::os::unix::fs::symlink("../../..", cn.join("up")).unwrap();
    let locked = cn.join("locked.md");
    std::fs::write(&locked, "---\n---\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = knte(&["check"], tree.path());
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/cn/outside.md: error: symbolic links are not followed in content/")
    );
    // Root can read any file; the check applies only to ordinary users.
    if std::fs::read(&locked).is_err() {
        assert!(
            err.contains("content/cn/locked.md: error: the file cannot be read"),
            "{err}"
        );
    }
}

/// The shipped sample edition: valid, and as large and varied as the report promises.
#[test]
fn the_sample_edition_is_valid_and_complete() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = knte(&["stats", "--format", "json"], root);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        v["errors"],
        0,
        "{}",
        serde_json::to_string_pretty(&v["diagnostics"]).unwrap()
    );
    assert_eq!(out.status.code(), Some(0));
    let s = &v["stats"];
    let count = |list: &str, id: &str| -> u64 {
        s[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|pair| pair[0] == id)
            .map_or(0, |pair| pair[1].as_u64().unwrap())
    };
    assert!(s["partners"].as_u64().unwrap() >= 25);
    assert!(s["barriers"].as_u64().unwrap() >= 75);
    for pair in s["by_partner"].as_array().unwrap() {
        assert!(
            pair[1].as_u64().unwrap() >= 3,
            "partner {} has fewer than 3 barriers",
            pair[0]
        );
    }
    for pair in s["by_category"].as_array().unwrap() {
        assert!(
            pair[1].as_u64().unwrap() >= 2,
            "category {} is used fewer than twice",
            pair[0]
        );
    }
    assert!(s["sectors_used"].as_u64().unwrap() >= 12);
    assert!(count("by_sector", "cosmetics") >= 10);
    assert!(count("by_sector", "textiles_apparel") >= 6);
    assert!(s["trade_remedy_cases"].as_u64().unwrap() >= 8);
    assert!(s["with_actions"].as_u64().unwrap() >= 30);
    assert_eq!(
        s["with_english_body"], s["barriers"],
        "every barrier of the sample has an English body"
    );
    assert!(s["body_words_min"].as_u64().unwrap() >= 150);
    assert!(s["body_words_max"].as_u64().unwrap() <= 600);
    // The partners whose trade figures were confirmed (docs/sample-sources.md); none may be lost,
    // and each names its source in English for the English site.
    assert!(s["partners_with_trade"].as_u64().unwrap() >= 16);
    for entry in std::fs::read_dir(root.join("content")).unwrap() {
        let profile = entry.unwrap().path().join("_partner.md");
        let Ok(text) = std::fs::read_to_string(&profile) else {
            continue;
        };
        if text.contains("\ntrade:\n") {
            assert!(
                text.contains("\n  source_en: "),
                "{} has trade figures without trade.source_en",
                profile.display()
            );
        }
    }
}
