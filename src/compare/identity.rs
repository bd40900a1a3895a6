//! Who is the same person across two periods (SPEC §11): the valid ID number when both
//! sides have one, else (township, village, normalised name). A person whose ID number was
//! missing last month and is filled in now is the same person; two people with the same
//! name and two different valid ID numbers are not.

use rustc_hash::FxHashMap as HashMap;

use crate::model::Place;

/// What identifies a person: the valid ID number if any, the place and the normalised name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Who<'a> {
    pub(crate) id: Option<&'a str>,
    pub(crate) place: &'a Place,
    pub(crate) name: &'a str,
}

/// A person on either side.
pub(crate) trait Identity {
    fn who(&self) -> Who<'_>;
}

/// The people of one side, looked up by ID number and by place and name.
pub(crate) struct Matcher<'a> {
    by_id: HashMap<&'a str, usize>,
    by_key: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    ids: Vec<Option<&'a str>>,
}

impl<'a> Matcher<'a> {
    pub(crate) fn new<T: Identity>(people: &'a [T]) -> Matcher<'a> {
        let mut by_id = HashMap::default();
        let mut by_key: HashMap<_, Vec<usize>> = HashMap::default();
        for (i, p) in people.iter().enumerate() {
            let who = p.who();
            if let Some(id) = who.id {
                by_id.entry(id).or_insert(i);
            }
            by_key.entry((who.place.township.as_str(), who.place.village.as_str(), who.name)).or_default().push(i);
        }
        Matcher { by_id, by_key, ids: people.iter().map(|p| p.who().id).collect() }
    }

    /// The first of this side's people `other` is, by ID number.
    pub(crate) fn by_id(&self, other: &impl Identity) -> Option<usize> {
        other.who().id.and_then(|id| self.by_id.get(id).copied())
    }

    /// This side's people with `other`'s place and name whose ID number does not tell
    /// them apart from `other` (one side has none, or both the same).
    pub(crate) fn by_name<'b>(&'b self, other: &'b impl Identity) -> impl Iterator<Item = usize> + 'b {
        let who = other.who();
        let key = (who.place.township.as_str(), who.place.village.as_str(), who.name);
        self.by_key.get(&key).into_iter().flatten().copied().filter(move |&i| match (self.ids[i], who.id) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        })
    }

    /// `other`'s match on this side, if any: by ID number first, else by place and name.
    pub(crate) fn find(&self, other: &impl Identity) -> Option<usize> {
        self.by_id(other).or_else(|| self.by_name(other).next())
    }
}

/// Pairs each of `now` with at most one of `before`: every ID-number match first, then
/// place-and-name matches among the people left, so a name never takes the place of an
/// ID number's match. `pairs[j]` is `now[j]`'s partner in `before`.
pub(crate) fn pair<A: Identity, B: Identity>(before: &[A], now: &[B]) -> Vec<Option<usize>> {
    let matcher = Matcher::new(before);
    let mut taken = vec![false; before.len()];
    let mut pairs: Vec<Option<usize>> = now.iter().map(|p| matcher.by_id(p)).collect();
    for i in pairs.iter().flatten() {
        taken[*i] = true;
    }
    for (j, p) in now.iter().enumerate() {
        if pairs[j].is_some() {
            continue;
        }
        if let Some(i) = matcher.by_name(p).find(|&i| !taken[i]) {
            taken[i] = true;
            pairs[j] = Some(i);
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Person(Option<&'static str>, Place, &'static str);

    #[allow(non_snake_case)]
    fn P(id: Option<&'static str>, village: &str, name: &'static str) -> Person {
        Person(id, Place::new("井口街道", village), name)
    }

    impl Identity for Person {
        fn who(&self) -> Who<'_> {
            Who { id: self.0, place: &self.1, name: self.2 }
        }
    }

    #[test]
    fn an_id_number_filled_in_now_is_the_same_person() {
        let before = [P(None, "甲村", "张三")];
        let now = [P(Some("500106193901011234"), "甲村", "张三")];
        assert_eq!(pair(&before, &now), [Some(0)]);
    }

    #[test]
    fn two_valid_id_numbers_that_differ_are_two_people_whatever_the_name() {
        let before = [P(Some("500106193901011234"), "甲村", "张三")];
        let now = [P(Some("500106194002022345"), "甲村", "张三")];
        assert_eq!(pair(&before, &now), [None]);
    }

    #[test]
    fn an_id_number_finds_its_person_in_another_village() {
        let before = [P(Some("500106193901011234"), "甲村", "张三")];
        let now = [P(Some("500106193901011234"), "乙村", "张三")];
        assert_eq!(pair(&before, &now), [Some(0)]);
    }

    #[test]
    fn an_id_match_is_not_taken_by_a_name_match_first() {
        // 张三 of 甲村 without a number comes first, but the one with the number is 0's.
        let before = [P(Some("500106193901011234"), "甲村", "张三"), P(None, "甲村", "张三")];
        let now = [P(None, "甲村", "张三"), P(Some("500106193901011234"), "甲村", "张三")];
        assert_eq!(pair(&before, &now), [Some(1), Some(0)]);
    }

    #[test]
    fn each_person_is_paired_once() {
        let before = [P(None, "甲村", "李四")];
        let now = [P(None, "甲村", "李四"), P(None, "甲村", "李四")];
        assert_eq!(pair(&before, &now), [Some(0), None]);
    }
}
