//! Page furniture: the running header, the page number (folio) and, in a circulation copy, the
//! watermark of every page.
//!
//! Input: the laid-out pages and the [`Furniture`]. Output: the same pages with the running header
//! (the report's title and the chapter) on every page but the cover, chapter openings and blank
//! pages, and the page number: Roman numerals in the front matter, Arabic from the body's first
//! page, `- n -` in the print layout and `n / last` on screen.

use super::*;

/// The number printed on 1-based page `n` when the page numbered 1 is `body_start` (1-based):
/// Roman numerals before it, none given means Arabic from the first page.
pub(crate) fn folio(n: usize, body_start: Option<usize>) -> String {
    match body_start {
        Some(s) if n < s => roman(n),
        Some(s) => (n + 1 - s).to_string(),
        None => n.to_string(),
    }
}

/// `n` in lower-case Roman numerals (1 to 3999; the front matter never comes near).
pub(super) fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

pub(super) fn decorate(laid: &mut Laid, metrics: &dyn Metrics, f: &Furniture) {
    for page in laid.pages.iter_mut() {
        // The running head, the page number and the watermark are page furniture (artifacts).
        let at = page.items.len();
        page.marks.push((at, None));
    }
    if let Some(mark) = &f.watermark {
        watermark(laid, metrics, mark);
    }
    let start = laid.body_start.map(|p| p + 1);
    let last = folio(laid.pages.len(), start);
    for (i, page) in laid.pages.iter_mut().enumerate().skip(1) {
        if page.blank {
            continue;
        }
        if !page.opening {
            running_header(page, metrics, &f.header_left);
        }
        let n = folio(i + 1, start);
        let front = start.is_some_and(|s| i + 1 < s);
        let number = if f.print {
            format!("- {n} -")
        } else if front {
            n
        } else {
            format!("{n} / {last}")
        };
        let w = width(metrics, Face::Regular, 8.0, &number);
        page.items.push(Item::Text {
            x: (PAGE_W - w) / 2.0,
            y: PAGE_H - MARGIN_BOTTOM + 34.0,
            face: Face::Regular,
            size: 8.0,
            color: MUTED,
            text: number,
            italic: false,
            tracking: 0.0,
        });
    }
}

/// The notice in bold red, centred in the top margin (above the running header) and in the foot
/// margin (below the page number) of every page, each on a pale band: a copy that is printed,
/// photographed or cut into pages still says what it is.
fn watermark(laid: &mut Laid, metrics: &dyn Metrics, mark: &str) {
    let size = 9.0;
    let w = width(metrics, Face::Bold, size, mark).min(PAGE_W - 2.0 * MARGIN_X);
    let x = (PAGE_W - w) / 2.0;
    for page in &mut laid.pages {
        for baseline in [22.0, PAGE_H - 12.0] {
            page.items.push(Item::Fill {
                x: x - 8.0,
                y: baseline - size - 2.0,
                w: w + 16.0,
                h: size + 6.0,
                color: Rgb(0.99, 0.93, 0.92),
            });
            page.items.push(Item::Text {
                x,
                y: baseline,
                face: Face::Bold,
                size,
                color: WATERMARK,
                text: mark.to_string(),
                italic: false,
                tracking: 0.0,
            });
        }
    }
}

/// The report's title at the left, the chapter at the right, a rule under them.
fn running_header(page: &mut Page, metrics: &dyn Metrics, title: &str) {
    let size = 7.5;
    let y = MARGIN_TOP - 28.0;
    page.items.push(Item::Text {
        x: MARGIN_X,
        y,
        face: Face::Regular,
        size,
        color: MUTED,
        text: title.to_string(),
        italic: false,
        tracking: 0.0,
    });
    let w = width(metrics, Face::Bold, size, &page.chapter);
    page.items.push(Item::Text {
        x: PAGE_W - MARGIN_X - w,
        y,
        face: Face::Bold,
        size,
        color: MUTED,
        text: page.chapter.clone(),
        italic: false,
        tracking: 0.0,
    });
    page.items.push(Item::Line {
        x1: MARGIN_X,
        y1: y + 5.0,
        x2: PAGE_W - MARGIN_X,
        y2: y + 5.0,
        width: 0.4,
        color: RULE,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let r: Vec<String> = (1..=12).map(roman).collect();
        assert_eq!(
            r,
            ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
        );
        assert_eq!(roman(49), "xlix");
        assert_eq!(roman(1994), "mcmxciv");
    }

    #[test]
    fn front_matter_in_roman_the_body_from_one() {
        assert_eq!(folio(3, Some(6)), "iii");
        assert_eq!(folio(5, Some(6)), "v");
        assert_eq!(folio(6, Some(6)), "1");
        assert_eq!(folio(17, Some(6)), "12");
        assert_eq!(folio(17, None), "17");
    }
}
