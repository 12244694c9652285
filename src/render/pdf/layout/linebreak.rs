//! Total-fit line breaking, after Knuth and Plass ("Breaking Paragraphs into Lines", 1981).
//!
//! Input: a paragraph as a row of unbreakable [`Seg`]ments, each followed by what comes after it
//! (an inter-word space, a join inside a word that may be broken at a cost, a forced break, or the
//! end), and the line's measure. Output: the lines ([`Broken`]) that minimise the sum of every
//! line's demerits over the whole paragraph, each with the spacing ([`Set`]) that brings its right
//! edge to the measure. No fonts and no PDF here: widths come in, positions go out.
//!
//! Spaces stretch up to `stretch` times their natural width (then letter gaps open up to `letter`
//! points each) and shrink down to `shrink`; last lines, and lines before a forced break, are set
//! at their natural width. A first pass considers only lines that can be set within these limits;
//! when it needs an emergency break or finds no way through, a second pass also lets a line that
//! cannot be filled end at a proper break, set at its natural width (an address broken after a
//! `/` rather than inside a word). The work is bounded: a line is considered only while it is not
//! wider than the measure, at most [`MAX_ACTIVE`] line starts are kept, and where no line can be
//! set at all the fullest line that fits is taken as it is (see `rescue`), so a megabyte of text
//! without a break opportunity costs time in proportion to its length.

/// What follows a segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum After {
    /// An inter-word space of natural width `w`; a break here costs `penalty`.
    Space { w: f32, penalty: f32 },
    /// No space (inside a word); a break here costs `penalty`. `gap`: letter spacing may open
    /// this join when a line must be filled.
    Join { penalty: f32, gap: bool },
    /// A forced break; the line before it is set at its natural width.
    Hard,
    /// The end of the paragraph.
    End,
}

/// An unbreakable piece of a paragraph (one grapheme cluster, or more) and what follows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Seg {
    pub w: f32,
    pub after: After,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Params {
    pub measure: f32,
    /// How far a space may grow, as a fraction of its natural width (1.0: to twice its width).
    pub stretch: f32,
    /// How far a space may shrink, as a fraction of its natural width.
    pub shrink: f32,
    /// The most extra space, in points, in one letter gap.
    pub letter: f32,
    /// Breaks that cost this much or more are emergencies: taken only when nothing else fits.
    pub emergency: f32,
    /// A line that cannot be filled may end only at a break costing at most this (a space, or
    /// after a `/` in an address), never inside a word.
    pub loose_end: f32,
}

/// How a line's spaces and letter gaps are set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Set {
    /// Every inter-word space is its natural width times this.
    pub space: f32,
    /// Extra points in every letter gap (joins with `gap`).
    pub letter: f32,
}

impl Set {
    pub(super) const NATURAL: Set = Set {
        space: 1.0,
        letter: 0.0,
    };
}

/// A line: segments `start..end`, set with `set`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Broken {
    pub start: usize,
    pub end: usize,
    pub set: Set,
}

/// Line starts considered at once; beyond this the one with the most demerits is dropped.
pub(super) const MAX_ACTIVE: usize = 96;
/// Demerits added for every line, so that fewer lines are preferred (TeX's `\linepenalty`).
const LINE_PENALTY: f64 = 10.0;
/// The badness of a line that could not be set within the limits (taken by `rescue`).
const UNDERFULL: f64 = 10_000.0;
/// The badness of a line that cannot be filled, ended at a proper break in the second pass, plus
/// up to as much again for its empty share.
const LOOSE: f64 = 500.0;
const EPS: f64 = 0.01;

/// Prefix sums over the segments, so that any line's widths come from two lookups.
struct Sums {
    /// Width of segments `0..i`.
    w: Vec<f64>,
    /// Natural width of the spaces after segments `0..i`.
    space: Vec<f64>,
    /// Letter gaps (joins with `gap`) after segments `0..i`.
    gaps: Vec<u32>,
}

/// The widths of one line.
struct LineSums {
    natural: f64,
    space: f64,
    gaps: u32,
}

impl Sums {
    fn new(segs: &[Seg]) -> Sums {
        let n = segs.len();
        let mut s = Sums {
            w: Vec::with_capacity(n + 1),
            space: Vec::with_capacity(n + 1),
            gaps: Vec::with_capacity(n + 1),
        };
        let (mut w, mut space, mut gaps) = (0.0f64, 0.0f64, 0u32);
        for seg in segs {
            s.w.push(w);
            s.space.push(space);
            s.gaps.push(gaps);
            w += f64::from(seg.w);
            match seg.after {
                After::Space { w, .. } => space += f64::from(w),
                After::Join { gap: true, .. } => gaps = gaps.saturating_add(1),
                _ => {}
            }
        }
        s.w.push(w);
        s.space.push(space);
        s.gaps.push(gaps);
        s
    }

    /// Segments `start..=end` on one line: the space after `end` is dropped at the break.
    fn line(&self, start: usize, end: usize) -> LineSums {
        let space = self.space[end] - self.space[start];
        LineSums {
            natural: self.w[end + 1] - self.w[start] + space,
            space,
            gaps: self.gaps[end] - self.gaps[start],
        }
    }
}

enum Fit {
    /// Wider than the measure even with the spaces shrunk.
    Over,
    /// Too short to be filled within the limits by this share of the measure.
    Loose(f64),
    Fits(Set, f64),
}

/// How a line of `l` is set on the measure, and its badness (TeX's: 100 times the cube of the
/// share of the available stretch or shrink used; past the spaces' stretch, letter spacing).
fn fit(l: &LineSums, p: &Params, ragged: bool) -> Fit {
    let d = f64::from(p.measure) - l.natural;
    let shrink = l.space * f64::from(p.shrink);
    let stretch = l.space * f64::from(p.stretch);
    let letters = f64::from(l.gaps) * f64::from(p.letter);
    if d < -shrink - EPS {
        return Fit::Over;
    }
    if d < 0.0 {
        let r = if shrink > 0.0 { -d / shrink } else { 0.0 };
        let space = 1.0 + d / l.space.max(1e-9);
        return Fit::Fits(set(space, 0.0), 100.0 * r.min(1.0).powi(3));
    }
    if ragged {
        return Fit::Fits(Set::NATURAL, 0.0);
    }
    if d <= stretch + EPS {
        let r = if stretch > 0.0 { d / stretch } else { 0.0 };
        let space = if l.space > 0.0 {
            1.0 + d / l.space
        } else {
            1.0
        };
        return Fit::Fits(set(space, 0.0), 100.0 * r.min(1.0).powi(3));
    }
    if d <= stretch + letters + EPS {
        let rest = d - stretch;
        let q = rest / letters;
        let letter = rest / f64::from(l.gaps);
        return Fit::Fits(
            set(1.0 + f64::from(p.stretch), letter),
            100.0 * (1.0 + q.min(1.0)).powi(3),
        );
    }
    Fit::Loose((d - stretch - letters) / f64::from(p.measure).max(1.0))
}

fn set(space: f64, letter: f64) -> Set {
    Set {
        space: space as f32,
        letter: letter as f32,
    }
}

/// A feasible break: the next line starts at segment `start`.
#[derive(Debug, Clone, Copy)]
struct Node {
    start: usize,
    prev: usize,
    total: f64,
    /// How the line ending here is set.
    set: Set,
    /// The last segment after which a line from here was not overfull (for `rescue`).
    last_fit: Option<usize>,
}

struct Breaker<'a> {
    segs: &'a [Seg],
    sums: &'a Sums,
    p: Params,
    /// Whether a line that cannot be filled may end at a proper break (the second pass).
    loose: bool,
    /// Whether a line had to be rescued.
    rescued: bool,
    nodes: Vec<Node>,
    active: Vec<usize>,
}

/// Breaks `segs` into lines on `p.measure`. The last segment should be followed by
/// [`After::End`]; an empty paragraph gives no lines.
pub(super) fn breaks(segs: &[Seg], p: &Params) -> Vec<Broken> {
    if segs.is_empty() {
        return Vec::new();
    }
    let sums = Sums::new(segs);
    let (lines, rough) = Breaker::new(segs, &sums, p, false).run();
    if !rough {
        return lines;
    }
    Breaker::new(segs, &sums, p, true).run().0
}

impl<'a> Breaker<'a> {
    fn new(segs: &'a [Seg], sums: &'a Sums, p: &Params, loose: bool) -> Self {
        Breaker {
            segs,
            sums,
            p: *p,
            loose,
            rescued: false,
            nodes: vec![Node {
                start: 0,
                prev: usize::MAX,
                total: 0.0,
                set: Set::NATURAL,
                last_fit: None,
            }],
            active: vec![0],
        }
    }

    /// The lines, and whether they needed a rescue or an emergency break (the first pass stops
    /// at its first rescue, having none).
    fn run(mut self) -> (Vec<Broken>, bool) {
        let mut b = 0;
        while b < self.segs.len() {
            b = match self.consider(b) {
                // The first pass gives way to the second at its first rescue.
                Some(_) if !self.loose => return (Vec::new(), true),
                Some(dead) => self.rescue(dead, b),
                None => b + 1,
            };
        }
        let lines = self.lines();
        let emergency = lines.iter().any(|l| match self.segs[l.end - 1].after {
            After::Space { penalty, .. } | After::Join { penalty, .. } => {
                penalty >= self.p.emergency
            }
            After::Hard | After::End => false,
        });
        (lines, self.rescued || emergency)
    }

    /// Tries every active line start against a break after segment `b`; records the best new
    /// break. Returns the node to rescue from when no line start is left.
    fn consider(&mut self, b: usize) -> Option<usize> {
        let (penalty, forced) = match self.segs[b].after {
            After::Space { penalty, .. } | After::Join { penalty, .. } => (penalty, false),
            After::Hard | After::End => (0.0, true),
        };
        let last = b + 1 == self.segs.len();
        let (forced, ragged) = (forced || last, forced || last);
        if !self.loose && !forced && penalty >= self.p.emergency {
            // The first pass does without emergency breaks.
            return None;
        }
        let mut best: Option<(f64, usize, Set)> = None;
        let mut dead: Option<usize> = None;
        let mut i = 0;
        while i < self.active.len() {
            let n = self.active[i];
            let start = self.nodes[n].start;
            let line = self.sums.line(start, b);
            let (set, badness) = match fit(&line, &self.p, ragged) {
                Fit::Over if start == b => (Set::NATURAL, UNDERFULL), // one segment wider than the line
                Fit::Over => {
                    self.active.remove(i);
                    if dead.is_none_or(|d| self.nodes[n].total < self.nodes[d].total) {
                        dead = Some(n);
                    }
                    continue;
                }
                Fit::Loose(short) if self.loose && penalty <= self.p.loose_end => {
                    (Set::NATURAL, LOOSE * (1.0 + short.min(1.0)))
                }
                Fit::Loose(_) => {
                    self.nodes[n].last_fit = Some(b);
                    i += 1;
                    continue;
                }
                Fit::Fits(set, badness) => (set, badness),
            };
            self.nodes[n].last_fit = Some(b);
            let demerits = demerits(badness, penalty, forced);
            let total = self.nodes[n].total + demerits;
            if best.is_none_or(|(t, _, _)| total < t) {
                best = Some((total, n, set));
            }
            i += 1;
        }
        if let Some((total, prev, set)) = best {
            if forced {
                self.active.clear();
            }
            self.push(b + 1, prev, total, set);
            return None;
        }
        if self.active.is_empty() || forced {
            self.active.clear();
            return dead.or(Some(self.nodes.len() - 1));
        }
        None
    }

    /// No line could end at `b` and none is left to try: end a line, set at its natural width,
    /// after the last segment that still fitted from `from`, and go on from there.
    fn rescue(&mut self, from: usize, b: usize) -> usize {
        let end = self.nodes[from].last_fit.filter(|&e| e < b).unwrap_or(b);
        let total = self.nodes[from].total + demerits(UNDERFULL, 0.0, true);
        self.rescued = true;
        self.active.clear();
        self.push(end + 1, from, total, Set::NATURAL);
        end + 1
    }

    fn push(&mut self, start: usize, prev: usize, total: f64, set: Set) {
        self.nodes.push(Node {
            start,
            prev,
            total,
            set,
            last_fit: None,
        });
        self.active.push(self.nodes.len() - 1);
        if self.active.len() > MAX_ACTIVE {
            let worst = (0..self.active.len())
                .max_by(|&a, &b| {
                    let (ta, tb) = (
                        self.nodes[self.active[a]].total,
                        self.nodes[self.active[b]].total,
                    );
                    ta.total_cmp(&tb).then(b.cmp(&a))
                })
                .unwrap_or(0);
            self.active.remove(worst);
        }
    }

    /// The lines of the best path to the paragraph's end.
    fn lines(&self) -> Vec<Broken> {
        let end = self.segs.len();
        let mut n = self
            .active
            .iter()
            .copied()
            .filter(|&n| self.nodes[n].start == end)
            .min_by(|&a, &b| self.nodes[a].total.total_cmp(&self.nodes[b].total))
            .unwrap_or(self.nodes.len() - 1);
        let mut out = Vec::new();
        while self.nodes[n].prev != usize::MAX {
            let prev = self.nodes[n].prev;
            out.push(Broken {
                start: self.nodes[prev].start,
                end: self.nodes[n].start,
                set: self.nodes[n].set,
            });
            n = prev;
        }
        out.reverse();
        out
    }
}

fn demerits(badness: f64, penalty: f32, forced: bool) -> f64 {
    let base = (LINE_PENALTY + badness).powi(2);
    if forced {
        base
    } else {
        base + f64::from(penalty).powi(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: f32, after: After) -> Seg {
        Seg { w, after }
    }

    const SPACE: After = After::Space {
        w: 5.0,
        penalty: 0.0,
    };

    #[test]
    fn every_line_but_the_last_is_filled_to_the_measure() {
        // Words of 15 to 25 points with 5-point spaces on a 100-point measure.
        let widths = [18.0, 22.0, 25.0, 15.0, 20.0, 24.0, 16.0];
        let mut segs: Vec<Seg> = (0..40).map(|i| word(widths[i % 7], SPACE)).collect();
        segs.last_mut().unwrap().after = After::End;
        let p = Params {
            measure: 100.0,
            stretch: 1.0,
            shrink: 0.2,
            letter: 0.0,
            emergency: 1000.0,
            loose_end: 0.0,
        };
        let lines = breaks(&segs, &p);
        assert_eq!(lines.first().unwrap().start, 0);
        assert_eq!(lines.last().unwrap().end, segs.len());
        for pair in lines.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let sums = Sums::new(&segs);
        for l in &lines[..lines.len() - 1] {
            let s = sums.line(l.start, l.end - 1);
            let set = s.natural + s.space * f64::from(l.set.space - 1.0);
            assert!((set - 100.0).abs() < 0.02, "{l:?} sets to {set}");
            assert!(l.set.space <= 2.0 + 1e-4 && l.set.space >= 0.8 - 1e-4);
        }
        assert_eq!(lines.last().unwrap().set, Set::NATURAL);
    }

    #[test]
    fn a_run_without_break_opportunities_within_limits_is_cut_where_it_fills_the_line() {
        // 1,000 segments of 7 points, each joinable at an emergency cost but no letter spacing:
        // no line can be set exactly on 100 points, so each takes the fullest fit (14 segments).
        let mut segs = vec![
            word(
                7.0,
                After::Join {
                    penalty: 1000.0,
                    gap: false
                }
            );
            1000
        ];
        segs.last_mut().unwrap().after = After::End;
        let p = Params {
            measure: 100.0,
            stretch: 1.0,
            shrink: 0.2,
            letter: 0.5,
            emergency: 1000.0,
            loose_end: 0.0,
        };
        let lines = breaks(&segs, &p);
        assert_eq!(lines.len(), 1000 / 14 + 1);
        assert!(lines[..lines.len() - 1]
            .iter()
            .all(|l| l.end - l.start == 14 && l.set == Set::NATURAL));
    }

    #[test]
    fn a_segment_wider_than_the_line_stands_alone() {
        let segs = vec![
            word(30.0, SPACE),
            word(250.0, SPACE),
            word(30.0, After::End),
        ];
        let p = Params {
            measure: 100.0,
            stretch: 1.0,
            shrink: 0.2,
            letter: 0.0,
            emergency: 1000.0,
            loose_end: 0.0,
        };
        let lines: Vec<(usize, usize)> =
            breaks(&segs, &p).iter().map(|l| (l.start, l.end)).collect();
        assert_eq!(lines, [(0, 1), (1, 2), (2, 3)]);
    }
}
