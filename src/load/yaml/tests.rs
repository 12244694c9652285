//! Tests of the YAML stage: values, positions, limits, errors.

use super::*;

const FM: &str = "id: CN-001\ntitle: \"화장품: 등록\"\nsectors: [cosmetics, stel]\nsources:\n  - title: A\n    url: https://a.example\n  - title: B\n    url: ftp://b\ntrade_remedy:\n  measure: dumping\n  stage: definitive\nactions:\n- date: 2025-01-01\n  channel: talks\n";

fn node(text: &str) -> Node {
    parse(text, 2).unwrap().0
}

#[test]
fn parses_into_nodes() {
    assert_eq!(
        node("a: 1\nb: [x, \"2\"]\nc:\n  d: true\n"),
        Node::Map(vec![
            ("a".into(), Node::Int(1)),
            (
                "b".into(),
                Node::Seq(vec![Node::Str("x".into()), Node::Str("2".into())])
            ),
            ("c".into(), Node::Map(vec![("d".into(), Node::Bool(true))])),
        ])
    );
    assert_eq!(node(""), Node::Map(vec![]));
    assert_eq!(
        node("a: !!str 12\n"),
        Node::Map(vec![("a".into(), Node::Str("12".into()))])
    );
}

/// Plain scalars read exactly as serde_yaml reads them.
#[test]
fn scalars_resolve_as_serde_yaml_does() {
    for s in [
        "",
        "~",
        "null",
        "NULL",
        "true",
        "False",
        "yes",
        "no",
        "on",
        "12",
        "-7",
        "+3",
        "0",
        "012",
        "0x1F",
        "0o17",
        "0b101",
        "1.5",
        "-2.5e3",
        "1e3",
        ".5",
        "5.",
        ".inf",
        "-.inf",
        ".nan",
        "2025-01-01",
        "3304.99",
        "CN-001",
        "9223372036854775807",
        "9223372036854775808",
        "1_000",
        "e5",
        "+",
        "1.2.3",
        "0x",
        "화장품",
        "inf",
        "NaN",
    ] {
        let ours = resolve(s);
        let theirs: serde_yaml::Value = serde_yaml::from_str(&format!("v: {s}\n"))
            .map(|m: serde_yaml::Mapping| m.get("v").cloned().unwrap_or_default())
            .unwrap();
        let theirs = match theirs {
            serde_yaml::Value::Null => Node::Null,
            serde_yaml::Value::Bool(b) => Node::Bool(b),
            serde_yaml::Value::Number(n) => match n.as_i64() {
                Some(i) => Node::Int(i),
                None => Node::Float(n.as_f64().unwrap()),
            },
            serde_yaml::Value::String(s) => Node::Str(s),
            other => panic!("{other:?}"),
        };
        let same = match (&ours, &theirs) {
            (Node::Float(a), Node::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => ours == theirs,
        };
        assert!(same, "{s:?}: ours {ours:?}, serde_yaml {theirs:?}");
    }
}

#[test]
fn syntax_errors_carry_file_lines() {
    let e = parse("id: CN-001\ntitle: \"open\nsummary: x\n", 2).unwrap_err();
    assert!(
        e.message.starts_with("the front matter is not valid YAML"),
        "{e:?}"
    );
    assert!(
        e.message.ends_with("a quoted value is never closed"),
        "{e:?}"
    );
    let dup = parse("id: a\nid: b\n", 2).unwrap_err();
    assert_eq!(
        dup.message,
        "the front matter is not valid YAML: the field 'id' appears twice"
    );
    assert_eq!(dup.pos, Pos::new(3, 1));
}

#[test]
fn a_repeated_field_inside_a_list_item_is_named_by_its_path() {
    let text = "id: x\nactions:\n  - date: 2025-01-01\n    note: a\n  - date: 2025-02-01\n    note: b\n    note: c\n";
    let e = parse(text, 2).unwrap_err();
    assert_eq!(
        e.message,
        "the front matter is not valid YAML: the field 'note' appears twice in actions[2]"
    );
    assert_eq!(e.pos, Pos::new(8, 5));
    assert!(e.hint.contains("line 7"), "{e:?}");
}

#[test]
fn refuses_tabs_aliases_and_depth() {
    assert!(parse("a:\n\tb: 1\n", 2)
        .unwrap_err()
        .message
        .contains("tab"));
    let bomb = "a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
    let e = parse(bomb, 2).unwrap_err();
    assert!(e.message.contains("aliases"), "{e:?}");
    assert_eq!(e.pos.line, 4);
    let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
    assert!(parse(&deep, 2).unwrap_err().message.contains("nested"));
    let deep_block: String = (0..40)
        .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
        .collect();
    assert!(parse(&deep_block, 2)
        .unwrap_err()
        .message
        .contains("nested"));
}

/// Aliases separated by tabs, or after values with quotes or `#`, are counted like any other:
/// the count is the parser's, not a reading of the text.
#[test]
fn every_alias_counts_whatever_surrounds_it() {
    let big = format!("x: &A [{}]\n", vec!["a"; 10_000].join(", "));
    for sep in [",\t", ", ", ",", " ,\t "] {
        for lead in ["", "it's, ", "a#b, ", "\"q\", "] {
            let y = format!("y: [{lead}{}]\n", vec!["*A"; 2000].join(sep));
            let e = parse(&format!("{big}{y}"), 2).unwrap_err();
            assert!(e.message.contains("aliases"), "{sep:?} {lead:?}: {e:?}");
        }
    }
    // Few aliases of a large anchor: refused by the count of values they would copy.
    let huge = format!(
        "x: &A [{}]\ny: [*A, *A, *A, *A, *A, *A, *A, *A, *A, *A, *A, *A, *A, *A, *A]\n",
        vec!["a"; 60_000].join(", ")
    );
    assert!(parse(&huge, 2).unwrap_err().message.contains("values"));
}

#[test]
fn locates_keys_and_values() {
    let loc = parse(FM, 2).unwrap().1;
    assert_eq!(loc.find(&[Seg::Key("id")]), Pos::new(2, 5));
    assert_eq!(
        loc.find(&[Seg::Key("sectors"), Seg::Index(1)]),
        Pos::new(4, 22)
    );
    assert_eq!(
        loc.find(&[Seg::Key("sources"), Seg::Index(1), Seg::Key("url")]),
        Pos::new(9, 10)
    );
    assert_eq!(
        loc.find_key(&[Seg::Key("sources"), Seg::Index(1), Seg::Key("url")]),
        Pos::new(9, 5)
    );
    assert_eq!(
        loc.find(&[Seg::Key("trade_remedy"), Seg::Key("measure")]),
        Pos::new(11, 12)
    );
    assert_eq!(
        loc.find(&[Seg::Key("actions"), Seg::Index(0), Seg::Key("channel")]),
        Pos::new(15, 12)
    );
    // A missing step falls back to the closest place found.
    assert_eq!(
        loc.find(&[Seg::Key("sources"), Seg::Index(5)]),
        Pos::new(6, 3)
    );
    assert_eq!(loc.find(&[Seg::Key("nothing")]), Pos::new(1, 1));
}

#[test]
fn locates_inside_flow_mappings_and_lists_over_several_lines() {
    let tax =
        "categories:\n  - { id: tbt, ko: 기술규제, en: TBT }\n  - { id: sps, ko: 위생, en: SPS }\n";
    let loc = parse(tax, 1).unwrap().1;
    assert_eq!(
        loc.find(&[Seg::Key("categories"), Seg::Index(1), Seg::Key("ko")]),
        Pos::new(3, 20)
    );
    let flow = "id: x\nsectors: [\n  cosmetics,\n  cosmetic\n]\n";
    let loc = parse(flow, 2).unwrap().1;
    assert_eq!(
        loc.find(&[Seg::Key("sectors"), Seg::Index(1)]),
        Pos::new(5, 3)
    );
    // Columns count characters: Hangul before a value does not shift it.
    let ko = "title: \"화장품\"\nnote: 가나 [x]\n";
    let loc = parse(ko, 2).unwrap().1;
    assert_eq!(loc.find(&[Seg::Key("note")]), Pos::new(3, 7));
}

#[test]
fn an_empty_value_points_at_its_key_line() {
    let loc = parse("a:\nb: 1\n", 2).unwrap().1;
    assert_eq!(loc.find(&[Seg::Key("a")]).line, 2);
}
