//! The checks of SPEC §4 that judge rows once they are typed: first each row alone,
//! then across rows (exclusions lists, duplicates, ledgers against logs), then per
//! village and per recipient.

use std::collections::{BTreeMap, BTreeSet};

pub mod dates;
pub mod roster;
pub mod villages;
pub mod visits;
pub mod volunteers;

/// The villages each ID number is listed in (V10 for volunteers, P07 for ledgers).
pub struct Places(BTreeMap<String, BTreeSet<(String, String)>>);

impl Places {
    /// From (ID number, township, village) of the rows that still count.
    pub fn of<'a>(rows: impl Iterator<Item = (Option<&'a str>, &'a str, &'a str)>) -> Places {
        let mut map: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        for (id, township, village) in rows {
            if let Some(id) = id {
                map.entry(id.to_string()).or_default().insert((township.to_string(), village.to_string()));
            }
        }
        Places(map)
    }

    /// When `id` is listed in more than one village: how many, and "井口街道井口村、凤凰镇龙泉村".
    pub fn several(&self, id: Option<&str>) -> Option<(usize, String)> {
        let places = self.0.get(id?)?;
        (places.len() > 1)
            .then(|| (places.len(), places.iter().map(|(t, v)| format!("{t}{v}")).collect::<Vec<_>>().join("、")))
    }
}
