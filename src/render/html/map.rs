//! The world map of the home page and `/partners/`: partners and their counts -> [`WorldMap`], an
//! inline SVG drawn at build time (no script, no image file), its legend and the rows of its text
//! alternative.
//!
//! Input: the vendored outline `world_110m.tsv` (Natural Earth 1:110m, public domain, in the Equal
//! Earth projection; see `world_110m.md`) and the [`Views`]' partners with their counts of
//! published barriers. Output: a [`WorldMap`] the `world_map` macro places on the page. Every
//! country is grey; a partner with barriers is shaded in one of up to five steps of its count and
//! is a link to its page, named by its name and count; a bloc (`eu`, `gcc`, `asean`, `eaeu`) is
//! shaded over its member states; a partner too small for the outline (Singapore, Hong Kong) is a
//! dot. Colours are CSS classes (`map-s1` to `map-s5`), never style attributes, so the pages need
//! no inline styles.

use super::views::Views;
use crate::render::escape::esc;
use crate::render::i18n::Strings;
use crate::render::Lang;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::sync::OnceLock;

const OUTLINE: &str = include_str!("world_110m.tsv");

/// Member states of the bloc partners `knte` accepts as folder names (ISO 3166-1 alpha-2). A member
/// that is a partner with barriers of its own is drawn as itself, not as part of the bloc.
const BLOCS: &[(&str, &[&str])] = &[
    (
        "eu",
        &[
            "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
            "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
        ],
    ),
    ("gcc", &["AE", "BH", "KW", "OM", "QA", "SA"]),
    (
        "asean",
        &[
            "BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN",
        ],
    ),
    ("eaeu", &["AM", "BY", "KG", "KZ", "RU"]),
];

/// How many shades the map uses at most.
pub(crate) const STEPS: usize = 5;

/// The id of the table that describes the map on the home page.
pub(crate) const TABLE_ID: &str = "map-table";

/// The id of `/partners/`' own list of partners with their counts, which describes the map there.
pub(crate) const PARTNER_LIST_ID: &str = "partner-list";

/// The parsed outline: its viewBox size, the paths of every shape by code, and the points of the
/// countries too small to draw.
struct Outline {
    width: u32,
    height: u32,
    shapes: BTreeMap<&'static str, Vec<&'static str>>,
    points: BTreeMap<&'static str, (f64, f64)>,
}

fn outline() -> &'static Outline {
    static PARSED: OnceLock<Outline> = OnceLock::new();
    PARSED.get_or_init(|| parse(OUTLINE))
}

/// Reads the TSV; a line it does not understand is a fault of the vendored file, which the unit
/// tests would have shown, so it panics with the line.
fn parse(tsv: &'static str) -> Outline {
    let mut o = Outline {
        width: 0,
        height: 0,
        shapes: BTreeMap::new(),
        points: BTreeMap::new(),
    };
    for line in tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let f: Vec<&'static str> = line.split('\t').collect();
        match f.as_slice() {
            ["viewbox", v] => {
                let n: Vec<u32> = v.split(' ').filter_map(|x| x.parse().ok()).collect();
                assert!(n.len() == 4, "world_110m.tsv: bad viewbox line {line}");
                (o.width, o.height) = (n[2], n[3]);
            }
            ["shape", code, d] => o.shapes.entry(*code).or_default().push(*d),
            ["point", code, at] => {
                let (lon, lat) = at.split_once(' ').expect("point: lon lat");
                let deg = |s: &str| s.parse::<f64>().expect("point: a number of degrees");
                o.points.insert(*code, (deg(lon), deg(lat)));
            }
            _ => panic!("world_110m.tsv: unreadable line {line}"),
        }
    }
    o
}

/// Equal Earth (Šavrič, Patterson, Jenny 2018) on the outline's grid: the world 1000 units wide,
/// x = 500 on the prime meridian, the north pole at y = 0. The same as tools/map/make-outline.mjs.
pub(crate) fn project(lon: f64, lat: f64) -> (f64, f64) {
    fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
        const A1: f64 = 1.340264;
        const A2: f64 = -0.081106;
        const A3: f64 = 0.000893;
        const A4: f64 = 0.003796;
        let m = 3f64.sqrt() / 2.0;
        let theta = (m * lat.to_radians().sin()).asin();
        let t2 = theta * theta;
        let t6 = t2 * t2 * t2;
        let x = lon.to_radians() * theta.cos()
            / (m * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
        let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
        (x, y)
    }
    let x_max = equal_earth(180.0, 0.0).0;
    let y_max = equal_earth(0.0, 90.0).1;
    let scale = 500.0 / x_max;
    let (x, y) = equal_earth(lon, lat);
    (500.0 + scale * x, scale * (y_max - y))
}

/// The shading steps for counts up to `max`: up to [`STEPS`] ranges of equal width (1–2, 3–4...),
/// each with its colour class number, spread over the five shades so that the darkest always
/// marks the highest counts.
pub(crate) fn steps(max: usize) -> Vec<(usize, usize, usize)> {
    if max == 0 {
        return Vec::new();
    }
    let width = max.div_ceil(STEPS);
    let n = max.div_ceil(width);
    (1..=n)
        .map(|k| ((k - 1) * width + 1, (k * width).min(max), k * STEPS / n))
        .collect()
}

/// The colour class number of `count` among `steps` (0 for no barriers).
fn shade(steps: &[(usize, usize, usize)], count: usize) -> usize {
    steps
        .iter()
        .find(|(from, to, _)| (*from..=*to).contains(&count))
        .map_or(0, |s| s.2)
}

/// "무역장벽 3건" / "3 barriers".
fn count_text(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::Ko, _) => format!("무역장벽 {n}건"),
        (Lang::En, 1) => "1 barrier".to_string(),
        (Lang::En, _) => format!("{n} barriers"),
    }
}

/// One legend entry: a shade and the counts it stands for.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LegendItem {
    pub class: String,
    pub label: String,
}

/// One partner with barriers, as the map's text alternative lists it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    pub name: String,
    pub url: String,
    pub count: usize,
    /// How the map shows a partner that is not simply its own country ("shaded over 27 member
    /// states", "shown as a dot"); empty otherwise.
    pub drawn_as: String,
}

/// The map as the `world_map` macro places it: the finished `<svg>` element, the legend (the
/// lightest shade first, then "no barriers"), and the partners with barriers in the page's order.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WorldMap {
    pub svg: String,
    /// The id of the element that lists the counts in text (the SVG's `aria-describedby`).
    pub described_by: String,
    /// Whether the macro writes that list itself, as a table with id `described_by`.
    pub own_table: bool,
    pub legend: Vec<LegendItem>,
    pub rows: Vec<Row>,
}

/// What a partner covers on the map: shapes by code, or a point when it has no shape.
enum Mark {
    Shapes(Vec<&'static str>),
    Dot(f64, f64),
}

/// The shapes (or the dot) of partner `code`; `own` holds the codes drawn for themselves, which a
/// bloc leaves out. `None` when the outline knows nothing of the partner.
fn mark(o: &Outline, code: &str, own: &BTreeSet<String>) -> Option<Mark> {
    let upper = code.to_ascii_uppercase();
    if let Some((_, members)) = BLOCS.iter().find(|(b, _)| *b == code) {
        let shapes: Vec<&str> = members
            .iter()
            .filter(|m| !own.contains(**m) && o.shapes.contains_key(**m))
            .copied()
            .collect();
        return (!shapes.is_empty()).then_some(Mark::Shapes(shapes));
    }
    if let Some((key, _)) = o.shapes.get_key_value(upper.as_str()) {
        return Some(Mark::Shapes(vec![key]));
    }
    o.points.get(upper.as_str()).map(|&(lon, lat)| {
        let (x, y) = project(lon, lat);
        Mark::Dot(x, y)
    })
}

impl WorldMap {
    /// The map of `views`' partners. `described_by` names the element that lists the same counts
    /// in text: [`TABLE_ID`] when the macro writes its own table, or a list already on the page.
    pub(crate) fn new(views: &Views<'_>, described_by: &str) -> WorldMap {
        let o = outline();
        let (lang, strings) = (views.lang, views.strings);
        let with: Vec<&super::views::PartnerView> = views
            .partner_order
            .iter()
            .map(|c| &views.partners[c])
            .filter(|p| p.count > 0)
            .collect();
        let own: BTreeSet<String> = with
            .iter()
            .filter(|p| !BLOCS.iter().any(|(b, _)| *b == p.code))
            .map(|p| p.code.to_ascii_uppercase())
            .collect();
        let steps = steps(with.iter().map(|p| p.count).max().unwrap_or(0));
        let mut links = String::new();
        let mut dots = String::new();
        let mut shaded: BTreeSet<&str> = BTreeSet::new();
        let mut rows = Vec::new();
        for p in &with {
            let name = format!("{}: {}", p.name, count_text(lang, p.count));
            let class = format!("map-s{}", shade(&steps, p.count));
            let open = format!(
                "<a href=\"{}\" aria-label=\"{}\"><title>{}</title>",
                esc(&p.url),
                esc(&name),
                esc(&name)
            );
            let drawn_as = match mark(o, &p.code, &own) {
                Some(Mark::Shapes(codes)) => {
                    let d: String = codes
                        .iter()
                        .flat_map(|c| o.shapes[c].iter().copied())
                        .collect();
                    let _ = write!(links, "{open}<path class=\"{class}\" d=\"{d}\"/></a>");
                    shaded.extend(codes.iter().copied());
                    members_text(lang, &p.code, codes.len())
                }
                Some(Mark::Dot(x, y)) => {
                    let _ = write!(
                        dots,
                        "{open}<circle class=\"{class} map-dot\" cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"7\"/></a>"
                    );
                    strings.text(lang, "map_dot").to_string()
                }
                None => strings.text(lang, "map_not_drawn").to_string(),
            };
            rows.push(Row {
                name: p.name.clone(),
                url: p.url.clone(),
                count: p.count,
                drawn_as,
            });
        }
        let land: String = o
            .shapes
            .iter()
            .filter(|(c, _)| !shaded.contains(**c))
            .flat_map(|(_, d)| d.iter().copied())
            .collect();
        let svg = format!(
            "<svg class=\"world-map-svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" aria-label=\"{label}\" aria-describedby=\"{desc}\"><path class=\"map-land\" aria-hidden=\"true\" d=\"{land}\"/>{links}{dots}</svg>",
            w = o.width,
            h = o.height,
            label = esc(strings.text(lang, "map_label")),
            desc = esc(described_by),
        );
        let legend = legend(strings, lang, &steps);
        WorldMap {
            svg,
            described_by: described_by.to_string(),
            own_table: described_by == TABLE_ID,
            legend,
            rows,
        }
    }
}

fn legend(strings: &Strings, lang: Lang, steps: &[(usize, usize, usize)]) -> Vec<LegendItem> {
    let unit = if lang == Lang::Ko { "건" } else { "" };
    let mut items: Vec<LegendItem> = steps
        .iter()
        .map(|&(from, to, class)| LegendItem {
            class: format!("map-s{class}"),
            label: if from == to {
                format!("{from}{unit}")
            } else {
                format!("{from}–{to}{unit}")
            },
        })
        .collect();
    items.push(LegendItem {
        class: "map-s0".to_string(),
        label: strings.text(lang, "map_none").to_string(),
    });
    items
}

/// How a bloc appears on the map ("회원국 27개국에 표시"), for the table; empty for a country.
fn members_text(lang: Lang, code: &str, n: usize) -> String {
    if !BLOCS.iter().any(|(b, _)| *b == code) {
        return String::new();
    }
    match lang {
        Lang::Ko => format!("회원국 {n}개국에 표시"),
        Lang::En => format!("shaded over {n} member states"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rings of an outline path ("M12 34l5-2 3 0z..."), in absolute coordinates.
    fn rings(d: &str) -> Vec<Vec<(f64, f64)>> {
        let mut out = Vec::new();
        for part in d.split('M').filter(|p| !p.is_empty()) {
            let (start, steps) = part.trim_end_matches('z').split_once('l').unwrap();
            let nums = |s: &str| -> Vec<f64> {
                s.replace('-', " -")
                    .split_whitespace()
                    .map(|n| n.parse().unwrap())
                    .collect()
            };
            let s = nums(start);
            let mut ring = vec![(s[0], s[1])];
            for step in nums(steps).chunks(2) {
                let (x, y) = *ring.last().unwrap();
                ring.push((x + step[0], y + step[1]));
            }
            out.push(ring);
        }
        out
    }

    /// Whether `(x, y)` lies inside the shape (even-odd over all its rings).
    fn inside(code: &str, (x, y): (f64, f64)) -> bool {
        let mut hit = false;
        for d in &outline().shapes[code] {
            for ring in rings(d) {
                for i in 0..ring.len() {
                    let (a, b) = (ring[i], ring[(i + 1) % ring.len()]);
                    if (a.1 > y) != (b.1 > y) && x < a.0 + (y - a.1) / (b.1 - a.1) * (b.0 - a.0) {
                        hit = !hit;
                    }
                }
            }
        }
        hit
    }

    #[test]
    fn the_projection_is_equal_earth_on_a_1000_wide_grid() {
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 0.05 && (a.1 - b.1).abs() < 0.05;
        // Equal Earth's extents for a unit sphere: x = ±2.70663, y = ±1.31737.
        let equator = 500.0 * 1.31737 / 2.70663;
        assert!(
            close(project(0.0, 0.0), (500.0, equator)),
            "{:?}",
            project(0.0, 0.0)
        );
        assert!(close(project(180.0, 0.0), (1000.0, equator)));
        assert!(close(project(-180.0, 0.0), (0.0, equator)));
        assert!(close(project(0.0, 90.0), (500.0, 0.0)));
        assert!(close(project(0.0, -90.0), (500.0, 2.0 * equator)));
        let (x, y) = project(127.0, 37.5);
        let (x2, y2) = project(-127.0, -37.5);
        let middle = project(0.0, 0.0).1;
        assert!((x + x2 - 1000.0).abs() < 1e-9 && (y + y2 - 2.0 * middle).abs() < 1e-9);
        // Width to height 2.05:1, as the projection's authors give it.
        assert!((1000.0 / (2.0 * equator) - 2.05).abs() < 0.01);
    }

    #[test]
    fn the_projection_keeps_areas() {
        // The zone between the equator and latitude φ covers sin φ of the hemisphere; on the map
        // its area is the integral of the width between the meridians ±180 down y.
        let area = |to: f64| {
            let n = 20_000;
            (0..n)
                .map(|i| {
                    let (a, b) = (to * i as f64 / n as f64, to * (i + 1) as f64 / n as f64);
                    let width = project(180.0, (a + b) / 2.0).0 - project(-180.0, (a + b) / 2.0).0;
                    width * (project(0.0, a).1 - project(0.0, b).1)
                })
                .sum::<f64>()
        };
        let hemisphere = area(90.0);
        for lat in [10.0_f64, 30.0, 45.0, 60.0, 80.0] {
            let share = area(lat) / hemisphere;
            assert!(
                (share - lat.to_radians().sin()).abs() < 1e-3,
                "{lat}: {share}"
            );
        }
    }

    #[test]
    fn cities_fall_inside_their_countries() {
        // The outline was projected by tools/map/make-outline.mjs; these points by `project`.
        for (code, lon, lat) in [
            ("KR", 126.98, 37.57),
            ("FR", 2.35, 48.86),
            ("US", -77.04, 38.91),
            ("BR", -47.93, -15.78),
            ("AU", 149.13, -35.28),
            ("CN", 116.40, 39.90),
            ("ZA", 28.19, -25.75),
            ("IN", 77.21, 28.61),
            ("JP", 139.69, 35.69),
        ] {
            assert!(inside(code, project(lon, lat)), "{code}");
        }
        assert!(
            !inside("KR", project(139.69, 35.69)),
            "Tokyo is not in Korea"
        );
        assert!(
            !inside("ZA", project(27.48, -29.31)),
            "Maseru is in Lesotho, a hole in South Africa"
        );
    }

    #[test]
    fn the_outline_is_small_and_whole() {
        let o = outline();
        assert!(OUTLINE.len() < 60_000, "{} bytes", OUTLINE.len());
        assert_eq!((o.width, o.height), (1000, 435));
        assert!(o.shapes.len() > 170 && !o.shapes.contains_key("AQ"));
        for code in [
            "KR", "CN", "JP", "US", "VN", "TW", "DE", "SA", "AE", "KZ", "TR", "MX",
        ] {
            assert!(o.shapes.contains_key(code), "{code}");
        }
        for code in ["SG", "HK", "MT", "BH", "MO"] {
            let (x, y) = project(o.points[code].0, o.points[code].1);
            assert!(
                (0.0..=1000.0).contains(&x) && (0.0..=435.0).contains(&y),
                "{code}"
            );
        }
        for d in o.shapes.values().flatten() {
            for ring in rings(d) {
                assert!(ring.len() >= 3);
                // Rings crossing the antimeridian (Fiji, Russia's east) were cut there: none
                // stretches across the map.
                let xs = ring.iter().map(|p| p.0);
                let width = xs.clone().fold(0.0, f64::max) - xs.fold(1000.0, f64::min);
                assert!(width < 500.0, "a ring {width} units wide");
                for (x, y) in ring {
                    assert!((0.0..=1000.0).contains(&x) && (0.0..=435.0).contains(&y));
                }
            }
        }
    }

    #[test]
    fn blocs_cover_their_members_and_small_partners_are_dots() {
        let o = outline();
        let none = BTreeSet::new();
        // Malta is too small for the 1:110m outline: 26 of the 27 members have shapes.
        match mark(o, "eu", &none) {
            Some(Mark::Shapes(c)) => assert_eq!(c.len(), 26),
            _ => panic!("eu"),
        }
        let france: BTreeSet<String> = ["FR".to_string()].into();
        match mark(o, "eu", &france) {
            Some(Mark::Shapes(c)) => assert!(c.len() == 25 && !c.contains(&"FR")),
            _ => panic!("eu without France"),
        }
        assert!(matches!(mark(o, "kr", &none), Some(Mark::Shapes(c)) if c == ["KR"]));
        for code in ["sg", "hk"] {
            let Some(Mark::Dot(x, y)) = mark(o, code, &none) else {
                panic!("{code}")
            };
            let (px, py) = project(
                o.points[code.to_ascii_uppercase().as_str()].0,
                o.points[code.to_ascii_uppercase().as_str()].1,
            );
            assert_eq!((x, y), (px, py));
        }
        // Hong Kong's dot sits on China's shape, which the 1:110m outline draws around it.
        let hk = o.points["HK"];
        assert!(inside("CN", project(hk.0, hk.1)));
        assert!(mark(o, "zz", &none).is_none());
        for (_, members) in BLOCS {
            for m in *members {
                assert!(o.shapes.contains_key(m) || o.points.contains_key(m), "{m}");
            }
        }
    }

    #[test]
    fn counts_fall_into_at_most_five_steps() {
        assert!(steps(0).is_empty());
        assert_eq!(steps(1), vec![(1, 1, 5)]);
        assert_eq!(steps(2), vec![(1, 1, 2), (2, 2, 5)]);
        assert_eq!(
            steps(5),
            vec![(1, 1, 1), (2, 2, 2), (3, 3, 3), (4, 4, 4), (5, 5, 5)]
        );
        assert_eq!(
            steps(10),
            vec![(1, 2, 1), (3, 4, 2), (5, 6, 3), (7, 8, 4), (9, 10, 5)]
        );
        assert_eq!(
            steps(12),
            vec![(1, 3, 1), (4, 6, 2), (7, 9, 3), (10, 12, 5)]
        );
        assert_eq!(steps(7), vec![(1, 2, 1), (3, 4, 2), (5, 6, 3), (7, 7, 5)]);
        for max in 1..200 {
            let s = steps(max);
            assert!(!s.is_empty() && s.len() <= STEPS);
            assert_eq!(s[0].0, 1);
            assert_eq!(
                s.last().unwrap(),
                &(s.last().unwrap().0, max, 5),
                "darkest for the most"
            );
            for w in s.windows(2) {
                assert_eq!(w[0].1 + 1, w[1].0, "no gaps");
                assert!(w[0].2 < w[1].2, "darker upwards");
            }
            for count in 1..=max {
                assert!(shade(&s, count) >= 1);
            }
            assert_eq!(shade(&s, 0), 0);
        }
        let s = steps(10);
        assert_eq!((shade(&s, 2), shade(&s, 3), shade(&s, 10)), (1, 2, 5));
    }

    #[test]
    fn legend_and_names_read_naturally() {
        let l = legend(&Strings::builtin(), Lang::Ko, &steps(10));
        assert_eq!(l[0].label, "1–2건");
        assert_eq!(l[0].class, "map-s1");
        assert_eq!(l.last().unwrap().class, "map-s0");
        let l = legend(&Strings::builtin(), Lang::En, &steps(2));
        assert_eq!((l[0].label.as_str(), l[1].label.as_str()), ("1", "2"));
        assert_eq!(count_text(Lang::Ko, 3), "무역장벽 3건");
        assert_eq!(count_text(Lang::En, 1), "1 barrier");
        assert_eq!(count_text(Lang::En, 4), "4 barriers");
    }
}
