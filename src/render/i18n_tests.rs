//! Unit tests of the strings table: the built-in file, a site's overrides and their diagnostics.

use super::*;
use crate::model::{Status, CHANNELS, MEASURES, STAGES};

fn site(text: &str) -> (Strings, Diagnostics) {
    let mut diags = Diagnostics::default();
    let src = Source {
        rel: SITE_FILE.into(),
        text: text.into(),
    };
    let strings = Strings::with_site(&src, &mut diags);
    (strings, diags)
}

fn messages(diags: Diagnostics) -> Vec<String> {
    diags
        .into_sorted()
        .iter()
        .map(|d| format!("{}:{}: {}", d.file, d.line, d.message))
        .collect()
}

#[test]
fn the_builtin_table_has_no_problem_and_every_text_in_both_languages() {
    let mut diags = Diagnostics::default();
    let src = Source {
        rel: "i18n/strings.yaml".into(),
        text: BUILTIN.into(),
    };
    let written = parse(&src, None, &mut diags);
    assert_eq!(messages(diags), Vec::<String>::new());
    assert!(written.len() > 150, "{}", written.len());
    assert!(written.iter().all(|w| w.texts.iter().all(Option::is_some)));
    let s = Strings::builtin();
    assert_eq!(s.text(Lang::Ko, "home"), "처음");
    // Spaces at either end belong to the text.
    assert_eq!(s.text(Lang::En, "edition"), " edition");
    assert_eq!(s.text(Lang::En, "hs_chapter"), "Chapter ");
    assert_eq!(s.text(Lang::Ko, "korean_only_note"), "");
    assert!(s.unknown_lookups().is_empty());
}

#[test]
fn every_id_of_the_closed_lists_has_a_name_and_every_status_a_meaning() {
    let s = Strings::builtin();
    let ids = Status::ALL
        .iter()
        .map(|x| x.id())
        .chain(MEASURES)
        .chain(STAGES)
        .chain(CHANNELS);
    for id in ids {
        for lang in Lang::ALL {
            assert!(!s.label(lang, id).is_empty(), "{id}");
        }
    }
    for st in Status::ALL {
        assert!(!s.status_meaning(Lang::En, st.id()).is_empty());
    }
    assert_eq!(s.label(Lang::Ko, "wto_dispute"), "WTO 분쟁해결");
    assert!(s.unknown_lookups().is_empty());
}

#[test]
fn a_site_rewords_only_the_keys_and_languages_it_lists() {
    let (s, diags) = site("home:\n  ko: \"첫 화면\"\nsearch:\n  ko: \"찾기\"\n  en: \"Find\"\n");
    assert!(diags.is_empty(), "{:?}", messages(diags));
    assert_eq!(s.text(Lang::Ko, "home"), "첫 화면");
    assert_eq!(s.text(Lang::En, "home"), "Home");
    assert_eq!(s.text(Lang::En, "search"), "Find");
    assert_eq!(s.text(Lang::Ko, "about"), "보고서 소개");
    assert_eq!(s.all(Lang::Ko)["home"], "첫 화면");
}

#[test]
fn an_unknown_key_in_a_site_file_is_an_error_on_its_line_with_a_suggestion() {
    let (s, diags) = site("home:\n  ko: \"첫 화면\"\n\nserach:\n  ko: \"찾기\"\n");
    assert!(diags.has_errors());
    assert_eq!(
        messages(diags),
        ["i18n/strings.yaml:4: 'serach' is not an interface text (did you mean 'search'?)"]
    );
    assert_eq!(s.text(Lang::Ko, "home"), "첫 화면");
}

#[test]
fn malformed_entries_are_errors_where_they_are_written() {
    let (_, diags) = site("home: 처음\nabout:\n  kr: \"소개\"\nsearch:\n  ko: 3\nmenu: {}\n");
    let m = messages(diags);
    assert_eq!(m.len(), 4, "{m:?}");
    assert!(m[0].starts_with("i18n/strings.yaml:1: 'home' must hold ko: and en:"));
    assert!(m[1].starts_with("i18n/strings.yaml:3: 'about' has 'kr'"));
    assert!(m[2].starts_with("i18n/strings.yaml:5: 'search.ko' must be text"));
    assert!(m[3].starts_with("i18n/strings.yaml:6: 'menu' has no ko or en"));
}

#[test]
fn a_key_written_twice_or_broken_yaml_is_an_error_with_its_line() {
    let (_, diags) = site("home:\n  ko: \"가\"\nhome:\n  ko: \"나\"\n");
    let m = messages(diags);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].starts_with("i18n/strings.yaml:3:"), "{m:?}");
    let (_, diags) = site("home:\n  ko: \"가\n");
    assert!(diags.has_errors());
    let (_, diags) = site("- home\n");
    assert!(messages(diags)[0].contains("must be a list of keys"));
}

#[test]
fn a_lookup_of_a_missing_key_is_kept_and_reported_once() {
    let s = Strings::builtin();
    assert_eq!(s.text(Lang::Ko, "serach"), "");
    assert_eq!(s.label(Lang::Ko, "nowhere"), "");
    let _ = s.text(Lang::En, "serach");
    let errors = s.unknown_lookups();
    let m: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(m.iter().any(|x| x.contains("'label_nowhere'")));
    assert!(m
        .iter()
        .any(|x| x.contains("'serach'") && x.contains("did you mean 'search'")));
    assert!(s.unknown_lookups().is_empty());
}

#[test]
fn numbers_read_naturally() {
    assert_eq!(usd(Lang::Ko, 1_500_000_000), "15억 달러");
    assert_eq!(usd(Lang::Ko, 133_000_000_000), "1,330억 달러");
    assert_eq!(usd(Lang::En, 1_500_000_000), "US$1.5 billion");
    assert_eq!(file_size(1_234_567), "1.2 MB");
    assert_eq!(file_size(840_001), "841 KB");
}
