//! One township order for every list a clerk reads (SPEC §6 "Townships are listed in the
//! configured (official) order, then any others by name"): 总览, 社工人数核查, 社工名单,
//! 关爱考核, 关爱对象, 关爱记录, 问题清单, 待办清单, the charts and the JSON arrays.

use std::collections::HashMap;

/// Ranks townships: the configured ones by their place in the config, then the others
/// (compared by name after this rank), then rows without a township (未能确定镇街).
#[derive(Debug, Clone, Default)]
pub(crate) struct TownshipOrder {
    places: HashMap<String, usize>,
}

impl TownshipOrder {
    pub(crate) fn new(configured: &[String]) -> TownshipOrder {
        TownshipOrder { places: configured.iter().enumerate().map(|(i, t)| (t.clone(), i)).collect() }
    }

    /// The rank of a township; equal ranks are compared by name.
    pub(crate) fn rank(&self, township: &str) -> (u8, usize) {
        if township.is_empty() || township == UNPLACED {
            return (2, 0);
        }
        self.places.get(township).map_or((1, 0), |&i| (0, i))
    }

    /// Puts `items` in township order, keeping the order they already had within a rank
    /// (the lists are sorted by township name first, so others stay by name).
    pub(crate) fn sort<T>(&self, items: &mut [T], township: impl Fn(&T) -> &str) {
        items.sort_by_cached_key(|item| self.rank(township(item)));
    }
}

/// Where 总览 puts the issues about a file no township's name or rows can be found for.
pub(crate) const UNPLACED: &str = "未能确定镇街";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_then_others_by_name_then_unplaced() {
        let order = TownshipOrder::new(&["凤凰镇".to_string(), "井口街道".to_string()]);
        let mut rows = vec!["", "乙镇", "井口街道", "甲镇", "凤凰镇", UNPLACED];
        rows.sort();
        order.sort(&mut rows, |t| t);
        assert_eq!(rows, ["凤凰镇", "井口街道", "乙镇", "甲镇", "", UNPLACED]);
    }
}
