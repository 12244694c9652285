//! Bar charts for the home page: counts -> [`Chart`]s the template draws as HTML lists of linked
//! bars (no script, no image: text stays at the reader's size and every bar leads to its
//! barriers). Also the HTML escaping used where pages are assembled outside the templates.

use serde::Serialize;

/// Escapes text for XML/HTML character data and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One bar: what it counts, how many, where its barriers are listed, and its length in percent
/// of the longest bar of its chart, rounded up to a multiple of 5.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub label: String,
    pub count: usize,
    pub url: String,
    pub percent: usize,
}

impl Bar {
    pub fn new(label: &str, count: usize, url: String) -> Bar {
        Bar {
            label: label.to_string(),
            count,
            url,
            percent: 0,
        }
    }
}

/// A bar chart as the page draws it: an HTML list whose every bar is a link (text at the page's
/// own size, read by screen readers as "label, count"), bars scaled to the longest.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: &'static str,
    pub title: String,
    pub bars: Vec<Bar>,
}

impl Chart {
    pub fn new(id: &'static str, title: String, mut bars: Vec<Bar>) -> Chart {
        let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
        for b in &mut bars {
            // In steps of 5, so the page styles bars with classes (`w45`), not style attributes.
            b.percent = if b.count == 0 {
                0
            } else {
                (b.count * 100).div_ceil(max * 5) * 5
            };
        }
        Chart { id, title, bars }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_longest() {
        let c = Chart::new(
            "c",
            "분야".into(),
            vec![
                Bar::new("관세", 4, "/a/".into()),
                Bar::new("a&b", 2, "/b/".into()),
                Bar::new("none", 0, "/c/".into()),
                Bar::new("one", 1, "/d/".into()),
            ],
        );
        let p: Vec<usize> = c.bars.iter().map(|b| b.percent).collect();
        assert_eq!(p, vec![100, 50, 0, 25]);
        let c = Chart::new(
            "c",
            "x".into(),
            vec![Bar::new("a", 30, "/".into()), Bar::new("b", 1, "/".into())],
        );
        assert_eq!(c.bars[1].percent, 5, "a small count still shows");
    }
}
