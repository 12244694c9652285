//! The reverse of [`Locator::find`]: a position in the file -> the path of the field written there
//! (`sources`, 1, `url`), and the lines where each top-level key starts. Input: a parsed front
//! matter's [`Locator`]. Output: paths and line numbers. Used by `knte serve --edit` to show each
//! diagnostic beside the field it is about, and to keep the lines of fields an edit leaves alone.

use super::{Locator, Place};
use crate::diagnostics::Pos;

/// One step of a path found by [`Locator::path_at`]: a key, or an item's index in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

impl Locator {
    /// The path of the deepest field whose key (or, in a list, whose value) is written at or before
    /// `pos` and that holds it: at each level, the last field starting at or before `pos`. Empty
    /// when `pos` comes before the first field (where "missing field" diagnostics point).
    pub(crate) fn path_at(&self, pos: Pos) -> Vec<Step> {
        let mut path = Vec::new();
        let mut place: &Place = &self.root;
        loop {
            let next = place
                .kids
                .iter()
                .enumerate()
                .rfind(|(_, (_, kid))| start(kid) <= pos);
            let Some((i, (name, kid))) = next else {
                return path;
            };
            path.push(match name {
                Some(key) => Step::Key(key.clone()),
                None => Step::Index(i),
            });
            place = kid;
        }
    }

    /// The top-level keys with the line each is written on, in file order.
    pub(crate) fn top_keys(&self) -> Vec<(String, usize)> {
        self.root
            .kids
            .iter()
            .filter_map(|(name, p)| Some((name.clone()?, start(p).line)))
            .collect()
    }
}

fn start(p: &Place) -> Pos {
    p.key.unwrap_or(p.value)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn keys(path: &[Step]) -> String {
        path.iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Index(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    #[test]
    fn positions_lead_back_to_their_fields() {
        let text = "id: CN-001\nhs_codes: [\"33\", \"851\"]\nsources:\n  - title: A\n    url: ftp://b\n# note\nlast: 2025-01-01\n";
        let (_, loc) = parse(text, 2).unwrap();
        assert_eq!(keys(&loc.path_at(Pos::new(1, 1))), "");
        assert_eq!(keys(&loc.path_at(Pos::new(2, 5))), "id");
        assert_eq!(keys(&loc.path_at(Pos::new(3, 19))), "hs_codes.1");
        assert_eq!(keys(&loc.path_at(Pos::new(3, 12))), "hs_codes.0");
        assert_eq!(keys(&loc.path_at(Pos::new(6, 10))), "sources.0.url");
        assert_eq!(keys(&loc.path_at(Pos::new(8, 7))), "last");
        assert_eq!(
            loc.top_keys(),
            [
                ("id".into(), 2),
                ("hs_codes".into(), 3),
                ("sources".into(), 4),
                ("last".into(), 8)
            ]
        );
    }
}
