//! The world map on the home page and `/partners/` (both languages), read from built sites: one
//! link per partner with published barriers and none for the others, each to the partner's page and
//! named by its name and count, a bloc shaded over its members but not over a member that is a
//! partner itself, a dot for a partner too small for the outline, shades as classes, and the text
//! alternative the map points to.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Builds `root` without PDFs into a new temporary folder.
fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let o = knte(&["build", "--no-pdf", "--out", out.to_str().unwrap()], root);
    assert_eq!(o.status.code(), Some(0), "build failed:\n{}", stderr(&o));
    (dir, out)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// One link of the map: where it leads, its accessible name, its `<title>`, the element inside
/// (`path` or `circle`), that element's classes and, for a path, its `d`.
#[derive(Debug)]
struct MapLink {
    href: String,
    label: String,
    title: String,
    element: String,
    class: String,
    d: String,
}

/// The value of attribute `name` in the tag that starts `tag`.
fn attr(tag: &str, name: &str) -> String {
    let head = &tag[..tag.find('>').unwrap_or(tag.len())];
    let key = format!(" {name}=\"");
    head.split(&key)
        .nth(1)
        .map(|v| v.split('"').next().unwrap().to_string())
        .unwrap_or_default()
}

/// The map's `<svg>` element of a page, which must hold exactly one.
fn svg(page: &str) -> &str {
    let starts: Vec<_> = page.match_indices("<svg class=\"world-map-svg\"").collect();
    assert_eq!(starts.len(), 1, "one map per page");
    let from = starts[0].0;
    let to = from + page[from..].find("</svg>").expect("</svg>") + "</svg>".len();
    &page[from..to]
}

fn links(svg: &str) -> Vec<MapLink> {
    svg.split("<a ")
        .skip(1)
        .map(|a| {
            let title = a.split("<title>").nth(1).unwrap().split("</title>").next();
            let inner = a
                .split("</title><")
                .nth(1)
                .expect("a shape after the title");
            MapLink {
                href: attr(&format!(" {a}"), "href"),
                label: attr(&format!(" {a}"), "aria-label"),
                title: title.unwrap().to_string(),
                element: inner.split(' ').next().unwrap().to_string(),
                class: attr(inner, "class"),
                d: attr(inner, "d"),
            }
        })
        .collect()
}

/// A country's path in the vendored outline (`shape<TAB>CODE<TAB>path`).
fn outline_path(code: &str) -> String {
    let tsv = std::fs::read_to_string(repo().join("src/render/html/world_110m.tsv")).unwrap();
    let prefix = format!("shape\t{code}\t");
    tsv.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("{code} has no shape"))
        .to_string()
}

/// The base fixture with the map overlay: cn (2 barriers), jp, eu, de (an EU member with a barrier
/// of its own), sg (too small for the outline: 1 each) and us (only a draft, so none published).
#[test]
fn the_map_links_every_partner_with_barriers_and_no_other() {
    let root = case_tree(&fixtures().join("map"));
    let (_dir, out) = build(root.path());
    let ko = [
        ("de", "독일: 무역장벽 1건"),
        ("eu", "유럽연합: 무역장벽 1건"),
        ("jp", "일본: 무역장벽 1건"),
        ("cn", "중국: 무역장벽 2건"),
        ("sg", "싱가포르: 무역장벽 1건"),
    ];
    let en = [
        ("cn", "China: 2 barriers"),
        ("eu", "European Union: 1 barrier"),
        ("de", "Germany: 1 barrier"),
        ("jp", "Japan: 1 barrier"),
        ("sg", "Singapore: 1 barrier"),
    ];
    for (prefix, expected) in [("", ko), ("en/", en)] {
        for page in ["index.html", "partners/index.html"] {
            let file = format!("{prefix}{page}");
            let html = read(&out, &file);
            let svg = svg(&html);
            let found = links(svg);
            // Shapes first (in the page's order), then the dots drawn over them.
            let got: Vec<(String, String)> = found
                .iter()
                .map(|l| (l.href.clone(), l.label.clone()))
                .collect();
            let want: Vec<(String, String)> = expected
                .iter()
                .map(|(c, n)| (format!("/{prefix}partners/{c}/"), n.to_string()))
                .collect();
            assert_eq!(got, want, "{file}");
            assert!(
                !svg.contains("/partners/us/"),
                "{file}: us has no published barrier"
            );
            assert!(!svg.contains(" style="), "{file}: colours are classes");
            let by: BTreeMap<&str, &MapLink> =
                expected.iter().map(|(c, _)| *c).zip(found.iter()).collect();
            for l in &found {
                assert_eq!(l.title, l.label, "{file}: the tooltip is the name");
            }
            assert_eq!(
                by["cn"].class, "map-s5",
                "{file}: the most barriers, the darkest"
            );
            assert_eq!(by["jp"].class, "map-s2", "{file}");
            assert_eq!(by["sg"].element, "circle", "{file}: Singapore is a dot");
            assert_eq!(by["sg"].class, "map-s2 map-dot", "{file}");
            let (germany, france) = (outline_path("DE"), outline_path("FR"));
            assert_eq!(by["de"].d, germany, "{file}: Germany drawn as itself");
            assert_eq!(by["cn"].d, outline_path("CN"), "{file}");
            assert!(
                by["eu"].d.contains(&france) && !by["eu"].d.contains(&germany),
                "{file}: the EU shaded over its members but Germany"
            );
            let land = attr(&svg[svg.find("<path class=\"map-land\"").unwrap()..], "d");
            assert!(
                !land.contains(&germany) && land.contains(&outline_path("US")),
                "{file}: the grey land holds the countries not linked"
            );
            text_alternative(&html, svg, prefix, page, &expected);
            assert!(
                html.contains("class=\"map-swatch map-s5\""),
                "{file}: a legend"
            );
        }
    }
}

/// The map names the element that gives its counts in text: on the home page its own table (a row
/// per linked partner, with the partner's link and count), on `/partners/` the partner list.
fn text_alternative(html: &str, svg: &str, prefix: &str, page: &str, expected: &[(&str, &str)]) {
    let id = attr(svg, "aria-describedby");
    let open = format!(" id=\"{id}\"");
    let at = html
        .find(&open)
        .unwrap_or_else(|| panic!("{prefix}{page}: no element with id {id}"));
    let element = &html[at..];
    if page == "index.html" {
        assert_eq!(id, "map-table");
        let table = &element[..element.find("</table>").unwrap()];
        let rows: Vec<&str> = table.split("<tr><th scope=\"row\">").skip(1).collect();
        assert_eq!(
            rows.len(),
            expected.len(),
            "{prefix}{page}: a row per linked partner"
        );
        for (code, name) in expected {
            let row = rows
                .iter()
                .find(|r| r.contains(&format!("href=\"/{prefix}partners/{code}/\"")))
                .unwrap_or_else(|| panic!("{prefix}{page}: no row for {code}"));
            let (partner, count) = name.split_once(": ").unwrap();
            let digits: String = count.chars().filter(char::is_ascii_digit).collect();
            assert!(row.contains(&format!(">{partner}</a>")), "{row}");
            assert!(row.contains(&format!("<td>{digits}</td>")), "{row}");
        }
        // 27 members; Malta is too small for the outline and Germany is drawn as itself.
        assert!(
            table.contains("(회원국 25개국에 표시)")
                || table.contains("(shaded over 25 member states)"),
            "{prefix}{page}: the table says how the EU is drawn"
        );
    } else {
        assert_eq!(id, "partner-list");
        for (code, _) in expected {
            assert!(
                element.contains(&format!("href=\"/{prefix}partners/{code}/\"")),
                "{prefix}{page}: the list lacks {code}"
            );
        }
    }
}

/// The sample edition: each of its partners (all have barriers) is one link on the map.
#[test]
fn every_partner_of_the_sample_is_on_the_map() {
    let (_dir, out) = build(repo());
    let data: serde_json::Value = serde_json::from_str(&read(&out, "data/barriers.json")).unwrap();
    let mut partners: Vec<String> = data["barriers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["partner"].as_str().unwrap().to_string())
        .collect();
    partners.sort();
    partners.dedup();
    assert!(partners.len() >= 20);
    for prefix in ["", "en/"] {
        let html = read(&out, &format!("{prefix}index.html"));
        let mut hrefs: Vec<String> = links(svg(&html)).into_iter().map(|l| l.href).collect();
        hrefs.sort();
        let want: Vec<String> = partners
            .iter()
            .map(|p| format!("/{prefix}partners/{p}/"))
            .collect();
        assert_eq!(hrefs, want, "{prefix}index.html");
    }
}
