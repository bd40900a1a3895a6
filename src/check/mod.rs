//! The checks of SPEC §4 that judge rows once they are typed: first each row alone,
//! then across rows (exclusions lists, duplicates, ledgers against logs), then per
//! village and per recipient.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::rows::{Field, SheetCtx};
use crate::model::said::Said;
use crate::model::{Code, Issue};

pub(crate) mod cadre;
pub(crate) mod dates;
pub(crate) mod register;
pub(crate) mod roster;
pub(crate) mod villages;
pub(crate) mod visits;
pub(crate) mod volunteers;

/// The villages each ID number is listed in (V10 for volunteers, P07 for ledgers),
/// borrowed from the rows: a city's million ledger rows make no copy of their texts.
pub(crate) struct Places<'a>(FxHashMap<&'a str, Vec<(&'a str, &'a str)>>);

impl<'a> Places<'a> {
    /// From (ID number, township, village) of the rows that still count.
    pub(crate) fn of(rows: impl Iterator<Item = (Option<&'a str>, &'a str, &'a str)>) -> Places<'a> {
        let mut map: FxHashMap<&'a str, Vec<(&'a str, &'a str)>> = FxHashMap::default();
        for (id, township, village) in rows {
            if let Some(id) = id {
                let places = map.entry(id).or_default();
                if !places.contains(&(township, village)) {
                    places.push((township, village));
                }
            }
        }
        Places(map)
    }

    /// When `id` is listed in more than one village: how many, and "井口街道井口村、凤凰镇龙泉村"
    /// (in the order of their names).
    pub(crate) fn several(&self, id: Option<&str>) -> Option<(usize, String)> {
        let places = self.0.get(id?)?;
        (places.len() > 1).then(|| {
            let mut sorted = places.clone();
            sorted.sort_unstable();
            (sorted.len(), sorted.iter().map(|(t, v)| format!("{t}{v}")).collect::<Vec<_>>().join("、"))
        })
    }
}

/// The indices of the rows whose key an earlier row already had (rows with no key, `None`,
/// are never copies): the later copies, in row order.
pub(crate) fn later_copies<'a>(keys: impl Iterator<Item = Option<(&'a str, &'a str, &'a str)>>) -> Vec<usize> {
    let mut seen: FxHashSet<(&str, &str, &str)> = FxHashSet::default();
    keys.enumerate().filter_map(|(i, key)| key.filter(|k| !seen.insert(*k)).map(|_| i)).collect()
}

/// The issues one row's rules find, each placed at its cell and naming the row's person.
pub(crate) struct Found<'a> {
    ctx: &'a Arc<SheetCtx>,
    row: u32,
    township: &'a str,
    village: &'a str,
    person: &'a str,
    pub(crate) issues: Vec<Issue>,
}

impl<'a> Found<'a> {
    pub(crate) fn new(
        ctx: &'a Arc<SheetCtx>,
        row: u32,
        township: &'a str,
        village: &'a str,
        person: &'a str,
    ) -> Found<'a> {
        Found { ctx, row, township, village, person, issues: Vec::new() }
    }

    /// An issue at `field`'s cell of the row, quoting `value` as the user typed it.
    pub(crate) fn raise(&mut self, code: Code, field: Option<Field>, value: &str, said: Said) {
        let issue = Issue::new(code, self.ctx.at(self.row, field), said)
            .with_value(value)
            .with_place(self.township, self.village)
            .with_name(self.person);
        // Room for this one only: most rows have none or one, and a first push would
        // make room for four (a kilobyte per row at a city's million issues).
        self.issues.reserve_exact(1);
        self.issues.push(issue);
    }
}
