//! Bar charts drawn at build time as inline SVG: counts -> an accessible `<svg role="img">`.
//! No chart library runs in the browser; every label is escaped here.

use std::fmt::Write as _;

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

/// A horizontal bar chart of `(label, count)` rows, in the given order.
pub fn bars(id: &str, title: &str, rows: &[(String, usize)]) -> String {
    const ROW: usize = 26;
    const BAR_W: usize = 300;
    // Room for the longest label: Hangul and other wide characters take about 14 px at 14 px type.
    let label_w = rows
        .iter()
        .map(|(l, _)| {
            l.chars()
                .map(|c| if c.is_ascii() { 8 } else { 14 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0)
        .clamp(60, 300)
        + 12;
    let width = label_w + BAR_W + 40;
    let height = rows.len() * ROW + 8;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title>",
        esc(title)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * ROW + 4;
        let w = if *n == 0 { 0 } else { (n * BAR_W / max).max(2) };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"chart-label\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"2\" class=\"chart-bar\"/><text x=\"{}\" y=\"{}\" class=\"chart-value\">{n}</text>",
            label_w - 8,
            y + 17,
            esc(label),
            y + 4,
            ROW - 8,
            label_w + w + 6,
            y + 17,
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_escaped_labels_and_scaled_bars() {
        let svg = bars(
            "c",
            "분야 <별>",
            &[("관세".into(), 4), ("a&b".into(), 2), ("none".into(), 0)],
        );
        assert!(svg.starts_with("<svg class=\"chart\" id=\"c\" role=\"img\""));
        assert!(svg.contains("<title id=\"c-title\">분야 &lt;별&gt;</title>"));
        assert!(svg.contains(">a&amp;b<"));
        assert!(svg.contains("width=\"300\" height=\"18\""));
        assert!(svg.contains("width=\"150\" height=\"18\""));
        assert!(svg.contains("width=\"0\" height=\"18\""));
    }
}
